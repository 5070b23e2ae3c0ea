from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dualleader.demo import builder
from dualleader.demo.calls import add_notice_call, notice_call_exists


class Command(BaseCommand):
    help = "载入演示数据：长春工业大学的学院党委、教师党支部、人员、支部班子、各角色的演示账号和第二批申报通知。已载入时不做任何修改。"

    def handle(self, *args: Any, **options: Any) -> None:
        if builder.demo_loaded():
            if notice_call_exists():
                self.stdout.write(f"演示数据已载入（单位代码 {builder.UNIVERSITY_CODE} 已存在），未做任何修改。")
                return
            call = add_notice_call()
            self.stdout.write(self.style.SUCCESS(f"演示数据已载入；已补充申报批次“{call.name if call else ''}”。"))
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
        self.stdout.write("\n演示账号（密码均为同一个，首次登录无需修改）：\n")
        self.stdout.write(builder.accounts_table())
