"""Test data for recommendation and receipt, built through the real services (applications/services.py,
recommendations/services.py, recommendations/receipt.py) so every row is one the application could make.

Signatures are shared by several test modules; keep them stable.

    branch, secretary_user = make_branch(college)                      # a teacher branch with a secretary
    app = make_submitted(call, branch, secretary_user)                  # status submitted
    app = make_endorsed(call, branch, secretary_user, college_user)     # status endorsed
    rec = make_sent_list(call, college, [app1, app2], college_user)     # list sent, apps recommended
    app = make_returned_by_school(app, org_user)                        # returned_by_school with a fix-by
"""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.utils import timezone
from tests.factories import make_person, make_unit, make_user

from dualleader.accounts.enums import Role
from dualleader.accounts.models import User
from dualleader.applications.models import Application
from dualleader.applications.services import application_save, application_start, application_submit
from dualleader.applications.tests.factories import complete_data
from dualleader.calls.models import Call
from dualleader.recommendations.models import Recommendation
from dualleader.recommendations.services import (
    application_endorse,
    attestation_rules,
    recommendation_include,
    recommendation_save,
    recommendation_submit,
)
from dualleader.units.enums import PositionRole, TitleLevel, UnitKind
from dualleader.units.models import Position, Unit

_seq = itertools.count(1)


def make_branch(college: Unit, name: str | None = None) -> tuple[Unit, User]:
    """A teacher branch under `college` that meets the default construction standard, with a current
    secretary (a full professor) who has a branch_secretary account. Returns (branch, secretary_user)."""
    n = next(_seq)
    branch = make_unit(college, name or f"测试系{n}教师党支部", UnitKind.TEACHER_BRANCH, department=f"测试系{n}",
                       established_on=datetime.date(2015, 9, 1), last_election_on=datetime.date(2024, 6, 1))
    person = make_person(branch, f"书记{n}", title="教授", title_level=TitleLevel.FULL)
    Position.objects.create(person=person, unit=branch, role=PositionRole.SECRETARY,
                            started_on=datetime.date(2024, 6, 1))
    user = make_user(f"sec{n}_{branch.pk}", person, Role.BRANCH_SECRETARY, branch)
    return branch, user


def make_submitted(call: Call, branch: Unit, user: Any) -> Application:
    """The branch's application to `call`, filled in completely and submitted to the college."""
    application = application_start(call=call, branch=branch, user=user)
    application = application_save(application=application, data=complete_data(application),
                                   expected_lock_version=application.lock_version, user=user)
    return application_submit(application=application, user=user)


def make_endorsed(call: Call, branch: Unit, user: Any, college_user: Any | None = None) -> Application:
    """A submitted application the college endorsed (同意推荐)."""
    application = make_submitted(call, branch, user)
    return application_endorse(application=application, user=college_user or user)


def make_sent_list(call: Call, college: Unit, apps: list[Application], user: Any,
                   opinion: str = "同意推荐。") -> Recommendation:
    """The college's list with `apps` in that order (submitted ones are endorsed first), the opinion
    written, every attestation confirmed, and sent to the university. `user` is the college admin."""
    for application in apps:
        application.refresh_from_db()
        if application.status == "submitted":
            application_endorse(application=application, user=user)
        recommendation_include(application=application, user=user)
    recommendation = Recommendation.objects.get(call=call, unit=college)
    recommendation = recommendation_save(recommendation=recommendation, opinion=opinion,
                                         attested=[r.pk for r in attestation_rules(call)],
                                         expected_lock_version=None, user=user)
    return recommendation_submit(recommendation=recommendation, user=user)


def make_returned_by_school(application: Application, user: Any, reason: str = "缺少盖章扫描件。",
                            fix_by: datetime.datetime | None = None) -> Application:
    """An application on a sent list that the Organization Department (`user`) returned to the college,
    to be fixed by `fix_by` (default: in 7 days)."""
    from dualleader.recommendations.receipt import formal_check_return

    formal_check_return(application=application, reason=reason,
                        fix_by=fix_by or timezone.now() + datetime.timedelta(days=7), user=user)
    application.refresh_from_db()
    return application
