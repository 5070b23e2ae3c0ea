"""The demo's applications on 第二批: sjwang's draft and sjli's application, which its college has since
recommended to the university (demo/recommendations.py adds three more in two colleges)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from dualleader.accounts.enums import Role
from dualleader.accounts.models import RoleGrant, User
from dualleader.applications.enums import ApplicationStatus
from dualleader.applications.models import Application
from dualleader.calls.eligibility import current_secretary, evaluate, is_eligible
from dualleader.calls.formschema import validate_data
from dualleader.calls.models import Call
from dualleader.demo.builder import (
    FEATURED_BRANCH,
    PASSWORD,
    SUBMITTING_BRANCH,
    SUBMITTING_SECRETARY,
    build_demo,
)
from dualleader.demo.calls import add_notice_call
from dualleader.demo.notice import CALL_NAME
from dualleader.home.todo import todo_for
from dualleader.units.models import Unit

pytestmark = pytest.mark.django_db
DEMO_APPLICATIONS = 5  # sjwang's draft, sjli's, two more in 机电工程学院 and one more in 计算机学院


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def college_of(branch: Unit) -> Unit:
    return Unit.objects.get_parent(branch)


def test_sjwang_has_a_partly_filled_draft() -> None:
    out = load()
    call = Call.objects.get(name=CALL_NAME)
    wang = User.objects.get(username="sjwang")
    draft = Application.objects.get(call=call, branch__name=FEATURED_BRANCH)
    assert "已创建示例申报书" in out and FEATURED_BRANCH in out
    assert draft.status == ApplicationStatus.DRAFT and draft.created_by == wang
    assert draft.secretary == wang.person and not draft.versions.exists()
    assert draft.title == draft.data["studio_name"] != ""
    assert "三会一课" in draft.data["foundation"] and draft.data["goals"]
    assert draft.data["branch_name"] == FEATURED_BRANCH  # prefilled from the organisation records
    # A draft, not a finished form: submitting would still be refused.
    missing = validate_data(draft.form.schema, draft.data, call, submitting=True)
    assert "schedule" in missing and "features" in missing
    assert reverse("applications:edit", args=[draft.pk]) in [item.url for item in todo_for(wang)]


def test_sjli_submitted_a_complete_application_from_another_college() -> None:
    load()
    call = Call.objects.get(name=CALL_NAME)
    li = User.objects.get(username="sjli")
    branch = Unit.objects.get(name=SUBMITTING_BRANCH)
    assert list(li.role_grants.values_list("role", "unit")) == [(Role.BRANCH_SECRETARY, branch.pk)]
    assert li.check_password(PASSWORD) and li.person == current_secretary(branch)
    assert li.person.name == SUBMITTING_SECRETARY
    assert college_of(branch) != college_of(Unit.objects.get(name=FEATURED_BRANCH))
    assert is_eligible(evaluate(call, branch))
    submitted = Application.objects.get(call=call, branch=branch)
    assert submitted.status == ApplicationStatus.RECOMMENDED and submitted.submitted_at
    assert validate_data(submitted.form.schema, submitted.data, call, submitting=True) == {}
    [version] = submitted.versions.all()
    assert version.number == 1 and version.submitted_by == li and version.data == submitted.data
    assert submitted.form.frozen
    assert len(submitted.data["outcomes"]["1"]) >= call.min_outcomes_per_year
    # Nothing left on sjli's to-do for this call.
    assert not [i for i in todo_for(li) if CALL_NAME in i.text]


def test_the_submitted_version_downloads_for_its_secretary(client) -> None:  # type: ignore[no-untyped-def]
    load()
    submitted = Application.objects.get(branch__name=SUBMITTING_BRANCH)
    client.force_login(User.objects.get(username="sjli"))
    response = client.get(reverse("documents:version_docx", args=[submitted.pk, 1]))
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_second_load_adds_no_application() -> None:
    load()
    before = list(Application.objects.order_by("pk").values_list("pk", "status", "lock_version"))
    out = load()
    assert "未做任何修改" in out
    assert list(Application.objects.order_by("pk").values_list("pk", "status", "lock_version")) == before
    assert Application.objects.filter(call__name=CALL_NAME).count() == DEMO_APPLICATIONS


def test_older_demo_gets_the_applications_once() -> None:
    build_demo()
    add_notice_call()
    out = load()
    assert "已补充示例申报书" in out and "已补充申报批次" not in out
    assert Application.objects.filter(call__name=CALL_NAME).count() == DEMO_APPLICATIONS
    assert "未做任何修改" in load()
    assert Application.objects.filter(call__name=CALL_NAME).count() == DEMO_APPLICATIONS


def test_demo_loaded_before_sjli_existed_gets_an_account_for_the_secretary() -> None:
    build_demo()
    add_notice_call()
    User.objects.filter(username="sjli").delete()
    load()
    li = User.objects.get(username="sjli")
    branch = Unit.objects.get(name=SUBMITTING_BRANCH)
    assert RoleGrant.objects.filter(user=li, role=Role.BRANCH_SECRETARY, unit=branch).exists()
    assert li.person == current_secretary(branch)
    assert Application.objects.get(branch=branch).status == ApplicationStatus.RECOMMENDED


def test_an_existing_draft_is_left_alone() -> None:
    load()
    draft = Application.objects.get(branch__name=FEATURED_BRANCH)
    # The secretary's own work is never touched: an existing draft stays as it is on a later load.
    draft.data = {**draft.data, "goals": "书记自己改过的目标。"}
    draft.save(update_fields=["data"])
    load()
    assert Application.objects.get(pk=draft.pk).data["goals"] == "书记自己改过的目标。"
    assert Application.objects.filter(branch__name=FEATURED_BRANCH).count() == 1
