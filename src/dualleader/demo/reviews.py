"""The review half of the demo: an earlier call, 第一批, whose eight applications from four colleges
were sent, checked and accepted, and whose 通讯评审 is under way — five of the six reviewers have
scored, `expert` still has their queue to do, so zzb's progress, ranking and decision pages have data.
Everything goes through the services the pages use, and only once."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from dualleader.accounts.models import User
from dualleader.applications.enums import AttachmentKind
from dualleader.applications.models import Application
from dualleader.applications.services import (
    attachment_add,
)
from dualleader.calls.models import Call
from dualleader.calls.services import call_close, call_create, call_publish
from dualleader.recommendations.models import Recommendation
from dualleader.recommendations.receipt import formal_check_accept, paper_receipt_record
from dualleader.recommendations.services import (
    application_endorse,
    attestation_rules,
    recommendation_include,
    recommendation_save,
    recommendation_submit,
)
from dualleader.reviews.assigning import assign_auto
from dualleader.reviews.enums import OtherReviews, PanelRole, RoundKind
from dualleader.reviews.models import Assignment
from dualleader.reviews.panel import panel_add, panel_add_external
from dualleader.reviews.scoring import review_submit
from dualleader.reviews.setup import round_open, round_save
from dualleader.reviews.start import evaluation_start
from dualleader.units.enums import TitleLevel, UnitKind
from dualleader.units.models import Person, Unit

from .builder import FEATURED_BRANCH, SUBMITTING_BRANCH
from .recommendations import OPINION, _eligible_branches, _secretary_account, _submit

FIRST_CALL = "第一批"
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")
FOCUS = ["“红色引擎”", "“双融双促”", "“党建+课程思政”", "“先锋领航”", "“三全育人”", "“匠心铸魂”",
         "“科研攻关先锋”", "“师德涵养”"]


def _apply(call: Call, branch: Unit, n: int) -> Application | None:
    name = branch.department or branch.name.removesuffix("教师党支部")
    return _submit(call, branch, studio_name=f"{name}{FOCUS[n % len(FOCUS)]}“双带头人”教师党支部书记工作室",
                   evidence=[SimpleUploadedFile("支部工作总结.pdf", PDF, content_type="application/pdf")])


def _college_admin(college: Unit, fallback: User) -> User:
    grant = college.role_grants.filter(role="college_admin").select_related("user").first()
    return grant.user if grant is not None else fallback


def first_call_exists() -> bool:
    return Call.objects.filter(name=FIRST_CALL).exists()


@transaction.atomic
def add_first_call(zzb: User, now: datetime.datetime) -> tuple[Call, list[Application]]:
    """第一批: published 75 days ago; eight applications (two per college, four colleges) submitted,
    endorsed, ranked, sent and accepted at the formal check; the call then closed 45 days ago."""
    owner = Unit.objects.get(code="CCUT")
    call = call_create(name=FIRST_CALL, owner=owner, notice="长春工业大学第一批“双带头人”教师党支部书记工作室申报通知。",
                       opens_at=now - datetime.timedelta(days=75), deadline=now + datetime.timedelta(hours=1),
                       cycle_years=2, college_quota=2, select_min=2, select_max=5, min_outcomes_per_year=1,
                       contact_person="张慧", contact_phone="85927818")
    call = call_publish(call=call)
    colleges = list(Unit.objects.filter(path__startswith=owner.path, kind=UnitKind.COLLEGE, is_active=True)
                    .order_by("path")[:4])
    accepted: list[Application] = []
    n = 0
    for college in colleges:
        admin = _college_admin(college, zzb)
        apps = []
        for branch in _eligible_branches(call, college, {FEATURED_BRANCH, SUBMITTING_BRANCH}, 2):
            application = _apply(call, branch, n)
            n += 1
            if application is not None:
                apps.append(application)
        for application in apps:
            application_endorse(application=application, user=admin)
            recommendation_include(application=application, user=admin)
        if not apps:
            continue
        recommendation = Recommendation.objects.get(call=call, unit=college)
        recommendation = recommendation_save(recommendation=recommendation, opinion=OPINION,
                                             attested=[r.pk for r in attestation_rules(call)],
                                             expected_lock_version=recommendation.lock_version, user=admin)
        recommendation_submit(recommendation=recommendation, user=admin)
        accepted += apps
    Call.objects.filter(pk=call.pk).update(deadline=now - datetime.timedelta(days=45))
    call.refresh_from_db()
    for application in accepted:
        attachment_add(application=application, kind=AttachmentKind.STAMPED_SCAN, description="盖章扫描件",
                       user=_secretary_account(application.branch),
                       upload=SimpleUploadedFile("申报书盖章扫描件.pdf", PDF, content_type="application/pdf"))
        paper_receipt_record(application=application, received_on=timezone.localdate() - datetime.timedelta(days=44),
                             note="纸质版已盖章", user=zzb)
        formal_check_accept(application=application, user=zzb)
    call = call_close(call=call)
    return call, [Application.objects.get(pk=a.pk) for a in accepted]


QUALITY = [92, 88, 86, 84, 81, 78, 75, 71]  # how good each application is, out of 100
EXTERNAL = [("王立平", "吉林大学马克思主义学院", "0431-85166001"), ("陈静", "东北师范大学党委组织部", "0431-85099002")]


def _points(criteria: list[Any], quality: float, seed: int) -> dict[str, str]:
    """Points per criterion near `quality` per cent of each maximum, in half points, varied a little."""
    scores = {}
    for i, criterion in enumerate(criteria):
        wobble = ((seed * 7 + i * 3) % 5 - 2) / 100
        share = min(1.0, max(0.3, quality / 100 + wobble))
        scores[str(criterion.pk)] = str(round(float(criterion.max_points) * share * 2) / 2)
    return scores


@transaction.atomic
def add_review_round(call: Call, accepted: list[Application], zzb: User, now: datetime.datetime) -> int:
    """The selection review of 第一批: default rubric, a panel of six (expert, two from other universities,
    three from the colleges), the remote round open since ten days ago, five reviewers per application,
    and every reviewer but `expert` done. Returns the number of submitted reviews."""
    evaluation = evaluation_start(call=call, user=zzb)
    expert = User.objects.get(username="expert")
    panel_add(evaluation=evaluation, user=zzb, account=expert)
    for name, affiliation, phone in EXTERNAL:
        panel_add_external(evaluation=evaluation, name=name, affiliation=affiliation, phone=phone, email="", user=zzb)
    colleges = [a.branch.get_parent().get_parent() if a.branch.get_parent().kind != UnitKind.COLLEGE
                else a.branch.get_parent() for a in accepted[::2]]
    for i, college in enumerate(colleges[:3]):
        person = Person.objects.filter(unit__path__startswith=college.path, account__isnull=True,
                                       title_level=TitleLevel.FULL).order_by("staff_no").first()
        if person is not None:
            panel_add(evaluation=evaluation, user=zzb, person=person,
                      role=PanelRole.LEADING_GROUP if i == 0 else PanelRole.EXPERT)
    round_ = evaluation.rounds.get(kind=RoundKind.REMOTE)
    round_ = round_save(evaluation=evaluation, round=round_, opens_at=now - datetime.timedelta(days=10),
                        closes_at=now + datetime.timedelta(days=4), reviewers_per_item=5, show_names=False,
                        show_college=False, other_reviews=OtherReviews.NEVER, user=zzb)
    round_ = round_open(round=round_, user=zzb)
    assign_auto(round=round_, user=zzb)
    criteria = list(evaluation.criteria.all())
    quality = {a.pk: QUALITY[i % len(QUALITY)] for i, a in enumerate(accepted)}
    bias: dict[int, float] = {}
    done = 0
    for n, assignment in enumerate(Assignment.objects.filter(round=round_).exclude(reviewer=expert)
                                   .select_related("reviewer").order_by("reviewer_id", "application_id")):
        # One external expert is uniformly harsh; one review is far from the others (an outlier).
        harsh = bias.setdefault(assignment.reviewer_id, -7.0 if len(bias) == 0 else (len(bias) % 3 - 1) * 1.5)
        q = quality[assignment.application_id] + harsh - (18 if n == 5 else 0)
        review_submit(assignment=assignment, user=assignment.reviewer, scores=_points(criteria, q, n),
                      comment="申报材料完整，建设目标明确，党建与业务融合思路清晰；建议进一步细化年度成果的考核指标。")
        done += 1
    return done


def add_demo_reviews() -> list[str]:
    """Create the review demo once; returns a line per thing made."""
    if first_call_exists():
        return []
    zzb = User.objects.filter(username="zzb").first()
    if zzb is None:
        return []
    now = timezone.now()
    call, accepted = add_first_call(zzb, now)
    reviews = add_review_round(call, accepted, zzb, now)
    return [f"申报批次“{call.name}”：{len(accepted)} 份申报书已通过资格审查",
            f"“{call.name}”通讯评审进行中：已提交 {reviews} 份评审，expert 尚有待评申报书"]
