"""The scoring card in real Chromium: live weighted total, bounds hint, autosave, submit with a confirm."""

from __future__ import annotations

from typing import Any

import pytest
from tests.browser.support import shot, sign_in
from tests.factories import PASSWORD

from ..enums import AssignmentStatus
from ..models import Assignment
from .test_scoring_services import setup_review

pytestmark = [pytest.mark.browser]


def test_score_autosave_and_submit(page: Any, live_server: Any, transactional_db: Any, world: Any) -> None:
    s = setup_review(world)
    sign_in(page, world.user("reviewer").username, PASSWORD)
    page.goto(f"/reviews/assignments/{s.assignment.pk}/")
    first = page.locator(f"#score-{s.criteria[0].pk}")
    first.fill("-2")
    assert page.locator(f'[data-criterion="{s.criteria[0].pk}"] .invalid-feedback').is_visible()
    for c in s.criteria:
        page.locator(f"#score-{c.pk}").fill("8.5")
    assert page.locator("#dl-total").inner_text() == f"{8.5 * len(s.criteria):.2f}"
    page.fill("#dl-comment", "基础扎实，目标明确。")
    page.locator(f"#score-{s.criteria[0].pk}").focus()  # the comment loses focus: saved at once
    for _ in range(60):
        saved = Assignment.objects.get(pk=s.assignment.pk)
        if saved.comment:
            break
        page.wait_for_timeout(200)
    assert (saved.status, saved.comment) == (AssignmentStatus.DRAFT, "基础扎实，目标明确。")
    shot(page, "reviewer-scoring")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[data-confirm]")
    page.wait_for_load_state("networkidle")
    done = Assignment.objects.get(pk=s.assignment.pk)
    assert done.status == AssignmentStatus.SUBMITTED
    assert page.locator(f"#score-{s.criteria[0].pk}").is_disabled()
