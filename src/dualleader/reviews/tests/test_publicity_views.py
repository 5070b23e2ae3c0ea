"""The 公示 pages: the Organization Department's notice page, the public pages without sign-in, and the
API endpoints for both."""

import datetime
import json

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dualleader.applications.enums import ApplicationStatus as S
from dualleader.reviews.enums import NoticeStatus, ObjectionStatus
from dualleader.reviews.models import Objection, PublicNotice
from dualleader.reviews.publicity import notice_publish, notice_save, objection_submit
from dualleader.studios.models import Studio

from .outcome_factories import make_decided, make_published


@pytest.fixture
def as_role(client_for):
    def make(role):
        client = client_for(role)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


def texts(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def past_notice(setup):
    """Published 40 days ago (its period is over by now)."""
    return make_published(setup, on=timezone.localdate() - datetime.timedelta(days=40))


def current_notice(setup):
    return make_published(setup, on=timezone.localdate())


def test_notice_page_prefills_the_draft(world, as_role):
    setup = make_decided(world)
    response = as_role("org_admin").get(reverse("reviews:notice", args=[setup.call.pk]))
    assert response.status_code == 200
    assert response.context["form"]["title"] == "关于第二批“双带头人”教师党支部书记工作室拟立项建设名单的公示"
    assert response.context["form"]["working_days"] == 5
    assert [e.application_id for e in response.context["entries"]] == [setup.apps[0].pk, setup.apps[1].pk]
    assert 'id="publish-button"' in response.content.decode()


def test_notice_page_without_a_decision_says_so(world, as_role):
    setup = make_decided(world)
    setup.decision.entries.all().delete()
    setup.decision.delete()
    response = as_role("org_admin").get(reverse("reviews:notice", args=[setup.call.pk]))
    assert response.status_code == 200
    assert 'id="no-decision"' in response.content.decode()


def test_save_then_publish_through_the_page(world, as_role):
    setup = make_decided(world)
    client = as_role("org_admin")
    form = {"title": "公示标题", "body": "公示正文", "working_days": "3", "contact": "刘老师"}
    response = client.post(reverse("reviews:notice", args=[setup.call.pk]), form)
    assert response.status_code == 302
    notice = PublicNotice.objects.get(decision=setup.decision)
    assert (notice.title, notice.working_days, notice.status) == ("公示标题", 3, NoticeStatus.DRAFT)
    response = client.post(reverse("reviews:notice_publish", args=[setup.call.pk]), form)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED
    assert notice.starts_on >= timezone.localdate()
    assert texts(response)[-1][0] == "success"
    assert texts(response)[-1][1].startswith("The notice is published. Notice period: ")


def test_bad_working_days_gives_a_message_not_a_500(world, as_role):
    setup = make_decided(world)
    response = as_role("org_admin").post(reverse("reviews:notice", args=[setup.call.pk]),
                                         {"title": "t", "body": "b", "working_days": "五"})
    assert response.status_code == 302
    assert texts(response) == [("error", "Enter the period as a whole number of working days.")]


@pytest.mark.parametrize("name", ["reviews:notice_publish", "reviews:notice_finalize"])
def test_state_changes_refuse_get(world, as_role, name):
    setup = make_decided(world)
    assert as_role("org_admin").get(reverse(name, args=[setup.call.pk])).status_code == 405


def test_finalize_through_the_page_after_the_period(world, as_role):
    setup = make_decided(world)
    past_notice(setup)
    response = as_role("org_admin").post(reverse("reviews:notice_finalize", args=[setup.call.pk]))
    assert texts(response) == [("success", "The list is final: 2 studio(s) created; applicants and colleges "
                                           "were notified.")]
    assert Studio.objects.filter(call=setup.call).count() == 2
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert set(Studio.objects.values_list("cycle_starts_on", flat=True)) == {tomorrow}
    page = as_role("org_admin").get(reverse("reviews:notice", args=[setup.call.pk]))
    assert page.status_code == 200 and 'id="finalize-button"' not in page.content.decode()


def test_finalize_through_the_page_during_the_period_is_refused(world, as_role):
    setup = make_decided(world)
    notice = current_notice(setup)
    response = as_role("org_admin").post(reverse("reviews:notice_finalize", args=[setup.call.pk]))
    assert texts(response) == [("error", f"The notice period runs until {notice.ends_on.isoformat()}; it can be "
                                         "finalised from the next day.")]
    assert [a.status for a in type(setup.apps[0]).objects.filter(call=setup.call)] == [S.UNDER_REVIEW] * 3


def test_resolve_through_the_page(world, as_role):
    setup = make_decided(world)
    notice = past_notice(setup)
    objection = Objection.objects.create(notice=notice, name="张三", contact="138", text="异议")
    response = as_role("org_admin").post(reverse("reviews:objection_resolve", args=[objection.pk]),
                                         {"outcome": "upheld", "resolution": "属实",
                                          "remove_application": str(setup.apps[1].pk)})
    assert texts(response) == [("success", "The objection was resolved.")]
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.RESOLVED
    assert setup.decision.entries.get(application=setup.apps[1]).removed_at is not None


def test_resolve_with_a_malformed_id_gives_a_message(world, as_role):
    setup = make_decided(world)
    notice = past_notice(setup)
    objection = Objection.objects.create(notice=notice, name="张三", contact="138", text="异议")
    response = as_role("org_admin").post(reverse("reviews:objection_resolve", args=[objection.pk]),
                                         {"outcome": "upheld", "resolution": "属实", "remove_application": "x"})
    assert texts(response) == [("error", "Choose an application from the list.")]


# ---------------------------------------------------------------- public pages

def test_public_pages_need_no_sign_in(world):
    setup = make_decided(world)
    draft = make_decided(world, call=None)
    notice_save(decision=draft.decision, title="草稿公示", body="草稿", working_days=5, contact="", user=draft.org)
    notice = current_notice(setup)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    listing = client.get(reverse("reviews:public_notices"))
    assert listing.status_code == 200
    assert [n.pk for n in listing.context["page"]] == [notice.pk]
    page = client.get(reverse("reviews:public_notice", args=[notice.pk]))
    assert page.status_code == 200
    assert page.context["open"] is True
    assert setup.apps[0].branch.name in page.content.decode()
    draft_notice = PublicNotice.objects.get(decision=draft.decision)
    assert client.get(reverse("reviews:public_notice", args=[draft_notice.pk])).status_code == 404


def test_public_list_queries_do_not_grow(world, django_assert_num_queries):
    client = Client()
    current_notice(make_decided(world, n_apps=1, selected=1))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("reviews:public_notices"))
    for _ in range(3):
        current_notice(make_decided(world, n_apps=1, selected=1))
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("reviews:public_notices"))
    assert len(response.context["page"].object_list) == 4


def test_objection_form_checks_csrf(world):
    notice = current_notice(make_decided(world))
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("reviews:public_objection", args=[notice.pk]),
                           {"name": "张三", "contact": "138", "text": "异议"})
    assert response.status_code == 403
    assert Objection.objects.count() == 0


def test_objection_with_html_is_stored_as_text_and_escaped(world, as_role):
    setup = make_decided(world)
    notice = current_notice(setup)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    hostile = '<script>alert("x")</script><b>粗体</b>'
    response = client.post(reverse("reviews:public_objection", args=[notice.pk]),
                           {"name": "<i>张三</i>", "contact": "138", "text": hostile,
                            "application": str(setup.apps[0].pk)}, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert (objection.text, objection.application_id, objection.ip) == (hostile, setup.apps[0].pk, "10.1.1.1")
    page = as_role("org_admin").get(reverse("reviews:notice", args=[setup.call.pk])).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<i>张三</i>" not in page and "&lt;i&gt;张三&lt;/i&gt;" in page


@pytest.mark.parametrize(("form", "message"), [
    ({"name": "", "contact": "138", "text": "异议"}, "Give your real name."),
    ({"name": "张三", "contact": "138", "text": "长" * 2001}, "The objection can be at most 2000 characters."),
    ({"name": "张三", "contact": "138", "text": "异议", "application": "abc"},
     "Choose a studio from the list in the notice."),
])
def test_bad_objection_shows_the_form_again(world, form, message):
    notice = current_notice(make_decided(world))
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(reverse("reviews:public_objection", args=[notice.pk]), form)
    assert response.status_code == 400
    assert texts(response) == [("error", message)]
    assert response.context["form"]["name"] == form["name"]
    assert Objection.objects.count() == 0


def test_objection_form_closes_after_the_period(world):
    notice = past_notice(make_decided(world))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = client.get(reverse("reviews:public_notice", args=[notice.pk]))
    assert 'id="objection-closed"' in page.content.decode() and 'id="objection-form"' not in page.content.decode()
    response = client.post(reverse("reviews:public_objection", args=[notice.pk]),
                           {"name": "张三", "contact": "138", "text": "异议"})
    assert texts(response) == [("error", "The public notice period has ended; objections are no longer accepted.")]


def test_public_objection_refuses_get(world):
    notice = current_notice(make_decided(world))
    assert Client().get(reverse("reviews:public_objection", args=[notice.pk])).status_code == 405


# ---------------------------------------------------------------- API

def test_api_notice_publish_and_finalize_rules(world, as_role):
    setup = make_decided(world)
    client = as_role("org_admin")
    base = f"/api/v1/reviews/calls/{setup.call.pk}"
    got = client.get(base + "/notice")
    assert got.status_code == 200
    assert got.json()["id"] is None and got.json()["title"].startswith("关于第二批")
    assert client.post(base + "/notice/publish").json() == {"detail": "Save the draft notice first."}
    saved = client.post(base + "/notice", json.dumps({"title": "公示", "body": "正文", "working_days": 5}),
                        content_type="application/json")
    assert saved.status_code == 200 and saved.json()["status"] == "draft"
    published = client.post(base + "/notice/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    refused = client.post(base + "/notice/finalize")
    assert refused.status_code == 400
    assert refused.json()["detail"].startswith("The notice period runs until")


def test_api_public_read_and_objection_need_no_account(world, as_role):
    setup = make_decided(world)
    notice = current_notice(setup)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    got = client.get(f"/api/v1/reviews/public/notices/{notice.pk}")
    assert got.status_code == 200
    assert [e["application_id"] for e in got.json()["entries"]] == [setup.apps[0].pk, setup.apps[1].pk]
    posted = client.post(f"/api/v1/reviews/public/notices/{notice.pk}/objections",
                         json.dumps({"name": "张三", "contact": "138", "text": "异议"}), content_type="application/json")
    assert posted.status_code == 201
    empty = client.post(f"/api/v1/reviews/public/notices/{notice.pk}/objections",
                        json.dumps({"name": "", "contact": "138", "text": "异议"}), content_type="application/json")
    assert empty.status_code == 400 and empty.json() == {"detail": "Give your real name."}
    listed = as_role("org_admin").get(f"/api/v1/reviews/calls/{setup.call.pk}/objections")
    assert [o["name"] for o in listed.json()] == ["张三"]
    resolved = as_role("org_admin").post(f"/api/v1/reviews/objections/{listed.json()[0]['id']}/resolve",
                                         json.dumps({"outcome": "dismissed", "resolution": "不属实"}),
                                         content_type="application/json")
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"


@pytest.mark.parametrize(("role", "status"), [("college_admin", 404), ("outsider", 404), ("reviewer", 404),
                                              ("branch_secretary", 404), ("anonymous", 401)])
def test_api_notice_is_for_the_organization_department(world, as_role, role, status):
    setup = make_decided(world)
    notice = current_notice(setup)
    objection = objection_submit(notice=notice, name="张三", contact="138", text="异议", application_id=None,
                                 ip=None)
    client = as_role(role)
    assert client.get(f"/api/v1/reviews/calls/{setup.call.pk}/notice").status_code == status
    assert client.post(f"/api/v1/reviews/objections/{objection.pk}/resolve",
                       json.dumps({"outcome": "dismissed", "resolution": "x"}),
                       content_type="application/json").status_code == status


def test_notice_publish_uses_today_in_beijing(world):
    setup = make_decided(world)
    notice = notice_save(decision=setup.decision, title="公示", body="正文", working_days=5, contact="",
                         user=setup.org)
    notice = notice_publish(notice=notice, user=setup.org)
    assert notice.starts_on >= timezone.localdate()
