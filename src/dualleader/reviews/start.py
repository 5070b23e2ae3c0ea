"""Setting up the selection review of a call, with the default rubric from the construction standard
and the five construction tasks (totals 100)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from dualleader.audit.services import record
from dualleader.calls.models import Call

from .enums import EvaluationKind, RoundKind
from .models import Criterion, Evaluation, ReviewRound

DEFAULT_RUBRIC: list[tuple[str, str, int]] = [
    ("支部基础与书记条件", "对照建设标准：支部成立年限、组织生活规范；书记政治素质过硬、业务能力突出，"
     "具备“双带头人”条件，在师生中有威信。", 20),
    ("强化支部政治功能", "党的创新理论学习体系、载体、制度健全；支部政治建设、政治生活、教师政治学习、"
     "政治把关的举措具体可行。", 15),
    ("抓好党建主责主业", "“三会一课”、组织生活会、谈心谈话、民主评议党员等基本制度落实；在高层次人才、"
     "优秀青年教师中发展党员的计划明确。", 15),
    ("提升思想政治工作质量", "教师思想政治工作和知识分子工作有特色、有抓手，能引领带动学生思想政治工作。", 15),
    ("促进学校事业发展", "党建与教学科研相互融合、相互促进的路径清晰，“双培养”机制有效。", 15),
    ("加强支部班子建设", "支部班子健全，后备人才培养机制完善，青年党员学术骨干配备合理。", 10),
    ("建设计划与预期成果", "两年建设周期和年度目标明确、实施计划可行，每年代表性成果可检验、可推广。", 10),
]


@transaction.atomic
def evaluation_start(*, call: Call, user: Any, kind: str = EvaluationKind.SELECTION) -> Evaluation:
    """The call's evaluation of `kind`, created with the default rubric and a remote round (opening the
    day after the call's deadline, two weeks long) if it does not exist yet. Idempotent."""
    Call.objects.select_for_update().get(pk=call.pk)
    existing = Evaluation.objects.filter(call=call, kind=kind).first()
    if existing is not None:
        return existing
    evaluation = Evaluation.objects.create(call=call, owner=call.owner, kind=kind)
    Criterion.objects.bulk_create(
        Criterion(evaluation=evaluation, order=i, name=name, description=text, max_points=Decimal(points))
        for i, (name, text, points) in enumerate(DEFAULT_RUBRIC, start=1))
    opens = max(call.deadline, timezone.now()) + datetime.timedelta(days=1)
    ReviewRound.objects.create(evaluation=evaluation, kind=RoundKind.REMOTE, opens_at=opens,
                               closes_at=opens + datetime.timedelta(days=14))
    record("review.evaluation_start", obj=evaluation, unit=call.owner,
           after={"call": call.pk, "kind": kind, "criteria": len(DEFAULT_RUBRIC)}, actor=user)
    return evaluation
