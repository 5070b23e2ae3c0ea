from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dualleader.applications.models import Application
from dualleader.demo import builder
from dualleader.demo.applications import add_demo_applications
from dualleader.demo.calls import add_notice_call
from dualleader.demo.recommendations import add_demo_recommendations
from dualleader.demo.reviews import add_demo_reviews


def _describe(applications: list[Application]) -> str:
    return "、".join(f"{a.branch.name}（{a.get_status_display()}）" for a in applications)


class Command(BaseCommand):
    help = ("载入演示数据：长春工业大学的学院党委、教师党支部、人员、支部班子、各角色的演示账号、第二批申报通知"
            "、两份示例申报书、学院推荐，以及处于通讯评审阶段的第一批。已载入时不做任何修改。")

    def handle(self, *args: Any, **options: Any) -> None:
        if builder.demo_loaded():
            call = add_notice_call()
            applications = add_demo_applications()
            college_work = add_demo_recommendations()
            review_work = add_demo_reviews()
            if call is None and not applications and not college_work and not review_work:
                self.stdout.write(f"演示数据已载入（单位代码 {builder.UNIVERSITY_CODE} 已存在），未做任何修改。")
                return
            if call is not None:
                self.stdout.write(self.style.SUCCESS(f"演示数据已载入；已补充申报批次“{call.name}”。"))
            if applications:
                self.stdout.write(self.style.SUCCESS(f"演示数据已载入；已补充示例申报书：{_describe(applications)}。"))
            for line in college_work:
                self.stdout.write(self.style.SUCCESS(f"已补充学院推荐演示：{line}。"))
            for line in review_work:
                self.stdout.write(self.style.SUCCESS(f"已补充评审演示：{line}。"))
            return
        clashes = builder.clashing_usernames()
        if clashes:
            raise CommandError(f"以下用户名已被占用，无法创建演示账号：{'、'.join(clashes)}")
        s = builder.build_demo()
        self.stdout.write(self.style.SUCCESS(
            f"已载入演示数据：{s.colleges} 个学院党委，{s.teacher_branches} 个教师党支部，"
            f"{s.other_branches} 个其他党支部，{s.people} 名人员，{s.posts} 条支部任职，{s.accounts} 个账号。"))
        call = add_notice_call()
        if call is not None:
            self.stdout.write(f"已发布申报批次“{call.name}”，截止时间 {timezone.localtime(call.deadline):%Y-%m-%d %H:%M}（北京时间）。")
        applications = add_demo_applications()
        if applications:
            self.stdout.write(f"已创建示例申报书：{_describe(applications)}。")
        for line in add_demo_recommendations():
            self.stdout.write(f"学院推荐演示：{line}。")
        for line in add_demo_reviews():
            self.stdout.write(f"评审演示：{line}。")
        self.stdout.write("\n演示账号（密码均为同一个，首次登录无需修改）：\n")
        self.stdout.write(builder.accounts_table())
