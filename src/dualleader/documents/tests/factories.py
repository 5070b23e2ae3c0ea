"""An application with a submitted version, built directly with the ORM (no services), in Chinese."""

from __future__ import annotations

import copy
import datetime
import hashlib
import json
from typing import Any

from django.utils import timezone

from dualleader.applications.models import Application, ApplicationVersion
from dualleader.calls.formschema import default_schema
from dualleader.calls.models import Call, FormTemplate

FOUNDATION_SENTENCE = "支部坚持“三会一课”制度，近三年发展青年教师党员五名，获评校级先进基层党组织。"
GOALS_SENTENCE = "用两年时间把工作室建成机械工程学科党建与业务深度融合的示范平台。"
OUTCOME_TITLE = "“机械匠心”支部工作法"
BUDGET_ITEM = "党建资料印刷费"


def sample_data() -> dict[str, Any]:
    return {
        "studio_name": "王建国“双带头人”教师党支部书记工作室",
        "branch_name": "机械设计系教师党支部",
        "college_name": "机电工程学院党委",
        "department": "机械设计系 / 机械工程",
        "established_on": "2015-09-01",
        "member_count": "18",
        "secretary_name": "王建国",
        "secretary_title": "教授",
        "secretary_degree": "博士研究生",
        "secretary_roles": "吉林省机械工程学会理事",
        "secretary_phone": "0431-85927818",
        "foundation": FOUNDATION_SENTENCE + "\n支部书记带头承担国家自然科学基金项目，形成了“党建+科研团队”的工作格局。",
        "goals": GOALS_SENTENCE,
        "plan": {
            "1": [{"task": "political", "goal": "第一年：建立理论学习中心组制度，每月开展一次集中学习。"},
                  {"task": "party_work", "goal": "严格落实组织生活会和民主评议党员制度。"},
                  {"task": "ideology", "goal": "开展“名师讲党课”活动。"},
                  {"task": "development", "goal": "推动党建与学科建设“双融合”。"},
                  {"task": "team", "goal": "选配青年学术骨干担任支部委员。"}],
            "2": [{"task": "political", "goal": "第二年：总结提炼政治建设经验做法。"},
                  {"task": "party_work", "goal": "形成发展党员工作规范。"},
                  {"task": "ideology", "goal": "打造思想政治工作品牌。"},
                  {"task": "development", "goal": "支撑学科评估与专业认证。"},
                  {"task": "team", "goal": "完善后备人才培养机制。"}],
        },
        "schedule": "2024年3月至6月完成工作室组建；2024年下半年开展系列主题党日活动。",
        "outcomes": {
            "1": [{"type": "method", "title": OUTCOME_TITLE, "form": "形成工作法案例一篇"}],
            "2": [{"type": "brand", "title": "“匠心育人”思政品牌", "form": "建设育人载体"},
                  {"type": "platform", "title": "工作室微信公众号", "form": ""}],
        },
        "budget": [{"item": BUDGET_ITEM, "amount": "3000", "basis": "按实际印刷量测算"},
                   {"item": "专家讲座劳务费", "amount": "4500.50", "basis": "三次讲座"}],
        "features": "特色在于把课程思政与科研团队建设结合起来。",
        "team": [{"name": "王建国", "title": "教授", "party_post": "支部书记", "duty": "全面负责"},
                 {"name": "赵丽", "title": "讲师", "party_post": "组织委员", "duty": "台账管理"}],
    }


def make_call(world: Any) -> Call:
    now = timezone.now()
    call = Call.objects.create(name="长春工业大学第二批“双带头人”教师党支部书记工作室建设", owner=world.school,
                               status="published", opens_at=now - datetime.timedelta(days=5),
                               deadline=now + datetime.timedelta(days=5), contact_person="张慧",
                               contact_phone="85927818")
    FormTemplate.objects.create(call=call, version=1, schema=default_schema())
    return call


def make_application(world: Any, *, submit: bool = True) -> tuple[Application, ApplicationVersion | None]:
    call = make_call(world)
    form = call.current_form()
    assert form is not None
    data = sample_data()
    secretary_user = world.user("branch_secretary")
    app = Application.objects.create(call=call, branch=world.branch, secretary=world.branch_secretary_person,
                                     form=form, title=data["studio_name"], data=data, created_by=secretary_user)
    version = None
    if submit:
        frozen = copy.deepcopy(data)
        version = ApplicationVersion.objects.create(
            application=app, number=1, form=form, title=app.title, data=frozen,
            sha256=hashlib.sha256(json.dumps(frozen, sort_keys=True, ensure_ascii=False).encode()).hexdigest(),
            submitted_by=secretary_user, submitted_at=timezone.now())
        app.status = "submitted"
        app.submitted_at = version.submitted_at
        app.save(update_fields=["status", "submitted_at"])
    return app, version
