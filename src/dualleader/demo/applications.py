"""Two applications on the demo call, so the applicant and college screens have something to show:
a draft of the featured branch (sjwang's), partly filled in, and a complete application of a branch in
another college (sjli's), submitted to its college. Each is made through the same services as the pages,
and only if its branch has no live application on the call yet."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from dualleader.accounts.enums import Role
from dualleader.accounts.models import RoleGrant, User
from dualleader.applications.enums import ApplicationStatus
from dualleader.applications.models import Application
from dualleader.applications.services import application_save, application_start, application_submit
from dualleader.calls.eligibility import current_secretary
from dualleader.calls.models import Call
from dualleader.units.models import Unit

from .builder import FEATURED_BRANCH, PASSWORD, SUBMITTING_BRANCH
from .notice import CALL_NAME

DRAFT_USER = "sjwang"
SUBMIT_USER = "sjli"


def _live(call: Call, branch: Unit) -> bool:
    return Application.objects.filter(call=call, branch=branch).exclude(status=ApplicationStatus.WITHDRAWN).exists()


def _draft_data(application: Application) -> dict[str, Any]:
    data = dict(application.data)
    data.update({
        "studio_name": "机械设计制造及其自动化系“双带头人”教师党支部书记工作室",
        "foundation": "支部现有党员十名，其中教授三名、副教授四名。近三年坚持“三会一课”和主题党日制度，"
                      "支部书记带头讲党课；支部连续两年被评为校级先进基层党组织，"
                      "依托国家级一流本科专业建设点开展“党建+课程思政”。",
        "goals": "用两年时间，把工作室建成党建与学科建设深度融合的示范平台，形成可复制、可推广的支部工作法。",
    })
    return data


def _complete_data(application: Application) -> dict[str, Any]:
    data = dict(application.data)
    tasks = {
        "political": "坚持“第一议题”制度，每月开展一次理论学习，教育党员坚定理想信念。",
        "party_work": "严格落实“三会一课”、组织生活会和民主评议党员，规范发展党员工作。",
        "ideology": "推进“课程思政”示范课程建设，党员教师带头担任本科生导师。",
        "development": "围绕软件与人工智能方向组建党员科研攻关团队，服务地方数字经济。",
        "team": "选优配强支部委员会，培养一名青年党员教师担任支部副书记。",
    }
    data.update({
        "studio_name": "计算机科学与技术系“双带头人”教师党支部书记工作室",
        "secretary_phone": data.get("secretary_phone") or "0431-85716321",
        "foundation": "支部现有党员十一名，其中教授四名、副教授五名，博士学位党员占八成。近三年支部坚持"
                      "“三会一课”，开展主题党日三十余次；党员教师主持国家自然科学基金项目四项，"
                      "支部获评学校“样板支部”。",
        "goals": "以“党建引领、科教融合”为主线，两年内建成具有计算机学科特色的党支部书记工作室，"
                 "形成一套支部工作法、一批课程思政案例和一支党员骨干教师队伍。",
        "plan": {year: [{"task": row.get("task", ""),
                         "goal": f"第{'一二'[int(year) - 1]}年：" + tasks.get(row.get("task", ""), "完成年度工作任务。")}
                        for row in rows]
                 for year, rows in data.get("plan", {}).items()},
        "schedule": "第一年（启动建设）：完善工作室制度，建立党员教师与学生结对机制，完成两门课程思政示范课。\n"
                    "第二年（深化推广）：总结“党建+科研团队”工作法，在学院内推广，迎接学校验收。",
        "outcomes": {
            "1": [{"type": "method", "title": "“党建+科研团队”支部工作法", "form": "工作法总结一份，典型案例一篇"}],
            "2": [{"type": "brand", "title": "“码上育人”思想政治工作品牌", "form": "品牌活动方案及成效报告"}],
        },
        "budget": [
            {"item": "理论学习与培训", "amount": "8000", "basis": "专题培训4次，每次2000元"},
            {"item": "课程思政案例建设", "amount": "6000", "basis": "案例汇编印制及专家咨询"},
            {"item": "主题党日与实践活动", "amount": "6000", "basis": "红色教育基地实践2次"},
        ],
        "features": "把支部建在学科团队上，以科研攻关带动党员教育，以课程思政带动育人，"
                    "形成“双带头人”引领学科发展和人才培养的特色做法。",
        "team": [
            {"name": data.get("secretary_name", ""), "title": data.get("secretary_title", ""),
             "party_post": "支部书记", "duty": "工作室负责人，统筹建设"},
            {"name": "赵敏", "title": "副教授", "party_post": "组织委员", "duty": "组织生活与党员发展"},
            {"name": "孙浩", "title": "讲师", "party_post": "宣传委员", "duty": "课程思政与宣传平台"},
        ],
    })
    return data


def _submitting_user(branch: Unit) -> User | None:
    """sjli, or (on a demo loaded before sjli existed) an account made now for the branch's secretary."""
    user = User.objects.filter(username=SUBMIT_USER).first()
    if user is not None:
        return user
    secretary = current_secretary(branch)
    if secretary is None:
        return None
    user = User.objects.create(username=SUBMIT_USER, password=make_password(PASSWORD), person=secretary,
                               must_change_password=False, email=secretary.email)
    RoleGrant.objects.create(user=user, role=Role.BRANCH_SECRETARY, unit=branch)
    return user


@transaction.atomic
def add_demo_applications() -> list[Application]:
    """Create whichever of the two demo applications is missing; returns the ones created."""
    call = Call.objects.filter(name=CALL_NAME).first()
    if call is None or not call.is_open():
        return []
    created: list[Application] = []
    wang = User.objects.filter(username=DRAFT_USER).first()
    featured = Unit.objects.filter(name=FEATURED_BRANCH).first()
    if wang is not None and featured is not None and not _live(call, featured):
        application = application_start(call=call, branch=featured, user=wang)
        created.append(application_save(application=application, data=_draft_data(application),
                                        expected_lock_version=application.lock_version, user=wang))
    other = Unit.objects.filter(name=SUBMITTING_BRANCH).first()
    if other is not None and not _live(call, other):
        li = _submitting_user(other)
        if li is not None:
            application = application_start(call=call, branch=other, user=li)
            application = application_save(application=application, data=_complete_data(application),
                                           expected_lock_version=application.lock_version, user=li)
            created.append(application_submit(application=application, user=li))
    return created
