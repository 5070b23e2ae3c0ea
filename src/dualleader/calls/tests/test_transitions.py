from __future__ import annotations

from django.urls import reverse

from dualleader.calls.enums import CallStatus

from .factories import make_call


def test_publish_works(client_for, world):
    call = make_call(world.school)
    response = client_for("org_admin").post(reverse("calls:publish", args=[call.pk]))
    assert response.url == reverse("calls:detail", args=[call.pk])
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED and call.published_at is not None


def test_publish_rejects_get(client_for, world):
    call = make_call(world.school)
    assert client_for("org_admin").get(reverse("calls:publish", args=[call.pk])).status_code == 405


def test_archive_of_published_call_is_refused_with_message(client_for, world):
    call = make_call(world.school, status=CallStatus.PUBLISHED)
    response = client_for("org_admin").post(reverse("calls:archive", args=[call.pk]), follow=True)
    assert "不能变为" in response.content.decode()
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED


def test_outsider_cannot_close(client_for, world):
    call = make_call(world.school, status=CallStatus.PUBLISHED)
    assert client_for("outsider").post(reverse("calls:close", args=[call.pk])).status_code == 404
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED
