"""The college's rules (recommendations/services.py) as the workbench relies on them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from dualleader.applications.models import Application
from dualleader.applications.tests.factories import make_open_call
from dualleader.calls.deadlines import beijing
from dualleader.calls.models import Call
from dualleader.recommendations.models import Recommendation, RecommendationEntry
from dualleader.recommendations.receipt import deadline_extension_grant
from dualleader.recommendations.services import (
    StaleRanking,
    application_endorse,
    application_resend,
    application_return,
    attestation_rules,
    recommendation_exclude,
    recommendation_include,
    recommendation_reorder,
    recommendation_save,
    recommendation_submit,
    recommendation_withdraw,
)
from dualleader.recommendations.tests.factories import (
    make_branch,
    make_endorsed,
    make_returned_by_school,
    make_sent_list,
    make_submitted,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):  # the assertions read the English msgids
        yield


@pytest.fixture
def call(world):
    return make_open_call(world.school)


@pytest.fixture
def admin(world):
    return world.user("college_admin")


def endorsed_apps(world, call, admin, n):
    apps = [make_endorsed(call, world.branch, world.user("branch_secretary"), admin)]
    for _ in range(n - 1):
        branch, user = make_branch(world.college)
        apps.append(make_endorsed(call, branch, user, admin))
    return apps


def ranks(call, college):
    return list(RecommendationEntry.objects.filter(recommendation__call=call, recommendation__unit=college)
                .order_by("rank").values_list("application_id", "rank"))


def past(call):
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    call.refresh_from_db()


def test_return_submitted_application_goes_back_with_the_reason(world, call, admin):
    app = make_submitted(call, world.branch, world.user("branch_secretary"))
    result = application_return(application=app, user=admin, reason="  补充建设目标。 ")
    assert (result.status, result.status_reason) == ("returned", "补充建设目标。")


def test_return_without_reason_refused(world, call, admin):
    app = make_submitted(call, world.branch, world.user("branch_secretary"))
    with pytest.raises(ValidationError):
        application_return(application=app, user=admin, reason="   ")
    app.refresh_from_db()
    assert app.status == "submitted"


def test_return_of_recommended_application_refused(world, call, admin):
    (app,) = endorsed_apps(world, call, admin, 1)
    make_sent_list(call, world.college, [app], admin)
    with pytest.raises(ValidationError, match="withdraw the list"):
        application_return(application=app, user=admin, reason="再改改")
    app.refresh_from_db()
    assert app.status == "recommended"


def test_return_of_listed_application_takes_it_off_and_renumbers(world, call, admin):
    a, b = endorsed_apps(world, call, admin, 2)
    recommendation_include(application=a, user=admin)
    recommendation_include(application=b, user=admin)
    application_return(application=a, user=admin, reason="补充材料")
    assert ranks(call, world.college) == [(b.pk, 1)]


def test_endorse_submitted_application(world, call, admin):
    app = make_submitted(call, world.branch, world.user("branch_secretary"))
    assert application_endorse(application=app, user=admin).status == "endorsed"


def test_endorse_after_deadline_refused_naming_the_deadline(world, call, admin):
    app = make_submitted(call, world.branch, world.user("branch_secretary"))
    past(call)
    with pytest.raises(ValidationError) as exc:
        application_endorse(application=app, user=admin)
    assert beijing(call.deadline) in exc.value.messages[0]


def test_include_puts_endorsed_applications_last(world, call, admin):
    a, b = endorsed_apps(world, call, admin, 2)
    recommendation_include(application=a, user=admin)
    recommendation_include(application=b, user=admin)
    assert ranks(call, world.college) == [(a.pk, 1), (b.pk, 2)]


def test_include_when_quota_full_refused(world, call, admin):
    a, b, c = endorsed_apps(world, call, admin, 3)
    recommendation_include(application=a, user=admin)
    recommendation_include(application=b, user=admin)
    with pytest.raises(ValidationError, match="quota"):
        recommendation_include(application=c, user=admin)
    assert ranks(call, world.college) == [(a.pk, 1), (b.pk, 2)]


def test_include_of_submitted_application_refused(world, call, admin):
    app = make_submitted(call, world.branch, world.user("branch_secretary"))
    with pytest.raises(ValidationError, match="endorsed"):
        recommendation_include(application=app, user=admin)
    assert ranks(call, world.college) == []


def test_exclude_renumbers_the_ranks_below(world, call, admin):
    a, b, c = endorsed_apps(world, call, admin, 3)
    Call.objects.filter(pk=call.pk).update(college_quota=3)
    for app in (a, b, c):
        recommendation_include(application=app, user=admin)
    recommendation_exclude(application=a, user=admin)
    assert ranks(call, world.college) == [(b.pk, 1), (c.pk, 2)]
    assert Application.objects.get(pk=a.pk).status == "endorsed"


def test_reorder_sets_the_ranks(world, call, admin):
    a, b = endorsed_apps(world, call, admin, 2)
    recommendation_include(application=a, user=admin)
    recommendation_include(application=b, user=admin)
    rec = Recommendation.objects.get(call=call, unit=world.college)
    result = recommendation_reorder(recommendation=rec, order=[b.pk, a.pk], expected_lock_version=rec.lock_version,
                                    user=admin)
    assert ranks(call, world.college) == [(b.pk, 1), (a.pk, 2)]
    assert result.lock_version == rec.lock_version + 1


def test_reorder_with_stale_lock_version_refused_and_ranks_unchanged(world, call, admin):
    a, b = endorsed_apps(world, call, admin, 2)
    recommendation_include(application=a, user=admin)
    rec = Recommendation.objects.get(call=call, unit=world.college)
    stale = rec.lock_version
    recommendation_include(application=b, user=admin)  # someone else changes the list
    with pytest.raises(StaleRanking):
        recommendation_reorder(recommendation=rec, order=[b.pk, a.pk], expected_lock_version=stale, user=admin)
    assert ranks(call, world.college) == [(a.pk, 1), (b.pk, 2)]


def test_reorder_not_listing_every_entry_refused(world, call, admin):
    a, b = endorsed_apps(world, call, admin, 2)
    recommendation_include(application=a, user=admin)
    recommendation_include(application=b, user=admin)
    rec = Recommendation.objects.get(call=call, unit=world.college)
    with pytest.raises(ValidationError, match="exactly once"):
        recommendation_reorder(recommendation=rec, order=[b.pk, b.pk], expected_lock_version=rec.lock_version,
                               user=admin)
    assert ranks(call, world.college) == [(a.pk, 1), (b.pk, 2)]


def test_save_keeps_opinion_and_only_the_calls_attestations(world, call, admin):
    (app,) = endorsed_apps(world, call, admin, 1)
    recommendation_include(application=app, user=admin)
    rec = Recommendation.objects.get(call=call, unit=world.college)
    rule = attestation_rules(call)[0]
    saved = recommendation_save(recommendation=rec, opinion=" 同意 ", attested=[rule.pk, 999999],
                                expected_lock_version=rec.lock_version, user=admin)
    assert (saved.opinion, saved.attested) == ("同意", [rule.pk])


def test_save_with_stale_lock_version_refused(world, call, admin):
    (app,) = endorsed_apps(world, call, admin, 1)
    recommendation_include(application=app, user=admin)
    rec = Recommendation.objects.get(call=call, unit=world.college)
    with pytest.raises(StaleRanking):
        recommendation_save(recommendation=rec, opinion="同意", attested=[], expected_lock_version=rec.lock_version - 1,
                            user=admin)
    rec.refresh_from_db()
    assert rec.opinion == ""


def test_submit_without_entries_opinion_or_attestation_lists_every_problem(world, call, admin):
    rec = Recommendation.objects.create(call=call, unit=world.college)
    with pytest.raises(ValidationError) as exc:
        recommendation_submit(recommendation=rec, user=admin)
    assert len(exc.value.messages) == 3
    assert "at least one" in exc.value.messages[0]
    assert "opinion" in exc.value.messages[1]
    assert attestation_rules(call)[0].explanation in exc.value.messages[2]
    rec.refresh_from_db()
    assert rec.status == "draft"


def test_submit_sends_the_list_and_recommends_the_applications(world, call, admin):
    a, b = endorsed_apps(world, call, admin, 2)
    rec = make_sent_list(call, world.college, [a, b], admin)
    assert (rec.status, rec.submitted_by) == ("submitted", admin)
    assert set(Application.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True)) == {"recommended"}


def test_submit_after_deadline_refused(world, call, admin):
    (app,) = endorsed_apps(world, call, admin, 1)
    recommendation_include(application=app, user=admin)
    rec = Recommendation.objects.get(call=call, unit=world.college)
    recommendation_save(recommendation=rec, opinion="同意", attested=[r.pk for r in attestation_rules(call)],
                        expected_lock_version=None, user=admin)
    past(call)
    with pytest.raises(ValidationError) as exc:
        recommendation_submit(recommendation=rec, user=admin)
    assert exc.value.messages == [f"The deadline, {beijing(call.deadline)}, has passed."]


def test_submit_after_call_deadline_allowed_within_the_colleges_extension(world, call, admin):
    (app,) = endorsed_apps(world, call, admin, 1)
    recommendation_include(application=app, user=admin)
    rec = Recommendation.objects.get(call=call, unit=world.college)
    recommendation_save(recommendation=rec, opinion="同意", attested=[r.pk for r in attestation_rules(call)],
                        expected_lock_version=None, user=admin)
    past(call)
    deadline_extension_grant(call=call, unit=world.college, deadline=timezone.now() + datetime.timedelta(days=2),
                             reason="学院党委换届", user=world.user("org_admin"))
    assert recommendation_submit(recommendation=rec, user=admin).status == "submitted"


def test_withdraw_puts_the_applications_back_to_endorsed(world, call, admin):
    (app,) = endorsed_apps(world, call, admin, 1)
    rec = make_sent_list(call, world.college, [app], admin)
    result = recommendation_withdraw(recommendation=rec, user=admin, reason="调整排序")
    assert result.status == "draft"
    assert Application.objects.get(pk=app.pk).status == "endorsed"
    assert ranks(call, world.college) == [(app.pk, 1)]


def test_withdraw_without_reason_refused(world, call, admin):
    (app,) = endorsed_apps(world, call, admin, 1)
    rec = make_sent_list(call, world.college, [app], admin)
    with pytest.raises(ValidationError):
        recommendation_withdraw(recommendation=rec, user=admin, reason="")
    rec.refresh_from_db()
    assert rec.status == "submitted"


def test_withdraw_after_deadline_refused(world, call, admin):
    (app,) = endorsed_apps(world, call, admin, 1)
    rec = make_sent_list(call, world.college, [app], admin)
    past(call)
    with pytest.raises(ValidationError, match="has passed"):
        recommendation_withdraw(recommendation=rec, user=admin, reason="调整排序")
    rec.refresh_from_db()
    assert rec.status == "submitted"


def test_resend_returned_by_school_application(world, call, admin):
    (app,) = endorsed_apps(world, call, admin, 1)
    make_sent_list(call, world.college, [app], admin)
    app = make_returned_by_school(app, world.user("org_admin"))
    assert application_resend(application=app, user=admin).status == "recommended"


def test_resend_after_fix_by_refused(world, call, admin):
    (app,) = endorsed_apps(world, call, admin, 1)
    make_sent_list(call, world.college, [app], admin)
    app = make_returned_by_school(app, world.user("org_admin"))
    Application.objects.filter(pk=app.pk).update(fix_by=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="has passed"):
        application_resend(application=app, user=admin)
    assert Application.objects.get(pk=app.pk).status == "returned_by_school"


def test_resend_of_application_not_returned_refused(world, call, admin):
    (app,) = endorsed_apps(world, call, admin, 1)
    with pytest.raises(ValidationError, match="returned by the university"):
        application_resend(application=app, user=admin)
