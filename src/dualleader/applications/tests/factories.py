"""Test data for applications: a published, open call with the default form and standard."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from dualleader.applications.models import Application
from dualleader.applications.services import application_start
from dualleader.calls.eligibility import add_default_rules
from dualleader.calls.enums import CallStatus
from dualleader.calls.formschema import default_schema
from dualleader.calls.models import Call, FormTemplate


def make_open_call(owner: Any, **fields: Any) -> Call:
    now = timezone.now()
    values: dict[str, Any] = {"name": "第二批", "status": CallStatus.PUBLISHED, "opens_at": now - datetime.timedelta(days=1),
                              "deadline": now + datetime.timedelta(days=30)}
    values.update(fields)
    call = Call.objects.create(owner=owner, **values)
    FormTemplate.objects.create(call=call, schema=default_schema())
    add_default_rules(call)
    return call


def make_application(world: Any, call: Call | None = None) -> Application:
    call = call or make_open_call(world.school)
    return application_start(call=call, branch=world.branch, user=world.user("branch_secretary"))


def complete_data(application: Application) -> dict[str, Any]:
    """Everything the default form requires, on top of the prefilled values."""
    data = dict(application.data)
    data.update({
        "studio_name": "机械设计系“双带头人”教师党支部书记工作室", "secretary_phone": "0431-85716000",
        "foundation": "支部现有党员十八名，坚持“三会一课”。", "goals": "建成示范工作室。",
        "schedule": "第一年完成制度建设，第二年推广经验。", "features": "党建与学科深度融合。",
        "plan": {y: [{"task": row["task"], "goal": "年度目标"} for row in rows] for y, rows in data["plan"].items()},
        "outcomes": {"1": [{"type": "method", "title": "支部工作法", "form": "案例"}],
                     "2": [{"type": "research", "title": "教改论文", "form": "论文"}]},
        "budget": [{"item": "培训费", "amount": "5000", "basis": "2次"}],
        "team": [{"name": "王建国", "title": "教授", "party_post": "书记", "duty": "负责人"}],
    })
    return data
