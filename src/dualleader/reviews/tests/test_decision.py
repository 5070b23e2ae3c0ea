"""reviews/deciding.py decision_record and the 集中审议 page: the select range, only applications under
review, stale and locked decisions, one audited act."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dualleader.audit.models import AuditEvent

from ..deciding import StaleDecision, decision_record
from ..enums import NoticeStatus
from ..models import Decision, PublicNotice
from ..ranking import ranking_for
from .factories import make_accepted
from .test_ranking import Results, make_results

pytestmark = pytest.mark.usefixtures("english")  # messages are compared with their msgids

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)



@pytest.fixture
def r(world: Any) -> Results:
    r = make_results(world, 6, 2)
    for app, total in enumerate([90, 85, 80, 75, 70, 65]):
        r.review(app, 0, total)
    return r


def record(r: Results, ids: list[int], **kw: Any) -> Decision:
    values: dict[str, Any] = {"meeting_date": YESTERDAY, "meeting_name": "学校党建工作领导小组会议",
                              "minutes": "会议审议了评审结果。", "basis": "依据专家评审排名。"}
    values.update(kw)
    return decision_record(evaluation=r.evaluation, application_ids=ids, user=r.org, **values)


def ids(r: Results, *positions: int) -> list[int]:
    return [r.apps[p].pk for p in positions]


def test_decision_records_entries_in_order_with_scores_and_audits_once(r: Results) -> None:
    decision = record(r, ids(r, 1, 0, 2))
    entries = list(decision.entries.order_by("rank").values_list("application_id", "rank", "score"))
    assert entries == [(r.apps[1].pk, 1, Decimal("85.00")), (r.apps[0].pk, 2, Decimal("90.00")),
                       (r.apps[2].pk, 3, Decimal("80.00"))]
    [event] = AuditEvent.objects.filter(action="review.decision_record")
    assert event.before is None
    assert event.after["entries"] == [{"application": r.apps[1].pk, "rank": 1, "score": "85.00"},
                                      {"application": r.apps[0].pk, "rank": 2, "score": "90.00"},
                                      {"application": r.apps[2].pk, "rank": 3, "score": "80.00"}]
    assert event.after["meeting_date"] == YESTERDAY.isoformat()


def test_decision_rerecorded_replaces_the_list_and_audits_before_and_after(r: Results) -> None:
    first = record(r, ids(r, 0, 1))
    second = record(r, ids(r, 2, 3, 4), minutes="第二次会议纪要")
    assert second.pk == first.pk
    assert list(second.entries.values_list("application_id", flat=True).order_by("rank")) == ids(r, 2, 3, 4)
    event = AuditEvent.objects.filter(action="review.decision_record").latest("pk")
    assert [e["application"] for e in event.before["entries"]] == ids(r, 0, 1)
    assert event.after["minutes"] == "第二次会议纪要"


@pytest.mark.parametrize("count", [1, 6])
def test_decision_outside_the_select_range_is_refused(r: Results, count: int) -> None:
    with pytest.raises(ValidationError) as exc:
        record(r, ids(r, *range(count)))
    assert exc.value.messages == [f"The call selects between 2 and 5 studios; {count} were chosen."]
    assert not Decision.objects.exists()


@pytest.mark.parametrize("count", [2, 5])
def test_decision_at_the_range_limits_is_accepted(r: Results, count: int) -> None:
    assert record(r, ids(r, *range(count))).entries.count() == count


def test_decision_refuses_an_application_not_under_review(world: Any, r: Results) -> None:
    [accepted] = make_accepted(r.evaluation.call, world.college, 1)  # accepted after the round opened
    for pk in (accepted.pk, 10**9):
        with pytest.raises(ValidationError) as exc:
            record(r, [r.apps[0].pk, pk])
        assert exc.value.messages == ["Only applications of this call that are under review can be selected."]


def test_decision_refuses_an_application_of_another_call(world: Any, r: Results) -> None:
    other = make_results(world, 1, 1)
    with pytest.raises(ValidationError):
        record(r, [r.apps[0].pk, other.apps[0].pk])


def test_decision_refuses_duplicates(r: Results) -> None:
    with pytest.raises(ValidationError) as exc:
        record(r, ids(r, 0, 0, 1))
    assert exc.value.messages == ["An application appears twice in the list."]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("meeting_date", None, "Enter the date of the meeting."),
    ("meeting_date", timezone.localdate() + datetime.timedelta(days=1),
     "The meeting date cannot be in the future; record the decision after the meeting."),
    ("minutes", "  ", "Write the minutes of the meeting."),
    ("basis", "", "Write the basis of the decision."),
])
def test_decision_requires_meeting_minutes_and_basis(r: Results, field: str, value: Any, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        record(r, ids(r, 0, 1), **{field: value})
    assert exc.value.messages == [message]


def test_decision_from_a_stale_version_is_refused(r: Results) -> None:
    decision = record(r, ids(r, 0, 1))
    stale = (decision.updated_at - datetime.timedelta(seconds=5)).isoformat()
    with pytest.raises(StaleDecision):
        record(r, ids(r, 2, 3), expected_version=stale)
    assert list(decision.entries.values_list("application_id", flat=True).order_by("rank")) == ids(r, 0, 1)
    fresh = decision.updated_at.isoformat()
    assert record(r, ids(r, 2, 3), expected_version=fresh).entries.count() == 2


@pytest.mark.parametrize("status", [NoticeStatus.PUBLISHED, NoticeStatus.FINALIZED])
def test_decision_locked_once_the_notice_is_published(r: Results, status: str) -> None:
    decision = record(r, ids(r, 0, 1))
    PublicNotice.objects.create(decision=decision, title="公示", body="…", status=status)
    with pytest.raises(ValidationError) as exc:
        record(r, ids(r, 2, 3))
    assert exc.value.messages == ["The public notice has been published; the decision can no longer be changed."]


def test_decision_still_editable_with_a_draft_notice(r: Results) -> None:
    decision = record(r, ids(r, 0, 1))
    PublicNotice.objects.create(decision=decision, title="公示", body="…", status=NoticeStatus.DRAFT)
    assert record(r, ids(r, 2, 3)).entries.count() == 2


# ---------------------------------------------------------------- the page

def url(r: Results) -> str:
    return reverse("reviews:decision", args=[r.evaluation.call_id])


def form(r: Results, places: dict[int, int], **kw: str) -> dict[str, Any]:
    data: dict[str, Any] = {"meeting_date": YESTERDAY.isoformat(), "meeting_name": "学校党建工作领导小组会议",
                            "minutes": "会议纪要", "basis": "评审排名", "selected": [str(r.apps[p].pk) for p in places]}
    data.update({f"place_{r.apps[p].pk}": str(n) for p, n in places.items()})
    data.update(kw)
    return data


def test_decision_page_shows_ranking_range_and_checkboxes(r: Results, client_for: Any) -> None:
    response = client_for("org_admin").get(url(r))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select 2 to 5 studios" in html
    assert html.count('name="selected"') == 6
    rows = [row.application.pk for row in ranking_for(r.round).rows]
    assert [html.index(f'data-application="{pk}"') for pk in rows] == sorted(
        html.index(f'data-application="{pk}"') for pk in rows)


def test_decision_page_post_records_in_the_places_given(r: Results, client_for: Any) -> None:
    response = client_for("org_admin").post(url(r), form(r, {0: 2, 3: 1, 1: 3}))
    assert response.status_code == 302 and response["Location"] == url(r)
    decision = Decision.objects.get()
    assert list(decision.entries.order_by("rank").values_list("application_id", flat=True)) == ids(r, 3, 0, 1)
    html = client_for("org_admin").get(url(r)).content.decode()
    assert 'id="decision-recorded"' in html


@pytest.mark.parametrize(("places", "extra", "message"), [
    ({0: 1}, {}, "The call selects between 2 and 5 studios; 1 were chosen."),
    ({0: 1, 1: 2, 2: 3, 3: 4, 4: 5, 5: 6}, {}, "The call selects between 2 and 5 studios; 6 were chosen."),
    ({0: 1, 1: 1}, {}, "Two selected applications have the same place; give each its own."),
    ({0: 1, 1: 2}, {"meeting_date": "2026-02-30"}, "Enter the date of the meeting as YYYY-MM-DD."),
    ({0: 1, 1: 2}, {"meeting_date": "tomorrow"}, "Enter the date of the meeting as YYYY-MM-DD."),
    ({0: 1, 1: 2}, {"selected": ["abc"]}, "The list of selected applications could not be read; reload the page."),
])
def test_decision_page_refuses_bad_input_with_a_message(r: Results, client_for: Any, places: dict[int, int],
                                                        extra: dict[str, Any], message: str) -> None:
    data = form(r, places, **extra)
    response = client_for("org_admin").post(url(r), data, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Decision.objects.exists()


def test_decision_page_missing_place_is_refused(r: Results, client_for: Any) -> None:
    data = form(r, {0: 1, 1: 2})
    del data[f"place_{r.apps[1].pk}"]
    response = client_for("org_admin").post(url(r), data, follow=True)
    assert "Give every selected application its place on the list (1, 2, 3…)." in response.content.decode()


def test_decision_page_stale_version_is_refused(r: Results, client_for: Any) -> None:
    record(r, ids(r, 0, 1))
    response = client_for("org_admin").post(url(r), form(r, {2: 1, 3: 2}, version="2000-01-01T00:00:00+00:00"),
                                            follow=True)
    assert "The decision was changed by someone else" in response.content.decode()
    assert list(Decision.objects.get().entries.values_list("application_id", flat=True).order_by("rank")) == \
        ids(r, 0, 1)


def test_decision_page_locked_after_publication(r: Results, client_for: Any) -> None:
    decision = record(r, ids(r, 0, 1))
    PublicNotice.objects.create(decision=decision, title="公示", body="…", status=NoticeStatus.PUBLISHED)
    client = client_for("org_admin")
    html = client.get(url(r)).content.decode()
    assert 'id="decision-save"' not in html
    response = client.post(url(r), form(r, {2: 1, 3: 2}), follow=True)
    assert "the decision can no longer be changed" in response.content.decode()


def test_decision_page_without_an_open_round(world: Any, client_for: Any) -> None:
    from dualleader.applications.tests.factories import make_open_call

    from .factories import make_evaluation

    evaluation = make_evaluation(make_open_call(world.school), world.user("org_admin"))
    response = client_for("org_admin").get(reverse("reviews:decision", args=[evaluation.call_id]))
    assert response.status_code == 200
    assert 'id="no-round"' in response.content.decode()


@pytest.mark.parametrize(("role", "status"), [("org_admin", 200), ("superuser", 200), ("college_admin", 404),
                                              ("reviewer", 404), ("outsider", 404), ("anonymous", 302)])
def test_decision_page_access(r: Results, client_for: Any, role: str, status: int) -> None:
    assert client_for(role).get(url(r)).status_code == status
