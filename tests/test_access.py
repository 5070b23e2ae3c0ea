"""The access table: every URL of the app × every role, with the status each must get. A URL that is not
in the table fails `test_every_url_is_in_the_table`, so a new page cannot ship without its row.

Statuses: 200 ok; 302 to the login page (anonymous); 403 a signed-in user without the right; 404 an
object outside the user's unit subtree (outsiders never learn that it exists); 405 wrong method."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import ROLES
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from dualleader.accounts.models import ApiToken
from dualleader.applications.enums import AttachmentKind
from dualleader.applications.services import application_save, application_submit, attachment_add
from dualleader.applications.tests import factories as applications_factories
from dualleader.audit.models import AuditEvent
from dualleader.calls.enums import CallStatus
from dualleader.calls.tests.factories import make_annex, make_call
from dualleader.documents.tests import factories as documents_factories
from dualleader.notifications.models import Notification
from dualleader.recommendations.tests.factories import make_sent_list, make_submitted
from tests.access_reviews import ROWS as REVIEW_ROWS
from tests.access_rows import Row, statuses
from tests.factories import World

# Namespaces that are the app's own; django's admin, i18n and the JS catalogue are excluded.
NAMESPACES = {"home", "accounts", "units", "audit", "api", "calls", "applications", "documents", "recommendations",
              "notifications", "reviews", "studios"}


ALL_SIGNED_IN = statuses(200)
ORG_ADMIN_ONLY = statuses(403, superuser=200, org_admin=200)
BROWSERS = statuses(200, reviewer=403)  # every role that sees organisation data

ORG_ADMIN_WRITES = statuses(403, superuser=302, org_admin=302)
POST_ONLY = statuses(405)


def member(w: World) -> list[Any]:
    return [w.user("studio_member").pk]


def member_grant(w: World) -> list[Any]:
    return [w.user("studio_member").role_grants.get().pk]


def reviewer_token(w: World) -> list[Any]:
    token = ApiToken.objects.create(user=w.user("reviewer"), name="t", prefix="dl_t", digest="c" * 64)
    return [token.pk]


def draft(w: World) -> list[Any]:
    return [make_call(w.school).pk]


def published(w: World) -> list[Any]:
    return [make_call(w.school, status=CallStatus.PUBLISHED).pk]


def draft_annex(w: World) -> list[Any]:
    return [make_annex(make_call(w.school)).pk]


def published_annex(w: World) -> list[Any]:
    return [make_annex(make_call(w.school, status=CallStatus.PUBLISHED)).pk]


CALLS_MANAGERS = statuses(403, superuser=200, org_admin=200)  # page-level: calls.manage
CALLS_MANAGED = statuses(404, superuser=200, org_admin=200)  # a call outside the user's org_admin scope is unseen
CALLS_MANAGED_WRITE = statuses(404, superuser=302, org_admin=302)
PUBLIC = statuses(200, anonymous=200)


# An application of world.branch: its branch, college and the Organization Department read it.
APPLICATION_READERS = statuses(200, reviewer=404, outsider=404)


APPLICATION_EDITORS = statuses(403, superuser=200, branch_secretary=200, reviewer=404, outsider=404)
APPLICATION_ACTORS = statuses(403, superuser=302, branch_secretary=302, reviewer=404, outsider=404)


def app_call(w: World) -> Any:
    return applications_factories.make_open_call(w.school, name="第四批")


def app_draft(w: World) -> list[Any]:
    return [applications_factories.make_application(w).pk]


def app_submitted(w: World) -> Any:
    user = w.user("branch_secretary")
    application = applications_factories.make_application(w, applications_factories.make_open_call(
        w.school, name="第三批"))
    application = application_save(application=application, data=applications_factories.complete_data(application),
                                   expected_lock_version=1, user=user)
    return application_submit(application=application, user=user)


def app_file(w: World) -> list[Any]:
    application = applications_factories.make_application(w)
    return [attachment_add(application=application, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"),
                           description="", kind=AttachmentKind.EVIDENCE, user=w.user("branch_secretary")).pk]


def submitted(w: World) -> Any:
    return documents_factories.make_application(w, submit=True)[0]


# College recommendation and the receipt desk (学院推荐、受理与资格审查). The other college's admin
# (outsider) never learns that this college's pages or applications exist.
def rec_college(w: World) -> list[Any]:
    return [applications_factories.make_open_call(w.school, name="推荐批").pk, w.college.pk]


def rec_call(w: World) -> list[Any]:
    return [applications_factories.make_open_call(w.school, name="受理批").pk]


def rec_submitted(w: World) -> list[Any]:
    call = applications_factories.make_open_call(w.school, name="推荐批")
    return [make_submitted(call, w.branch, w.user("branch_secretary")).pk]


def rec_sent(w: World) -> list[Any]:
    call = applications_factories.make_open_call(w.school, name="受理批")
    application = make_submitted(call, w.branch, w.user("branch_secretary"))
    make_sent_list(call, w.college, [application], w.user("college_admin"))
    return [application.pk]


REC_VIEWERS = statuses(403, superuser=200, org_admin=200, college_admin=200, outsider=404)
REC_ACTORS = statuses(403, superuser=302, college_admin=302, outsider=404)
REC_API_READERS = statuses(403, anonymous=401, superuser=200, org_admin=200, college_admin=200, outsider=404)


def rec_act(ok: int) -> dict[str, int]:
    return statuses(403, anonymous=401, superuser=ok, college_admin=ok, outsider=404)


def rec_desk(ok: int) -> dict[str, int]:
    return statuses(403, anonymous=401, superuser=ok, org_admin=ok)


def rec_receive(ok: int) -> dict[str, int]:
    return statuses(403, anonymous=401, superuser=ok, org_admin=ok, reviewer=404, outsider=404)


def own_notification(w: World) -> list[Any]:
    return [Notification.objects.create(recipient=w.user("college_admin"), kind="t", title="t", url="/").pk]


def _college_posts() -> list[Row]:
    rows = []
    for name in ("reorder", "save", "submit", "withdraw"):
        rows += [Row(f"recommendations:{name}", rec_college, "get", POST_ONLY),
                 Row(f"recommendations:{name}", rec_college, "post", REC_ACTORS)]
    for name in ("return", "endorse", "include", "exclude", "resend"):
        rows += [Row(f"recommendations:{name}", rec_submitted, "get", POST_ONLY),
                 Row(f"recommendations:{name}", rec_submitted, "post", REC_ACTORS)]
    return rows


TABLE: list[Row] = [
    Row("home:index", expect=ALL_SIGNED_IN),
    Row("home:ping", expect=ALL_SIGNED_IN),
    Row("home:ping", method="post", expect=statuses(405)),
    Row("accounts:login", expect=statuses(302, anonymous=200)),  # signed-in users are sent home
    Row("accounts:logout", method="post", expect=statuses(302, anonymous=302)),
    Row("accounts:password_change", expect=ALL_SIGNED_IN),
    # The organisation.
    Row("units:tree", expect=statuses(302, reviewer=403)),  # redirects to the user's top unit
    Row("units:branches", expect=BROWSERS),
    Row("units:unit_detail", lambda w: [w.school.pk],
        expect=statuses(200, college_admin=404, branch_secretary=404, studio_member=404, reviewer=404,
                        outsider=404)),
    Row("units:unit_detail", lambda w: [w.branch.pk], expect=statuses(200, reviewer=404, outsider=404)),
    Row("units:unit_edit", lambda w: [w.branch.pk],
        expect=statuses(200, branch_secretary=403, studio_member=403, reviewer=404, outsider=404)),
    Row("units:unit_edit", lambda w: [w.college.pk],
        expect=statuses(200, branch_secretary=404, studio_member=404, reviewer=404, outsider=404)),
    Row("units:unit_add", lambda w: [w.college.pk],
        expect=statuses(403, superuser=200, org_admin=200, branch_secretary=404, studio_member=404,
                        reviewer=404, outsider=404)),
    Row("units:unit_move", lambda w: [w.branch.pk],
        expect=statuses(403, superuser=200, org_admin=200, reviewer=404, outsider=404)),
    Row("units:unit_move", lambda w: [w.school.pk],  # the root cannot move
        expect=statuses(404, superuser=403, org_admin=403)),
    Row("units:unit_deactivate", lambda w: [w.branch.pk], expect=statuses(405, anonymous=302)),
    Row("units:unit_deactivate", lambda w: [w.other_branch.pk], method="post",
        expect=statuses(404, superuser=302, org_admin=302, outsider=403)),
    Row("units:unit_reactivate", lambda w: [w.branch.pk], expect=statuses(405, anonymous=302)),
    Row("units:unit_reactivate", lambda w: [w.branch.pk], method="post",
        expect=statuses(403, superuser=302, org_admin=302, reviewer=404, outsider=404)),
    Row("units:position_add", lambda w: [w.branch.pk],
        expect=statuses(200, branch_secretary=403, studio_member=403, reviewer=404, outsider=404)),
    Row("units:position_end", lambda w: [w.branch_secretary_post.pk], expect=statuses(405, anonymous=302)),
    Row("units:position_end", lambda w: [w.branch_secretary_post.pk], method="post",
        expect=statuses(302, branch_secretary=403, studio_member=403, reviewer=404, outsider=404)),
    Row("units:people", expect=BROWSERS),
    Row("units:person_add", expect=statuses(200, branch_secretary=403, studio_member=403, reviewer=403)),
    Row("units:person_add", query="?unit={college}",
        expect=statuses(200, branch_secretary=404, studio_member=404, reviewer=404, outsider=404)),
    Row("units:person_detail", lambda w: [w.branch_secretary_person.pk],
        expect=statuses(200, reviewer=404, outsider=404)),
    Row("units:person_edit", lambda w: [w.branch_secretary_person.pk],
        expect=statuses(200, branch_secretary=403, studio_member=403, reviewer=404, outsider=404)),
    Row("units:import", expect=ORG_ADMIN_ONLY),
    Row("units:import_template", expect=ORG_ADMIN_ONLY),
    # Accounts.
    Row("accounts:list", expect=ORG_ADMIN_ONLY),
    Row("accounts:create", expect=ORG_ADMIN_ONLY),
    Row("accounts:detail", member, expect=ORG_ADMIN_ONLY),
    Row("accounts:detail", lambda w: [w.user("superuser").pk], expect=statuses(403, superuser=200, org_admin=404)),
    Row("accounts:disable", member, expect=POST_ONLY),
    Row("accounts:disable", member, method="post", expect=ORG_ADMIN_WRITES),
    Row("accounts:enable", member, expect=POST_ONLY),
    Row("accounts:enable", member, method="post", expect=ORG_ADMIN_WRITES),
    Row("accounts:reset_password", member, expect=POST_ONLY),
    Row("accounts:reset_password", member, method="post", expect=ORG_ADMIN_ONLY),
    Row("accounts:role_add", member, expect=POST_ONLY),
    Row("accounts:role_add", member, method="post", expect=ORG_ADMIN_WRITES),
    Row("accounts:role_remove", member_grant, expect=POST_ONLY),
    Row("accounts:role_remove", member_grant, method="post", expect=ORG_ADMIN_WRITES),
    Row("accounts:tokens", expect=ALL_SIGNED_IN),
    Row("accounts:token_revoke", reviewer_token, expect=POST_ONLY),
    Row("accounts:token_revoke", reviewer_token, method="post", expect=statuses(404, reviewer=302)),
    # The JSON API: anonymous callers get 401, not a redirect.
    Row("api:me", expect=statuses(200, anonymous=401)),
    Row("api:list_units", expect=statuses(200, anonymous=401)),
    Row("api:get_unit", lambda w: [w.school.pk], expect=statuses(
        404, anonymous=401, superuser=200, org_admin=200)),
    Row("api:get_unit", lambda w: [w.branch.pk], expect=statuses(
        200, anonymous=401, reviewer=404, outsider=404)),
    Row("api:get_unit", lambda w: [w.other_branch.pk], expect=statuses(
        404, anonymous=401, superuser=200, org_admin=200, outsider=200)),
    Row("api:list_people", expect=statuses(200, anonymous=401)),
    Row("api:get_person", lambda w: [w.branch_secretary_person.pk], expect=statuses(
        200, anonymous=401, reviewer=404, outsider=404)),
    Row("api:list_calls", expect=statuses(200, anonymous=401)),
    Row("api:get_call", published, expect=statuses(200, anonymous=401)),
    Row("api:get_call", draft, expect=statuses(404, anonymous=401, superuser=200, org_admin=200)),
    Row("api:branch_eligibility", lambda w: [published(w)[0], w.branch.pk],
        expect=statuses(200, anonymous=401, reviewer=404, outsider=404)),
    Row("api:list_applications", expect=statuses(200, anonymous=401, reviewer=403)),
    Row("api:start_application", method="post", body=lambda w: {"call_id": app_call(w).pk},
        expect=statuses(403, anonymous=401, branch_secretary=201)),
    Row("api:get_application", app_draft, expect=statuses(200, anonymous=401, reviewer=404, outsider=404)),
    Row("api:save_application", app_draft, method="put", body=lambda w: {"data": {}, "lock_version": 1},
        expect=statuses(403, anonymous=401, reviewer=404, outsider=404, superuser=200, branch_secretary=200)),
    Row("api:submit_application", app_draft, method="post", expect=statuses(
        403, anonymous=401, reviewer=404, outsider=404, superuser=422, branch_secretary=422)),
    Row("api:recall_application", app_draft, method="post", expect=statuses(
        403, anonymous=401, reviewer=404, outsider=404, superuser=400, branch_secretary=400)),
    Row("api:withdraw_application", app_draft, method="post", body=lambda w: {"reason": "不再申报"},
        expect=statuses(403, anonymous=401, reviewer=404, outsider=404, superuser=200, branch_secretary=200)),
    Row("api:get_version", lambda w: [app_submitted(w).pk, 1], expect=statuses(
        200, anonymous=401, reviewer=404, outsider=404)),
    Row("api:openapi-json", expect=statuses(200, anonymous=200)),
    Row("api:openapi-view", expect=statuses(200, anonymous=302)),
    Row("api:api-root", expect=statuses(404, anonymous=404)),
    # Calls (批次): management and the public notice pages.
    Row("calls:list", expect=CALLS_MANAGERS),
    Row("calls:create", expect=CALLS_MANAGERS),
    Row("calls:detail", draft, expect=CALLS_MANAGED),
    Row("calls:edit", draft, expect=CALLS_MANAGED),
    Row("calls:rules", draft, expect=CALLS_MANAGED),
    Row("calls:form", draft, expect=CALLS_MANAGED),
    Row("calls:annex_add", draft, expect=CALLS_MANAGED),
    Row("calls:publish", draft, expect=POST_ONLY),
    Row("calls:publish", draft, method="post", expect=CALLS_MANAGED_WRITE),
    Row("calls:close", published, expect=POST_ONLY),
    Row("calls:close", published, method="post", expect=CALLS_MANAGED_WRITE),
    Row("calls:archive", published, expect=POST_ONLY),
    Row("calls:archive", published, method="post", expect=CALLS_MANAGED_WRITE),  # refused with a message, redirected
    Row("calls:unpublish", published, expect=POST_ONLY),
    Row("calls:unpublish", published, method="post", expect=CALLS_MANAGED_WRITE),
    Row("calls:annex_remove", draft_annex, expect=POST_ONLY),
    Row("calls:annex_remove", draft_annex, method="post", expect=CALLS_MANAGED_WRITE),
    Row("calls:annex_download", published_annex, expect=PUBLIC),
    Row("calls:annex_download", draft_annex, expect=statuses(404, anonymous=404, superuser=200, org_admin=200)),
    Row("calls:public_list", expect=PUBLIC),
    Row("calls:public_detail", published, expect=PUBLIC),
    Row("calls:public_detail", draft, expect=statuses(404, anonymous=404)),
    # Applications (申报书): the branch secretary writes; the branch, its college and the university read.
    Row("applications:mine", lambda w: [], method="get", expect=statuses(200, reviewer=403)),
    Row("applications:start", lambda w: [app_call(w).pk], method="get", expect=POST_ONLY),
    Row("applications:start", lambda w: [app_call(w).pk], method="post", expect=statuses(403, branch_secretary=302)),
    Row("applications:eligibility", lambda w: [app_call(w).pk], "get",
        statuses(403, branch_secretary=200, studio_member=200, reviewer=403)),
    Row("applications:detail", app_draft, method="get", expect=APPLICATION_READERS),
    Row("applications:edit", app_draft, method="get", expect=APPLICATION_EDITORS),
    Row("applications:edit", app_draft, method="post", expect=APPLICATION_ACTORS),
    Row("applications:autosave", app_draft, method="get", expect=POST_ONLY),
    Row("applications:autosave", app_draft, method="post", expect=statuses(403, superuser=200, branch_secretary=200, reviewer=404,
                                                        outsider=404)),
    Row("applications:preview", app_draft, method="get", expect=APPLICATION_READERS),
    Row("applications:submit", app_draft, method="get", expect=POST_ONLY),
    Row("applications:submit", app_draft, method="post", expect=APPLICATION_ACTORS),
    Row("applications:recall", lambda w: [app_submitted(w).pk], method="get", expect=POST_ONLY),
    Row("applications:recall", lambda w: [app_submitted(w).pk], method="post", expect=APPLICATION_ACTORS),
    Row("applications:withdraw", app_draft, method="get", expect=POST_ONLY),
    Row("applications:withdraw", app_draft, method="post", expect=APPLICATION_ACTORS),
    Row("applications:version", lambda w: [app_submitted(w).pk, 1], expect=APPLICATION_READERS),
    Row("applications:diff", lambda w: [app_submitted(w).pk, 1], expect=APPLICATION_READERS),
    Row("applications:attachment_add", app_draft, method="get", expect=POST_ONLY),
    Row("applications:attachment_add", app_draft, method="post", expect=APPLICATION_ACTORS),
    Row("applications:attachment_remove", app_file, method="get", expect=POST_ONLY),
    Row("applications:attachment_remove", app_file, method="post", expect=APPLICATION_ACTORS),
    Row("applications:attachment_download", app_file, method="get", expect=APPLICATION_READERS),
    # Documents: the 申报书 as .docx and PDF, for the exact submitted version or the current draft.
    Row("documents:version_docx", lambda w: [submitted(w).pk, 1], expect=APPLICATION_READERS),
    Row("documents:version_pdf", lambda w: [submitted(w).pk, 1], expect=APPLICATION_READERS),
    Row("documents:draft_docx", lambda w: [submitted(w).pk], expect=APPLICATION_READERS),
    Row("documents:draft_pdf", lambda w: [submitted(w).pk], expect=APPLICATION_READERS),
    # College recommendation (学院推荐).
    Row("recommendations:index", expect=statuses(403, superuser=200, org_admin=200, college_admin=200, outsider=200)),
    Row("recommendations:college", rec_college, "get", REC_VIEWERS),
    *_college_posts(),
    # The receipt desk and the formal check (受理与资格审查): the Organization Department over the call.
    Row("recommendations:desk", draft, expect=CALLS_MANAGED),
    Row("recommendations:desk_college", lambda w: [make_call(w.school).pk, w.college.pk], expect=CALLS_MANAGED),
    Row("recommendations:extensions", draft, expect=CALLS_MANAGED),
    Row("recommendations:extensions", draft, method="post", expect=CALLS_MANAGED),  # empty form re-rendered
    Row("recommendations:check", app_draft, expect=CALLS_MANAGED),
    Row("recommendations:paper", app_draft, expect=POST_ONLY),
    Row("recommendations:paper", app_draft, method="post", expect=CALLS_MANAGED_WRITE),
    Row("recommendations:accept", app_draft, expect=POST_ONLY),
    Row("recommendations:accept", app_draft, method="post", expect=CALLS_MANAGED_WRITE),
    Row("recommendations:return_to_college", app_draft, expect=POST_ONLY),
    Row("recommendations:return_to_college", app_draft, method="post", expect=CALLS_MANAGED_WRITE),
    Row("recommendations:summary_xlsx", draft, expect=CALLS_MANAGED),
    Row("recommendations:accepted_zip", draft, expect=CALLS_MANAGED),
    # Notifications: everyone has an inbox; nobody opens someone else's message.
    Row("notifications:inbox", expect=ALL_SIGNED_IN),
    Row("notifications:open", own_notification, expect=POST_ONLY),
    Row("notifications:open", own_notification, method="post", expect=statuses(404, college_admin=302)),
    Row("notifications:read_all", expect=POST_ONLY),
    Row("notifications:read_all", method="post", expect=statuses(302)),
    # The recommendation and receipt API.
    Row("api:get_college_recommendation", rec_college, expect=REC_API_READERS),
    Row("api:reorder_recommendation", rec_college, method="post", body=lambda w: {"order": [], "lock_version": 1},
        expect=rec_act(200)),
    Row("api:save_recommendation", rec_college, method="post",
        body=lambda w: {"opinion": "同意推荐。", "attested": [], "lock_version": 1}, expect=rec_act(200)),
    Row("api:submit_recommendation", rec_college, method="post", expect=rec_act(400)),
    Row("api:withdraw_recommendation", rec_college, method="post", body=lambda w: {"reason": "调整"},
        expect=rec_act(400)),
    Row("api:return_application_to_branch", rec_submitted, method="post", body=lambda w: {"reason": "补充材料"},
        expect=rec_act(200)),
    Row("api:endorse_application", rec_submitted, method="post", expect=rec_act(200)),
    Row("api:include_application", rec_submitted, method="post", expect=rec_act(400)),
    Row("api:exclude_application", rec_submitted, method="post", expect=rec_act(200)),
    Row("api:resend_application", rec_submitted, method="post", expect=rec_act(400)),
    Row("api:get_receipt_desk", rec_call, expect=rec_desk(200)),
    Row("api:list_deadline_extensions", rec_call, expect=rec_desk(200)),
    Row("api:grant_deadline_extension", rec_call, method="post",
        body=lambda w: {"unit": w.college.pk, "deadline": "2099-01-01T12:00", "reason": "系统故障"}, expect=rec_desk(201)),
    Row("api:get_formal_check", rec_sent, expect=rec_receive(200)),
    Row("api:record_paper_receipt", rec_sent, method="post",
        body=lambda w: {"received_on": timezone.localdate().isoformat()}, expect=rec_receive(200)),
    Row("api:accept_application", rec_sent, method="post", expect=rec_receive(400)),
    Row("api:return_application_to_college", rec_sent, method="post",
        body=lambda w: {"reason": "缺少盖章扫描件", "fix_by": "2099-01-01T12:00"}, expect=rec_receive(200)),
    # The audit log.
    Row("audit:log", expect=ORG_ADMIN_ONLY),
    Row("audit:export", expect=ORG_ADMIN_ONLY),
    Row("audit:event", lambda w: [AuditEvent.objects.create(action="unit.update", unit=w.branch,
                                                            unit_path=w.branch.path).pk], expect=ORG_ADMIN_ONLY),
    # Review and selection, the public notice, the studios.
    *REVIEW_ROWS,
]


def _named_urls() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name and namespace in NAMESPACES:
                names.add(f"{namespace}:{p.name}")

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_is_in_the_table() -> None:
    assert sorted(_named_urls() - {row.name for row in TABLE}) == []


def _cases() -> list[Any]:
    return [pytest.param(row, role, id=f"{row.method} {row.name}{row.query} #{i} as {role}")
            for i, row in enumerate(TABLE) for role in ROLES]


@pytest.mark.parametrize(("row", "role"), _cases())
def test_access(row: Row, role: str, client_for: Any, world: World) -> None:
    client = client_for(role)
    url = reverse(row.name, args=row.args(world)) + row.query.format(
        college=world.college.pk, branch=world.branch.pk, school=world.school.pk)
    if row.body is None:
        response = getattr(client, row.method)(url)
    else:
        response = getattr(client, row.method)(url, data=json.dumps(row.body(world)), content_type="application/json")
    assert response.status_code == row.status_for(role), url
