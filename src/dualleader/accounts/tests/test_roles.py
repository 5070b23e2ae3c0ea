from django.urls import reverse

from dualleader.accounts.enums import Role
from dualleader.accounts.models import RoleGrant
from dualleader.audit.models import AuditEvent


def _add(user) -> str:
    return reverse("accounts:role_add", args=[user.pk])


def _remove(grant) -> str:
    return reverse("accounts:role_remove", args=[grant.pk])


def test_grant_role(client_for, world):
    member = world.user("studio_member")
    response = client_for("org_admin").post(_add(member), {"role": Role.REVIEWER, "unit": world.school.pk})
    assert response.status_code == 302
    assert RoleGrant.objects.filter(user=member, role=Role.REVIEWER, unit=world.school).exists()
    event = AuditEvent.objects.get(action="account.role_grant")
    assert event.object_id == str(member.pk)
    assert event.after["role"] == Role.REVIEWER


def test_duplicate_grant_is_a_message_not_an_error(client_for, world):
    member = world.user("studio_member")
    response = client_for("org_admin").post(_add(member), {"role": Role.STUDIO_MEMBER, "unit": world.branch.pk},
                                            follow=True)
    assert response.status_code == 200
    assert "已拥有" in response.content.decode()
    assert RoleGrant.objects.filter(user=member).count() == 1


def test_bad_input_is_a_message(client_for, world):
    member = world.user("studio_member")
    response = client_for("org_admin").post(_add(member), {"role": "king", "unit": "x"}, follow=True)
    assert response.status_code == 200
    assert "未添加" in response.content.decode()


def test_grant_on_unit_outside_scope_is_refused(scoped_client, world):
    outsider = world.user("outsider")
    scoped_client.post(_add(outsider), {"role": Role.REVIEWER, "unit": world.school.pk})
    assert not RoleGrant.objects.filter(user=outsider, role=Role.REVIEWER).exists()


def test_add_get_is_rejected(client_for, world):
    assert client_for("org_admin").get(_add(world.user("studio_member"))).status_code == 405


def test_add_out_of_scope_gets_404(scoped_client, world):
    response = scoped_client.post(_add(world.user("studio_member")), {"role": Role.REVIEWER,
                                                                     "unit": world.other_college.pk})
    assert response.status_code == 404


def test_add_college_admin_gets_403(client_for, world):
    response = client_for("college_admin").post(_add(world.user("studio_member")),
                                                {"role": Role.REVIEWER, "unit": world.branch.pk})
    assert response.status_code == 403


def test_remove_role(client_for, world):
    grant = world.user("studio_member").role_grants.get()
    response = client_for("org_admin").post(_remove(grant))
    assert response.status_code == 302
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    event = AuditEvent.objects.get(action="account.role_revoke")
    assert event.before["role"] == Role.STUDIO_MEMBER


def test_remove_get_is_rejected(client_for, world):
    grant = world.user("studio_member").role_grants.get()
    assert client_for("org_admin").get(_remove(grant)).status_code == 405


def test_remove_out_of_scope_gets_404(scoped_client, world):
    grant = world.user("studio_member").role_grants.get()
    assert scoped_client.post(_remove(grant)).status_code == 404
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_remove_grant_on_unit_above_scope_gets_403(scoped_client, world):
    outsider = world.user("outsider")
    grant = outsider.role_grants.create(role=Role.REVIEWER, unit=world.school)
    assert scoped_client.post(_remove(grant)).status_code == 403
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_remove_branch_secretary_gets_403(client_for, world):
    grant = world.user("studio_member").role_grants.get()
    assert client_for("branch_secretary").post(_remove(grant)).status_code == 403


def test_admin_cannot_remove_own_org_admin_role(client_for, world):
    grant = world.user("org_admin").role_grants.get()
    response = client_for("org_admin").post(_remove(grant), follow=True)
    assert "不能移除自己" in response.content.decode()
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
