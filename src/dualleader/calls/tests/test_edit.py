from __future__ import annotations

from django.urls import reverse

from dualleader.calls.services import call_update, version_of

from .factories import make_call
from .test_create import form_data


def test_edit_works(client_for, world):
    call = make_call(world.school)
    data = form_data(world, name="第二批（修订）", version=version_of(call))
    response = client_for("org_admin").post(reverse("calls:edit", args=[call.pk]), data)
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.name == "第二批（修订）"


def test_edit_refuses_a_stale_form(client_for, world):
    call = make_call(world.school)
    seen = version_of(call)
    call_update(call=call, contact_person="李四")
    response = client_for("org_admin").post(reverse("calls:edit", args=[call.pk]),
                                            form_data(world, version=seen))
    assert response.status_code == 200
    assert "已被他人修改" in response.content.decode()
    call.refresh_from_db()
    assert call.contact_person == "李四"
