"""Sign in through the real login page as each role, in real Chromium, and keep a screenshot of each
home page."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD

from .support import shot, sign_in

pytestmark = [pytest.mark.browser]

EXPECTED = {
    "org_admin": "计算机科学与工程学院党委",  # sees the whole university
    "college_admin": "机械设计系教师党支部",  # sees its college's branches
    "branch_secretary": "王建国",  # sees its branch committee
    "studio_member": "机械设计系教师党支部",
    "reviewer": "评审工作",
    "superuser": "长春工业大学党委",
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_lands_on_its_home_page(role, page, live_server, transactional_db, world):
    user = world.user(role)
    sign_in(page, user.username, PASSWORD)
    assert page.url == live_server.url + "/"
    body = page.inner_text("body")
    assert "我的待办" in body
    assert EXPECTED[role] in body
    shot(page, f"home-{role}")


def test_wrong_password_shows_chinese_error(page, transactional_db, world):
    sign_in(page, "zzb", "wrong-password")
    assert "/accounts/login/" in page.url
    assert "请输入一个正确的" in page.inner_text("body")
    shot(page, "login-error")


def test_college_admin_cannot_open_other_college(page, transactional_db, world):
    sign_in(page, "jd", PASSWORD)
    response = page.goto(f"/org/units/{world.other_college.pk}/")
    assert response is not None and response.status == 404
    assert "页面不存在" in page.inner_text("body")
