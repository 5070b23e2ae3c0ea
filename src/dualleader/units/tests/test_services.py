import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from tests.factories import make_person

from dualleader.audit.models import AuditEvent
from dualleader.units.enums import PositionRole, UnitKind
from dualleader.units.models import Position, Unit
from dualleader.units.services import (
    StaleEdit,
    position_appoint,
    unit_move,
    unit_set_active,
    unit_update,
    version_of,
)


def test_stale_edit_is_refused_and_nothing_overwritten(world):
    loaded = version_of(world.branch)
    unit_update(unit=world.branch, expected_version=loaded, department="新系名")
    with pytest.raises(StaleEdit):
        unit_update(unit=world.branch, expected_version=loaded, department="旧页面里的名字")
    assert Unit.objects.get(pk=world.branch.pk).department == "新系名"


def test_stale_edit_through_the_page_shows_chinese_message(client_for, world):
    client = client_for("org_admin")
    form = client.get(reverse("units:unit_edit", args=[world.branch.pk])).context["form"]
    version = form.initial["version"]
    unit_update(unit=world.branch, department="别人先改了")
    response = client.post(reverse("units:unit_edit", args=[world.branch.pk]), {
        "name": world.branch.name, "kind": "teacher_branch", "department": "我的修改", "version": version})
    assert response.status_code == 200
    assert "他人已于" in response.content.decode()
    assert Unit.objects.get(pk=world.branch.pk).department == "别人先改了"


def test_update_audits_only_changed_fields(world):
    unit_update(unit=world.branch, discipline="机械工程（新）")
    event = AuditEvent.objects.get(action="unit.update")
    assert event.before == {"discipline": "机械工程"}
    assert event.after == {"discipline": "机械工程（新）"}


def test_move_branch_to_other_college_moves_its_people_scope(world):
    unit_move(unit=world.branch, new_parent=world.other_college)
    branch = Unit.objects.get(pk=world.branch.pk)
    assert Unit.objects.get_parent(branch) == world.other_college
    assert branch.path.startswith(world.other_college.path)
    assert AuditEvent.objects.filter(action="unit.move").count() == 1


def test_cannot_move_unit_under_its_own_subtree(world):
    with pytest.raises(ValidationError):
        unit_move(unit=world.college, new_parent=world.branch)


def test_deactivate_college_with_active_branch_is_refused(world):
    with pytest.raises(ValidationError):
        unit_set_active(unit=world.college, active=False)
    assert Unit.objects.get(pk=world.college.pk).is_active


def test_deactivated_unit_keeps_history_and_can_be_restored(world):
    unit_set_active(unit=world.branch, active=False)
    assert Unit.objects.filter(pk=world.branch.pk, is_active=False).exists()
    unit_set_active(unit=world.branch, active=True)
    assert Unit.objects.get(pk=world.branch.pk).is_active


def test_new_secretary_ends_previous_term(world):
    newcomer = make_person(world.branch, "钱新")
    position_appoint(unit=world.branch, person=newcomer, role=PositionRole.SECRETARY,
                     started_on=datetime.date(2026, 1, 1))
    old = Position.objects.get(person=world.branch_secretary_person, role=PositionRole.SECRETARY)
    assert old.ended_on == datetime.date(2025, 12, 31)
    current = Position.objects.current(datetime.date(2026, 2, 1)).filter(unit=world.branch,
                                                                         role=PositionRole.SECRETARY)
    assert [p.person for p in current] == [newcomer]


def test_post_only_for_members_of_the_branch(world):
    stranger = make_person(world.other_branch)
    with pytest.raises(ValidationError):
        position_appoint(unit=world.branch, person=stranger, role=PositionRole.COMMITTEE_MEMBER,
                         started_on=None)


def test_person_edit_with_bad_date_shows_error_not_500(client_for, world):
    response = client_for("college_admin").post(
        reverse("units:person_edit", args=[world.branch_secretary_person.pk]),
        {"name": "王建国", "staff_no": world.branch_secretary_person.staff_no, "unit": world.branch.pk,
         "title_level": "full", "political_status": "party_member", "party_joined_on": "2020-13-45"})
    assert response.status_code == 200
    assert "日期" in response.content.decode()


def test_college_admin_cannot_put_person_into_other_college(client_for, world):
    response = client_for("college_admin").post(
        reverse("units:person_edit", args=[world.branch_secretary_person.pk]),
        {"name": "王建国", "staff_no": world.branch_secretary_person.staff_no, "unit": world.other_branch.pk,
         "title_level": "full", "political_status": "party_member"})
    assert response.status_code == 200  # the other college is not among the choices
    assert world.branch_secretary_person.__class__.objects.get(pk=world.branch_secretary_person.pk).unit == world.branch


def test_add_unit_under_branch_kind_defaults(client_for, world):
    response = client_for("org_admin").get(reverse("units:unit_add", args=[world.college.pk]))
    assert response.context["form"].initial["kind"] == UnitKind.TEACHER_BRANCH
