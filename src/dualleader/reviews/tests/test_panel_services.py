"""The panel: internal reviewers get the reviewer role, externals a one-time password; removal and
conflicts of interest."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from tests.factories import make_person

from dualleader.accounts.enums import Role
from dualleader.accounts.models import RoleGrant, User
from dualleader.applications.tests.factories import make_open_call
from dualleader.audit.models import AuditEvent

from ..enums import ConflictSource, PanelRole
from ..models import Conflict, Evaluation, PanelMember
from ..panel import conflict_record, conflict_remove, panel_add, panel_add_external, panel_remove
from .factories import make_accepted, make_assignment, make_evaluation, make_panel, open_round

pytestmark = pytest.mark.usefixtures("english")  # messages are compared with their msgids



@pytest.fixture
def evaluation(world: Any) -> Evaluation:
    return make_evaluation(make_open_call(world.school), world.user("org_admin"))


def test_panel_add_grants_the_reviewer_role_when_missing(world: Any, evaluation: Evaluation) -> None:
    account = world.user("college_admin")
    member, password = panel_add(evaluation=evaluation, account=account, role=PanelRole.LEADING_GROUP,
                                 user=world.user("org_admin"))
    assert (member.role, member.external, password) == (PanelRole.LEADING_GROUP, False, None)
    assert RoleGrant.objects.filter(user=account, role=Role.REVIEWER, unit=world.school).count() == 1
    with pytest.raises(ValidationError) as exc:
        panel_add(evaluation=evaluation, account=account, user=world.user("org_admin"))
    assert exc.value.messages == ["李明 is already on the panel."]


def test_panel_add_keeps_an_existing_reviewer_role(world: Any, evaluation: Evaluation) -> None:
    panel_add(evaluation=evaluation, account=world.user("reviewer"), user=world.user("org_admin"))
    assert RoleGrant.objects.filter(user=world.user("reviewer"), role=Role.REVIEWER).count() == 1


def test_panel_add_opens_an_account_for_a_person_without_one(world: Any, evaluation: Evaluation) -> None:
    person = make_person(world.college, "陈教授")
    member, password = panel_add(evaluation=evaluation, person=person, user=world.user("org_admin"))
    assert password and member.user.person == person and member.user.must_change_password
    assert member.user.check_password(password)


def test_panel_add_external_opens_an_account_with_a_password(world: Any, evaluation: Evaluation) -> None:
    member, password = panel_add_external(evaluation=evaluation, name="刘专家", affiliation="吉林大学",
                                          phone="13800000000", email="", user=world.user("org_admin"))
    account = User.objects.get(pk=member.user_id)
    assert (member.external, member.affiliation, account.person.name) == (True, "吉林大学", "刘专家")
    assert account.check_password(password) and account.must_change_password
    assert RoleGrant.objects.filter(user=account, role=Role.REVIEWER, unit=world.school).count() == 1
    event = AuditEvent.objects.get(action="reviews.panel_add")
    assert password not in str(event.after)


@pytest.mark.parametrize(("fields", "message"), [
    ({"name": ""}, "Enter the expert's name."),
    ({"affiliation": ""}, "Enter the expert's affiliation."),
    ({"phone": "", "email": ""}, "Enter a phone number or an email address."),
    ({"email": "not-an-email"}, "“not-an-email” is not a valid email address."),
])
def test_panel_add_external_refuses_incomplete_details(world: Any, evaluation: Evaluation, fields: dict[str, str],
                                                      message: str) -> None:
    values = {"name": "刘专家", "affiliation": "吉林大学", "phone": "138", "email": "", **fields}
    with pytest.raises(ValidationError) as exc:
        panel_add_external(evaluation=evaluation, user=world.user("org_admin"), **values)
    assert exc.value.messages == [message]
    assert PanelMember.objects.count() == 0


def test_panel_remove_refused_while_holding_reviews(world: Any, evaluation: Evaluation) -> None:
    org = world.user("org_admin")
    [app] = make_accepted(evaluation.call, world.college, 1)
    [member] = make_panel(evaluation, 1, org)
    assignment = make_assignment(open_round(evaluation), member.user, app, org)
    with pytest.raises(ValidationError) as exc:
        panel_remove(member=member, user=org)
    assert "holds 1 review(s)" in exc.value.messages[0]
    assignment.delete()
    panel_remove(member=member, user=org)
    assert PanelMember.objects.count() == 0


def test_conflict_record_and_remove(world: Any, evaluation: Evaluation) -> None:
    org = world.user("org_admin")
    [app] = make_accepted(evaluation.call, world.college, 1)
    [member] = make_panel(evaluation, 1, org)
    conflict = conflict_record(evaluation=evaluation, reviewer=member.user, application=app, reason=" 合作者 ",
                               user=org)
    assert (conflict.reason, conflict.source) == ("合作者", ConflictSource.RECORDED)
    with pytest.raises(ValidationError) as exc:
        conflict_record(evaluation=evaluation, reviewer=member.user, application=app, reason="x", user=org)
    assert exc.value.messages == ["This conflict of interest is already recorded."]
    conflict_remove(conflict=conflict, user=org)
    assert Conflict.objects.count() == 0


def test_conflict_record_refused_while_reviewing_it(world: Any, evaluation: Evaluation) -> None:
    org = world.user("org_admin")
    [app] = make_accepted(evaluation.call, world.college, 1)
    [member] = make_panel(evaluation, 1, org)
    make_assignment(open_round(evaluation), member.user, app, org)
    with pytest.raises(ValidationError) as exc:
        conflict_record(evaluation=evaluation, reviewer=member.user, application=app, reason="亲属", user=org)
    assert exc.value.messages == [f"{member.user.display_name} is reviewing this application; unassign the review first."]


def test_conflict_declared_by_the_reviewer_stays(world: Any, evaluation: Evaluation) -> None:
    org = world.user("org_admin")
    [app] = make_accepted(evaluation.call, world.college, 1)
    [member] = make_panel(evaluation, 1, org)
    declared = Conflict.objects.create(evaluation=evaluation, reviewer=member.user, application=app, reason="亲属",
                                       source=ConflictSource.DECLARED, recorded_by=member.user)
    with pytest.raises(ValidationError) as exc:
        conflict_remove(conflict=declared, user=org)
    assert exc.value.messages == ["A conflict declared by the reviewer cannot be removed."]
