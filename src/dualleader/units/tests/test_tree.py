from django.urls import reverse

from dualleader.audit.models import AuditEvent
from dualleader.units.models import Unit


def test_org_admin_sees_whole_university(client_for, world):
    response = client_for("org_admin").get(reverse("units:unit_detail", args=[world.school.pk]))
    assert response.status_code == 200
    assert "机电工程学院党委" in response.content.decode()
    assert "计算机科学与工程学院党委" in response.content.decode()


def test_college_admin_gets_404_outside_college(client_for, world):
    response = client_for("college_admin").get(reverse("units:unit_detail", args=[world.other_branch.pk]))
    assert response.status_code == 404


def test_org_admin_creates_branch_and_it_is_audited(client_for, world):
    response = client_for("org_admin").post(reverse("units:unit_add", args=[world.college.pk]), {
        "name": "工业工程系教师党支部", "kind": "teacher_branch", "established_on": "2020-01-01"})
    unit = Unit.objects.get(name="工业工程系教师党支部")
    assert response.status_code == 302
    assert Unit.objects.get_parent(unit) == world.college
    event = AuditEvent.objects.get(action="unit.create")
    assert event.actor == world.user("org_admin")
    assert event.after["name"] == "工业工程系教师党支部"
    assert event.ip == "127.0.0.1"
