"""The college and university half of the demo: in 机电工程学院 two more branches have submitted (one
already endorsed), so jdxy has work to do; 计算机科学与工程学院 has endorsed, ranked and sent its two
applications, so zzb's receipt desk has a list to check; and one college has an extension. Everything
goes through the services the pages use, and only once."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from dualleader.accounts.enums import Role
from dualleader.accounts.models import RoleGrant, User
from dualleader.applications.enums import ApplicationStatus, AttachmentKind
from dualleader.applications.models import Application
from dualleader.applications.services import (
    application_save,
    application_start,
    application_submit,
    attachment_add,
)
from dualleader.calls.eligibility import current_secretary, evaluate, is_eligible
from dualleader.calls.models import Call, DeadlineExtension
from dualleader.recommendations.models import Recommendation
from dualleader.recommendations.receipt import deadline_extension_grant
from dualleader.recommendations.services import (
    application_endorse,
    attestation_rules,
    recommendation_include,
    recommendation_save,
    recommendation_submit,
)
from dualleader.units.enums import UnitKind
from dualleader.units.models import Unit

from .applications import _complete_data
from .builder import FEATURED_BRANCH, PASSWORD, SUBMITTING_BRANCH
from .notice import CALL_NAME

MECH = "机电工程学院党委"
COMPUTING = "计算机科学与工程学院党委"
EXTENDED = "化学工程学院党委"

OPINION = ("经学院党委会议研究，同意推荐以上支部申报“双带头人”教师党支部书记工作室。推荐支部政治功能突出，"
           "支部书记均为“双带头人”，党建与业务融合成效明显，排序如上。")


def _secretary_account(branch: Unit) -> User | None:
    """The branch secretary's account, made for the demo when the branch has none (not in the table of
    demo accounts: these secretaries only exist so their applications have an author)."""
    grant = RoleGrant.objects.filter(unit=branch, role=Role.BRANCH_SECRETARY).select_related("user").first()
    if grant is not None:
        return grant.user
    person = current_secretary(branch)
    if person is None or hasattr(person, "account"):
        return None
    user = User.objects.create(username=f"sj{branch.code.lower()}", password=make_password(PASSWORD), person=person,
                               must_change_password=False, email=person.email)
    RoleGrant.objects.create(user=user, role=Role.BRANCH_SECRETARY, unit=branch)
    return user


def _submit(call: Call, branch: Unit, studio_name: str | None = None,
            evidence: list[SimpleUploadedFile] | None = None) -> Application | None:
    """The branch's application to `call`, filled in, with `evidence` attached, and submitted by its
    secretary (None when the branch has no secretary to write it)."""
    user = _secretary_account(branch)
    if user is None:
        return None
    application = application_start(call=call, branch=branch, user=user)
    data = _complete_data(application)
    name = branch.department or branch.name.removesuffix("教师党支部")
    data["studio_name"] = studio_name or f"{name}“双带头人”教师党支部书记工作室"
    data["team"][0].update({"name": data.get("secretary_name", ""), "title": data.get("secretary_title", "")})
    application = application_save(application=application, data=data,
                                   expected_lock_version=application.lock_version, user=user)
    for upload in evidence or []:
        attachment_add(application=application, kind=AttachmentKind.EVIDENCE, description="支部近三年工作总结",
                       upload=upload, user=user)
    return application_submit(application=application, user=user)


def _eligible_branches(call: Call, college: Unit, exclude: set[str], count: int) -> list[Unit]:
    found = []
    live = set(Application.objects.filter(call=call).exclude(status=ApplicationStatus.WITHDRAWN)
               .values_list("branch_id", flat=True))
    for branch in Unit.objects.filter(path__startswith=college.path, kind=UnitKind.TEACHER_BRANCH,
                                      is_active=True).order_by("path"):
        if branch.name in exclude or branch.pk in live:
            continue
        if is_eligible(evaluate(call, branch)):
            found.append(branch)
        if len(found) == count:
            break
    return found


@transaction.atomic
def add_demo_recommendations() -> list[str]:
    """Create the demo's college work once; returns a line per thing made."""
    call = Call.objects.filter(name=CALL_NAME).first()
    if call is None or not call.is_open() or Recommendation.objects.filter(call=call).exists():
        return []
    units = {u.name: u for u in Unit.objects.filter(name__in=[MECH, COMPUTING, EXTENDED])}
    admins = {u.username: u for u in User.objects.filter(username__in=["jdxy", "jsjxy", "zzb"])}
    done: list[str] = []
    if MECH in units and "jdxy" in admins:
        submitted = [a for a in (_submit(call, b) for b in _eligible_branches(call, units[MECH], {FEATURED_BRANCH}, 2))
                     if a is not None]
        if submitted:
            application_endorse(application=submitted[0], user=admins["jdxy"])
        done.append(f"{MECH}：{len(submitted)} 份申报书待学院审核（其中 1 份已同意推荐）")
    if COMPUTING in units and "jsjxy" in admins:
        admin = admins["jsjxy"]
        mine: list[Any] = list(Application.objects.filter(call=call, branch__name=SUBMITTING_BRANCH,
                                                          status=ApplicationStatus.SUBMITTED))
        mine += [a for a in (_submit(call, b) for b in _eligible_branches(call, units[COMPUTING],
                                                                           {SUBMITTING_BRANCH}, 1)) if a is not None]
        for application in mine:
            application_endorse(application=application, user=admin)
            recommendation_include(application=application, user=admin)
        recommendation = Recommendation.objects.get(call=call, unit=units[COMPUTING])
        recommendation = recommendation_save(recommendation=recommendation, opinion=OPINION,
                                             attested=[r.pk for r in attestation_rules(call)],
                                             expected_lock_version=recommendation.lock_version, user=admin)
        recommendation_submit(recommendation=recommendation, user=admin)
        done.append(f"{COMPUTING}：已向组织部报送推荐名单（{len(mine)} 份，已排序）")
    if EXTENDED in units and "zzb" in admins and not DeadlineExtension.objects.filter(call=call).exists():
        deadline_extension_grant(call=call, unit=units[EXTENDED], deadline=call.deadline + datetime.timedelta(days=3),
                                 reason="学院党委正在换届，推荐会议顺延召开。", user=admins["zzb"])
        done.append(f"{EXTENDED}：截止时间延长 3 天")
    return done
