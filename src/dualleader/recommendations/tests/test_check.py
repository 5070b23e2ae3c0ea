"""The formal check (资格审查): each checklist item failing and passing, the paper copy, accept and return,
and the check page's answers to bad input and to people who may not act."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dualleader.applications.enums import ApplicationStatus as S
from dualleader.applications.enums import AttachmentKind
from dualleader.applications.models import Application
from dualleader.applications.services import (
    application_save,
    application_start,
    application_submit,
    attachment_add,
)
from dualleader.applications.tests.factories import complete_data, make_open_call
from dualleader.audit.models import AuditEvent
from dualleader.recommendations.enums import CheckDecision
from dualleader.recommendations.models import FormalCheck, PaperReceipt
from dualleader.recommendations.receipt import checklist, paper_receipt_record
from dualleader.units.enums import PoliticalStatus

from .factories import make_sent_list

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "佐证材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_recommended(world, call, branch=None, user=None, *, evidence=("佐证材料.pdf",), data=None,
                     title=None) -> Application:
    """A submitted application with supporting files, endorsed and on the college's sent list."""
    branch = branch or world.branch
    user = user or world.user("branch_secretary")
    application = application_start(call=call, branch=branch, user=user)
    values = data if data is not None else complete_data(application)
    if title:
        values = {**values, "studio_name": title}
    application = application_save(application=application, data=values,
                                   expected_lock_version=application.lock_version, user=user)
    for name in evidence:
        attachment_add(application=application, upload=pdf(name), description="", kind=AttachmentKind.EVIDENCE,
                       user=user)
    return application_submit(application=application, user=user)


def send(world, call, apps, college=None):
    return make_sent_list(call, college or world.college, apps, world.user("college_admin"))


def add_scan(application, user) -> None:
    attachment_add(application=application, upload=pdf("盖章扫描件.pdf"), description="",
                   kind=AttachmentKind.STAMPED_SCAN, user=user)


def make_ready(world, call, branch=None, user=None, **kwargs) -> Application:
    """On a sent list with every checklist item passing."""
    user = user or world.user("branch_secretary")
    application = make_recommended(world, call, branch, user, **kwargs)
    send(world, call, [application], college=kwargs.get("college"))
    add_scan(application, user)
    paper_receipt_record(application=application, received_on=timezone.localdate(), note="",
                         user=world.user("org_admin"))
    application.refresh_from_db()
    return application


def ready(world, call, **kwargs) -> Application:
    kwargs.pop("college", None)
    return make_ready(world, call, **kwargs)


def item(application, key):
    return next(i for i in checklist(application) if i.key == key)


# --- the checklist, item by item ---------------------------------------------------------------------

def test_checklist_all_items_pass_when_ready(world):
    application = ready(world, make_open_call(world.school))
    items = checklist(application)
    assert [i.key for i in items] == ["eligibility", "content", "attachments", "stamped_scan", "paper"]
    assert all(i.passed for i in items)


def test_checklist_eligibility_fails_when_secretary_not_party_member(world):
    call = make_open_call(world.school)
    application = ready(world, call)
    world.branch_secretary_person.political_status = PoliticalStatus.PROBATIONARY
    world.branch_secretary_person.save()
    eligibility = item(application, "eligibility")
    assert eligibility.passed is False and "王建国" in eligibility.detail


def test_checklist_content_fails_with_readable_labels(world):
    call = make_open_call(world.school)
    application = make_recommended(world, call)
    # The frozen version is complete; a later version missing the goals is not.
    version = application.versions.get()
    data = dict(version.data)
    data["goals"] = ""
    from dualleader.applications.models import ApplicationVersion

    ApplicationVersion.objects.create(application=application, number=2, form=version.form, title=version.title,
                                      data=data, sha256="0" * 64, submitted_by=world.user("branch_secretary"),
                                      submitted_at=timezone.now())
    content = item(application, "content")
    assert content.passed is False
    assert "goals" not in content.detail and "建设目标" in content.detail


def test_checklist_content_passes_for_complete_version(world):
    application = make_recommended(world, make_open_call(world.school))
    content = item(application, "content")
    assert content.passed is True and content.detail == _("Version %(n)d is complete.") % {"n": 1}


def test_checklist_attachments_fail_without_supporting_files(world):
    application = make_recommended(world, make_open_call(world.school), evidence=())
    assert item(application, "attachments").passed is False


def test_checklist_attachments_pass_with_a_file(world):
    application = make_recommended(world, make_open_call(world.school))
    assert item(application, "attachments").passed is True


def test_checklist_stamped_scan_fails_until_uploaded(world):
    application = make_recommended(world, make_open_call(world.school))
    assert item(application, "stamped_scan").passed is False
    add_scan(application, world.user("branch_secretary"))
    scan = item(application, "stamped_scan")
    assert scan.passed is True and scan.detail == "盖章扫描件.pdf"


def test_checklist_paper_fails_until_received(world):
    call = make_open_call(world.school)
    application = make_recommended(world, call)
    send(world, call, [application])
    assert item(application, "paper").passed is False
    paper_receipt_record(application=application, received_on=timezone.localdate(), note="",
                         user=world.user("org_admin"))
    assert item(application, "paper").passed is True


# --- the page and its forms ------------------------------------------------------------------------

def test_check_page_shows_checklist_and_disables_accept_with_reasons(world, client_for):
    call = make_open_call(world.school)
    application = make_recommended(world, call)
    send(world, call, [application])
    response = client_for("org_admin").get(reverse("recommendations:check", args=[application.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="accept-button" disabled' in html
    assert 'data-item="paper" data-passed="0"' in html and 'data-item="attachments" data-passed="1"' in html
    assert reverse("documents:version_pdf", args=[application.pk, 1]) in html
    assert response.context["can_accept"] is False and len(response.context["reasons"]) == 2


def test_check_page_enables_accept_when_all_pass(world, client_for):
    application = ready(world, make_open_call(world.school))
    response = client_for("org_admin").get(reverse("recommendations:check", args=[application.pk]))
    assert response.context["can_accept"] is True
    assert 'id="accept-button" disabled' not in response.content.decode()


def test_accept_is_refused_while_an_item_fails(world, client_for):
    call = make_open_call(world.school)
    application = make_recommended(world, call)
    send(world, call, [application])
    add_scan(application, world.user("branch_secretary"))  # paper copy still missing
    response = client_for("org_admin").post(reverse("recommendations:accept", args=[application.pk]), follow=True)
    application.refresh_from_db()
    assert application.status == S.RECOMMENDED
    assert not FormalCheck.objects.filter(application=application).exists()
    shown = [str(m) for m in response.context["messages"]]
    assert shown[0] == _("Not every item of the formal check passes:") and len(shown) == 2
    assert shown[1].startswith(_("Paper copy received"))


def test_accept_moves_to_accepted_with_check_row_and_audit(world, client_for):
    application = ready(world, make_open_call(world.school))
    response = client_for("org_admin").post(reverse("recommendations:accept", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.ACCEPTED
    check = FormalCheck.objects.get(application=application)
    assert check.decision == CheckDecision.ACCEPTED and check.decided_by == world.user("org_admin")
    assert len(check.items) == 5 and all(i["passed"] for i in check.items)
    assert AuditEvent.objects.filter(action="application.accepted", object_id=str(application.pk)).count() == 1


def test_return_sets_fix_by_in_beijing_time_and_status(world, client_for):
    call = make_open_call(world.school)
    application = make_recommended(world, call)
    send(world, call, [application])
    day = timezone.localdate() + datetime.timedelta(days=5)
    response = client_for("org_admin").post(reverse("recommendations:return_to_college", args=[application.pk]),
                                            {"reason": "请补充盖章扫描件", "fix_by_date": day.isoformat(),
                                             "fix_by_time": "17:00"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.RETURNED_BY_SCHOOL
    expected = datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=datetime.UTC)  # 17:00 UTC+8
    assert application.fix_by == expected
    check = FormalCheck.objects.get(application=application)
    assert check.decision == CheckDecision.RETURNED and check.reason == "请补充盖章扫描件" and check.fix_by == expected


def test_return_without_reason_is_refused(world, client_for):
    call = make_open_call(world.school)
    application = make_recommended(world, call)
    send(world, call, [application])
    day = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    response = client_for("org_admin").post(reverse("recommendations:return_to_college", args=[application.pk]),
                                            {"reason": " ", "fix_by_date": day, "fix_by_time": "17:00"}, follow=True)
    application.refresh_from_db()
    assert application.status == S.RECOMMENDED
    assert response.status_code == 200


@pytest.mark.parametrize("day,time", [("2026-13-01", "17:00"), ("", ""), ("tomorrow", "17:00"),
                                      ("2030-01-01", "25:99")])
def test_return_with_bad_date_shows_message_not_500(world, client_for, day, time):
    call = make_open_call(world.school)
    application = make_recommended(world, call)
    send(world, call, [application])
    response = client_for("org_admin").post(reverse("recommendations:return_to_college", args=[application.pk]),
                                            {"reason": "补充", "fix_by_date": day, "fix_by_time": time}, follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        _("Enter the date to fix it by as a date and a time (Beijing time).")]
    application.refresh_from_db()
    assert application.status == S.RECOMMENDED


def test_return_with_past_fix_by_is_refused(world, client_for):
    call = make_open_call(world.school)
    application = make_recommended(world, call)
    send(world, call, [application])
    day = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    client_for("org_admin").post(reverse("recommendations:return_to_college", args=[application.pk]),
                                 {"reason": "补充", "fix_by_date": day, "fix_by_time": "17:00"})
    application.refresh_from_db()
    assert application.status == S.RECOMMENDED and application.fix_by is None


def test_paper_records_the_day(world, client_for):
    call = make_open_call(world.school)
    application = make_recommended(world, call)
    send(world, call, [application])
    day = timezone.localdate() - datetime.timedelta(days=2)
    client_for("org_admin").post(reverse("recommendations:paper", args=[application.pk]),
                                 {"received_on": day.isoformat(), "note": "机要交换"})
    receipt = PaperReceipt.objects.get(application=application)
    assert receipt.received_on == day and receipt.note == "机要交换"


def test_paper_in_the_future_is_refused(world, client_for):
    call = make_open_call(world.school)
    application = make_recommended(world, call)
    send(world, call, [application])
    day = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for("org_admin").post(reverse("recommendations:paper", args=[application.pk]),
                                            {"received_on": day.isoformat()}, follow=True)
    assert response.status_code == 200
    assert not PaperReceipt.objects.filter(application=application).exists()


def test_paper_with_bad_date_shows_message_not_500(world, client_for):
    call = make_open_call(world.school)
    application = make_recommended(world, call)
    send(world, call, [application])
    response = client_for("org_admin").post(reverse("recommendations:paper", args=[application.pk]),
                                            {"received_on": "2026-02-30"}, follow=True)
    assert response.status_code == 200
    assert not PaperReceipt.objects.filter(application=application).exists()
    assert len(list(response.context["messages"])) == 1


@pytest.mark.parametrize("role,status", [("outsider", 404), ("college_admin", 404), ("branch_secretary", 404),
                                         ("reviewer", 404), ("org_admin", 200), ("superuser", 200)])
def test_check_page_access(world, client_for, role, status):
    call = make_open_call(world.school)
    application = make_recommended(world, call)
    send(world, call, [application])
    assert client_for(role).get(reverse("recommendations:check", args=[application.pk])).status_code == status


@pytest.mark.parametrize("name", ["paper", "accept", "return_to_college"])
def test_check_actions_are_post_only_and_scoped(world, client_for, name):
    call = make_open_call(world.school)
    application = make_recommended(world, call)
    send(world, call, [application])
    url = reverse(f"recommendations:{name}", args=[application.pk])
    assert client_for("org_admin").get(url).status_code == 405
    assert client_for("outsider").post(url).status_code == 404
    application.refresh_from_db()
    assert application.status == S.RECOMMENDED
