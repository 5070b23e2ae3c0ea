"""Starting an application from the list page, and the eligibility checklist."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from dualleader.applications.models import Application

from .factories import make_open_call


def test_mine_offers_open_calls_to_the_secretary(world, client_for):
    call = make_open_call(world.school)
    body = client_for("branch_secretary").get(reverse("applications:mine")).content.decode()
    assert call.name in body and reverse("applications:start", args=[call.pk]) in body


def test_start_when_eligible_opens_the_editor(world, client_for):
    call = make_open_call(world.school)
    response = client_for("branch_secretary").post(reverse("applications:start", args=[call.pk]))
    application = Application.objects.get()
    assert response.status_code == 302 and response.url == reverse("applications:edit", args=[application.pk])


def test_ineligible_branch_cannot_start_and_sees_reasons(world, client_for):
    world.branch.established_on = timezone.localdate()
    world.branch.save()
    call = make_open_call(world.school)
    client = client_for("branch_secretary")
    response = client.post(reverse("applications:start", args=[call.pk]), follow=True)
    body = response.content.decode()
    assert not Application.objects.exists()
    assert "党支部成立1年（含）以上" in body and "✗" in body and "✓" in body and "待学院确认" in body
    assert "您的党支部暂不符合本批次的建设标准" in body
    assert response.redirect_chain[-1][0].startswith(reverse("applications:eligibility", args=[call.pk]))


def test_mine_filters_by_status(world, client_for):
    call = make_open_call(world.school)
    client = client_for("branch_secretary")
    client.post(reverse("applications:start", args=[call.pk]))
    assert "机械设计系教师党支部" in client.get(reverse("applications:mine") + "?status=draft").content.decode()
    assert "暂无申报书" in client.get(reverse("applications:mine") + "?status=submitted").content.decode()
