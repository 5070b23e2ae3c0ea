import re

from django.urls import reverse
from tests.factories import make_person

from dualleader.accounts.enums import Role
from dualleader.accounts.models import RoleGrant, User
from dualleader.audit.models import AuditEvent

URL = reverse("accounts:create")


def _password(response) -> str:
    match = re.search(r'id="temporary-password">([^<]+)<', response.content.decode())
    assert match
    return match.group(1)


def test_form_renders(client_for):
    response = client_for("org_admin").get(URL)
    assert response.status_code == 200
    assert "工号" in response.content.decode()


def test_create_shows_password_once_and_forces_change(client_for, world):
    person = make_person(world.branch, "刘新")
    response = client_for("org_admin").post(URL, {"staff_no": person.staff_no, "username": "liuxin",
                                                  "role": Role.STUDIO_MEMBER, "unit": world.branch.pk})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = _password(response)
    account = User.objects.get(username="liuxin")
    assert account.person == person
    assert account.must_change_password
    assert account.check_password(password)
    assert RoleGrant.objects.filter(user=account, role=Role.STUDIO_MEMBER, unit=world.branch).exists()
    event = AuditEvent.objects.get(action="account.create")
    assert event.object_id == str(account.pk)
    assert password not in str(event.after)
    assert AuditEvent.objects.filter(action="account.role_grant", object_id=str(account.pk)).exists()
    detail = client_for("org_admin").get(reverse("accounts:detail", args=[account.pk]))
    assert password not in detail.content.decode()


def test_new_holder_signs_in_and_must_change_password(client, client_for, world):
    person = make_person(world.branch, "刘新")
    password = _password(client_for("org_admin").post(URL, {"staff_no": person.staff_no}))
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": person.staff_no, "password": password})
    assert response.status_code == 302
    assert client.get(reverse("home:index")).url == reverse("accounts:password_change")


def test_username_defaults_to_staff_number(client_for, world):
    person = make_person(world.branch)
    client_for("org_admin").post(URL, {"staff_no": person.staff_no})
    assert User.objects.get(person=person).username == person.staff_no


def test_person_outside_scope_is_an_error(scoped_client, world):
    person = make_person(world.branch, "刘新")
    response = scoped_client.post(URL, {"staff_no": person.staff_no, "username": "liuxin"})
    assert response.status_code == 200
    assert "没有工号" in response.content.decode()
    assert not User.objects.filter(username="liuxin").exists()


def test_person_with_account_is_an_error(client_for, world):
    staff_no = world.user("studio_member").person.staff_no
    response = client_for("org_admin").post(URL, {"staff_no": staff_no, "username": "again"})
    assert response.status_code == 200
    assert "member" in response.content.decode()
    assert not User.objects.filter(username="again").exists()


def test_duplicate_username_is_an_error(client_for, world):
    person = make_person(world.branch)
    response = client_for("org_admin").post(URL, {"staff_no": person.staff_no, "username": "ZZB"})
    assert response.status_code == 200
    assert not User.objects.filter(person=person).exists()


def test_role_without_unit_is_an_error(client_for, world):
    person = make_person(world.branch)
    response = client_for("org_admin").post(URL, {"staff_no": person.staff_no, "role": Role.REVIEWER})
    assert response.status_code == 200
    assert not User.objects.filter(person=person).exists()


def test_unit_outside_scope_is_an_error(scoped_client, world):
    person = make_person(world.other_branch)
    response = scoped_client.post(URL, {"staff_no": person.staff_no, "role": Role.REVIEWER,
                                        "unit": world.school.pk})
    assert response.status_code == 200
    assert not User.objects.filter(person=person).exists()


def test_college_admin_gets_403(client_for):
    assert client_for("college_admin").get(URL).status_code == 403
