"""Bulk import from .xlsx: the template, a clean import, re-import, all-or-nothing on bad rows, refusals,
scope and access. Every workbook here is a real .xlsx built with openpyxl; the database is real."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from tests.factories import make_unit, make_user

from dualleader.accounts.enums import Role
from dualleader.accounts.models import RoleGrant
from dualleader.audit.models import AuditEvent
from dualleader.units.enums import Degree, PoliticalStatus, PositionRole, TitleLevel, UnitKind
from dualleader.units.imports import import_workbook
from dualleader.units.models import Person, Position, Unit

HEADERS = {
    "学院": ["单位名称", "单位代码", "上级单位", "类型"],
    "支部": ["支部名称", "单位代码", "所属学院", "类型", "依托单位", "学科", "成立日期", "最近换届日期"],
    "人员": ["工号", "姓名", "性别", "所在单位", "出生日期", "职称", "职称级别", "最高学位", "政治面貌", "入党日期",
             "学术身份", "联系电话", "电子邮箱", "支部职务", "任职开始日期"],
}
NOT_XLSX = ("This is not an Excel workbook (.xlsx) that can be read. Save it in Excel or WPS as “Excel workbook "
            "(*.xlsx)” and upload it again.")


def xlsx(colleges: list[dict[str, Any]] = (), branches: list[dict[str, Any]] = (),  # type: ignore[assignment]
         people: list[dict[str, Any]] = ()) -> bytes:  # type: ignore[assignment]
    """A workbook laid out like the template, rows given as {Chinese header: value}."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet, rows in (("学院", colleges), ("支部", branches), ("人员", people)):
        ws = wb.create_sheet(sheet)
        ws.append(HEADERS[sheet])
        for row in rows:
            ws.append([row.get(h) for h in HEADERS[sheet]])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str = "导入.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def post(client: Client, data: bytes, dry_run: bool = False, **extra: Any):  # type: ignore[no-untyped-def]
    payload: dict[str, Any] = {"file": upload(data)}
    if dry_run:
        payload["dry_run"] = "on"
    return client.post(reverse("units:import"), payload, **extra)


def good_file(world) -> bytes:  # type: ignore[no-untyped-def]
    member = world.user("studio_member").person
    return xlsx(
        colleges=[{"单位名称": "材料科学与工程学院党委", "单位代码": "CL", "类型": "学院党委"}],
        branches=[
            {"支部名称": "材料物理系教师党支部", "单位代码": "CL01", "所属学院": "CL", "类型": "教师党支部",
             "依托单位": "材料物理系", "学科": "材料科学与工程", "成立日期": datetime.datetime(2019, 9, 1),
             "最近换届日期": "2024/9/1"},
            {"支部名称": "工业工程系教师党支部", "所属学院": "机电工程学院党委", "成立日期": "2020年9月1日"},
        ],
        people=[
            {"工号": "CL0001", "姓名": "陈晓峰", "性别": "男", "所在单位": "CL01", "出生日期": "1978-03-02",
             "职称": "教授", "职称级别": "正高", "最高学位": "博士", "政治面貌": "中共党员", "入党日期": "2001-07-01",
             "学术身份": "学科带头人、博士生导师", "联系电话": 13900000001, "电子邮箱": "chenxf@example.edu.cn",
             "支部职务": "书记", "任职开始日期": "2024-09-01"},
            {"工号": "CL0002", "姓名": "林静", "性别": "女", "所在单位": "材料物理系教师党支部", "职称": "副教授",
             "职称级别": "副高", "最高学位": "博士", "政治面貌": "中共党员", "支部职务": "委员"},
            {"工号": "JD0101", "姓名": "刘洋", "所在单位": "机械设计系教师党支部", "职称级别": "副高",
             "政治面貌": "中共党员", "支部职务": "书记", "任职开始日期": "2025-01-01"},
            {"工号": member.staff_no, "姓名": member.name, "所在单位": "机械设计系教师党支部", "职称": "讲师",
             "职称级别": "中级"},
        ])


def table_sizes() -> tuple[int, int, int, int]:
    return Unit.objects.count(), Person.objects.count(), Position.objects.count(), AuditEvent.objects.count()


# --------------------------------------------------------------------------------------------- template

def test_template_downloads_as_workbook_with_chinese_headers(client_for, world):
    response = client_for("org_admin").get(reverse("units:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment;")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["填写说明", "学院", "支部", "人员"]
    for sheet, headers in HEADERS.items():
        ws = wb[sheet]
        assert [c.value for c in ws[1]] == headers
        assert ws.freeze_panes == "A2"
        assert all(c.font.b for c in ws[1])
        assert ws.max_row == 2  # the example row
    people_lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in wb["人员"].data_validations.dataValidation}
    assert people_lists["C2"] == '"男,女"'
    assert people_lists["G2"] == '"正高,副高,中级,初级,无"'
    assert people_lists["I2"] == '"中共党员,中共预备党员,共青团员,民主党派,群众"'
    assert people_lists["N2"] == '"书记,副书记,委员"'
    branch_lists = [dv.formula1 for dv in wb["支部"].data_validations.dataValidation]
    assert branch_lists == ['"教师党支部,学生党支部,师生联合党支部,离退休党支部,机关党支部"']
    assert "学科带头人" in "".join(str(c.value) for row in wb["填写说明"].iter_rows() for c in row)


def test_importing_the_untouched_template_changes_nothing(client_for, world):
    client = client_for("org_admin")
    template = client.get(reverse("units:import_template")).content
    before = table_sizes()
    response = post(client, template)
    result = response.context["result"]
    assert result.errors == []
    assert result.totals == {"created": 0, "updated": 0, "unchanged": 0}
    assert table_sizes() == (before[0], before[1], before[2], before[3] + 1)  # the summary row only


# --------------------------------------------------------------------------------------------- importing

def test_good_file_imports_units_people_roles_and_posts(client_for, world):
    response = post(client_for("org_admin"), good_file(world))
    result = response.context["result"]

    assert response.status_code == 200
    assert result.errors == []
    assert result.applied
    college = Unit.objects.get(code="CL")
    assert (college.kind, Unit.objects.get_parent(college)) == (UnitKind.COLLEGE, world.school)
    physics = Unit.objects.get(code="CL01")
    assert Unit.objects.get_parent(physics) == college
    assert (physics.department, physics.established_on, physics.last_election_on) == (
        "材料物理系", datetime.date(2019, 9, 1), datetime.date(2024, 9, 1))
    industrial = Unit.objects.get(name="工业工程系教师党支部")
    assert Unit.objects.get_parent(industrial) == world.college
    assert industrial.established_on == datetime.date(2020, 9, 1)
    chen = Person.objects.get(staff_no="CL0001")
    assert (chen.unit, chen.title_level, chen.highest_degree, chen.political_status, chen.phone) == (
        physics, TitleLevel.FULL, Degree.DOCTORATE, PoliticalStatus.PARTY_MEMBER, "13900000001")
    assert sorted(r.name for r in chen.academic_roles.all()) == ["博士生导师", "学科带头人"]
    assert Position.objects.get(unit=physics, role=PositionRole.SECRETARY).person == chen
    assert Position.objects.get(unit=physics, role=PositionRole.COMMITTEE_MEMBER).person.staff_no == "CL0002"
    old = Position.objects.get(unit=world.branch, person__name="王建国")
    assert old.ended_on == datetime.date(2024, 12, 31)
    assert Position.objects.current().get(unit=world.branch, role=PositionRole.SECRETARY).person.staff_no == "JD0101"
    member = Person.objects.get(pk=world.user("studio_member").person.pk)
    assert (member.title, member.title_level) == ("讲师", TitleLevel.INTERMEDIATE)
    assert result.counts == {
        "colleges": {"created": 1, "updated": 0, "unchanged": 0},
        "branches": {"created": 2, "updated": 0, "unchanged": 0},
        "people": {"created": 3, "updated": 1, "unchanged": 0},
        "posts": {"created": 3, "updated": 1, "unchanged": 0}}


def test_import_writes_are_audited_with_one_summary(client_for, world):
    post(client_for("org_admin"), good_file(world))
    summary = AuditEvent.objects.get(action="import.apply")
    assert summary.actor == world.user("org_admin")
    assert summary.after["people"] == {"created": 3, "updated": 1, "unchanged": 0}
    assert AuditEvent.objects.filter(action="unit.create").count() == 3
    assert AuditEvent.objects.filter(action="person.create").count() == 3
    assert AuditEvent.objects.filter(action="person.update").count() == 1
    assert AuditEvent.objects.filter(action="position.appoint").count() == 3
    assert AuditEvent.objects.filter(action="position.end").count() == 1


def test_reimport_of_the_same_file_changes_nothing(client_for, world):
    client = client_for("org_admin")
    data = good_file(world)
    post(client, data)
    before = table_sizes()
    response = post(client, data, HTTP_ACCEPT_LANGUAGE="en")
    result = response.context["result"]
    assert result.errors == []
    assert result.totals == {"created": 0, "updated": 0, "unchanged": 10}
    assert table_sizes() == (before[0], before[1], before[2], before[3] + 1)
    assert AuditEvent.objects.latest("id").action == "import.apply"
    assert "0 created, 0 updated, 10 unchanged" in response.content.decode()


def test_existing_unit_is_updated_by_code(client_for, world):
    data = xlsx(colleges=[{"单位名称": "机电工程学院党委（新）", "单位代码": "JD"}])
    result = post(client_for("org_admin"), data).context["result"]
    assert result.counts["colleges"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert Unit.objects.get(pk=world.college.pk).name == "机电工程学院党委（新）"
    assert AuditEvent.objects.get(action="unit.update").after == {"name": "机电工程学院党委（新）"}


def test_dry_run_reports_counts_and_writes_nothing(client_for, world):
    client = client_for("org_admin")  # signing in is audited: count after it
    before = table_sizes()
    result = post(client, good_file(world), dry_run=True).context["result"]
    assert result.errors == []
    assert not result.applied
    assert result.totals == {"created": 9, "updated": 2, "unchanged": 0}
    assert table_sizes() == before


# --------------------------------------------------------------------------------------------- bad rows

def test_one_bad_row_among_good_ones_imports_nothing_and_every_bad_row_is_listed(client_for, world):
    person = {"工号": "CL0009", "姓名": "吴敏", "所在单位": "机械设计系教师党支部"}
    data = xlsx(
        colleges=[{"单位名称": "材料科学与工程学院党委", "单位代码": "CL"}],
        branches=[{"支部名称": "材料物理系教师党支部", "单位代码": "CL01", "所属学院": "CL"},
                  {"支部名称": "化学系教师党支部", "所属学院": "化学学院党委"}],
        people=[person, dict(person, 姓名="吴敏二"), {"工号": "CL0010", "姓名": "郑华", "所在单位": "CL01",
                                                 "出生日期": "去年"}])
    client = client_for("org_admin")
    before = table_sizes()
    response = post(client, data)
    result = response.context["result"]

    assert table_sizes() == before
    assert not result.applied
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("支部", 3, "所属学院"), ("人员", 3, "工号"), ("人员", 4, "出生日期")]
    page = response.content.decode()
    assert "<td>支部</td><td>3</td><td>所属学院</td>" in page
    assert "<td>人员</td><td>4</td><td>出生日期</td>" in page


def test_bad_row_messages_say_why(world):
    data = xlsx(
        branches=[{"支部名称": "化学系教师党支部", "所属学院": "化学学院党委"},
                  {"支部名称": "某支部", "所属学院": "机械设计系教师党支部"}],
        people=[{"工号": "X1", "姓名": "甲", "所在单位": "机械设计系教师党支部", "入党日期": "2020-13-01"},
                {"工号": "X1", "姓名": "乙", "所在单位": "机械设计系教师党支部"},
                {"工号": "X2", "姓名": "丙", "所在单位": "机械设计系教师党支部", "政治面貌": "党员",
                 "电子邮箱": "not-an-email", "学术身份": "院士"}])
    with translation.override("en"):
        result = import_workbook(upload=io.BytesIO(data), user=world.user("org_admin"))
    messages = {(e.sheet, e.row, e.column): e.message for e in result.errors}
    assert messages == {
        ("支部", 2, "所属学院"): "Unknown unit “化学学院党委”.",
        ("支部", 3, "所属学院"): "“机械设计系教师党支部” is a Party branch; a branch must belong to a "
                                 "college-level Party committee.",
        ("人员", 2, "入党日期"): "“2020-13-01” is not a date. Write it like 2020-09-01.",
        ("人员", 3, "工号"): "Staff number X1 is already used in row 2.",
        ("人员", 4, "政治面貌"): "“党员” is not one of: 中共党员、中共预备党员、共青团员、民主党派、群众.",
        ("人员", 4, "电子邮箱"): "“not-an-email” is not a valid email address.",
        ("人员", 4, "学术身份"): "Unknown academic role “院士”. Known roles: 学科带头人、学术带头人、博士生导师、"
                                 "硕士生导师、教学名师、科研团队负责人、青年拔尖人才.",
    }


def test_missing_required_values_and_duplicate_units_are_row_errors(world):
    data = xlsx(colleges=[{"单位名称": "材料科学与工程学院党委"}, {"单位名称": "材料科学与工程学院党委"}],
                branches=[{"支部名称": "无学院支部"}],
                people=[{"工号": "Y1", "所在单位": "机械设计系教师党支部"}])
    with translation.override("en"):
        result = import_workbook(upload=io.BytesIO(data), user=world.user("org_admin"))
    assert [(e.sheet, e.row, e.column, e.message) for e in result.errors] == [
        ("学院", 3, "单位名称", "This unit is already listed in sheet 学院, row 2."),
        ("支部", 2, "所属学院", "This value is required."),
        ("人员", 2, "姓名", "This value is required."),
    ]


@pytest.mark.parametrize("text", ["2020-09-01", "2020/9/1", "2020年9月1日", "2020.9.1", "20200901"])
def test_dates_are_read_from_text_in_common_formats(world, text):
    data = xlsx(branches=[{"支部名称": "新支部", "所属学院": "JD", "成立日期": text}])
    result = import_workbook(upload=io.BytesIO(data), user=world.user("org_admin"))
    assert result.errors == []
    assert Unit.objects.get(name="新支部").established_on == datetime.date(2020, 9, 1)


def test_parent_outside_the_importers_scope_is_a_row_error(world):
    college_org_admin = make_user("jd_org", role=Role.ORG_ADMIN, unit=world.college)
    outsider_staff = world.user("outsider").person.staff_no
    data = xlsx(colleges=[{"单位名称": "新学院党委", "上级单位": "CCUT"}],
                branches=[{"支部名称": "软件支部二", "所属学院": "JSJ"}],
                people=[{"工号": outsider_staff, "姓名": "周强", "所在单位": "机械设计系教师党支部"}])
    with translation.override("en"):
        result = import_workbook(upload=io.BytesIO(data), user=college_org_admin)
    assert [(e.sheet, e.row, e.column, e.message) for e in result.errors] == [
        ("学院", 2, "上级单位", "“CCUT” is outside the units you administer."),
        ("支部", 2, "所属学院", "“JSJ” is outside the units you administer."),
        ("人员", 2, "工号", f"Staff number {outsider_staff} belongs to a person outside the units you administer."),
    ]
    assert RoleGrant.objects.filter(user=college_org_admin).count() == 1


# --------------------------------------------------------------------------------------------- refusals

def test_non_xlsx_file_renamed_xlsx_is_refused(client_for, world):
    client = client_for("org_admin")
    before = table_sizes()
    response = post(client, "工号,姓名\n1,张三\n".encode())
    assert response.context["result"].file_errors[0].message == gettext(NOT_XLSX)
    assert gettext(NOT_XLSX) in response.content.decode()
    assert table_sizes() == before


def test_refusal_message_is_shown_in_the_users_language(client_for, world):
    # The Chinese text comes from the catalogue; English is asserted so the test does not depend on it.
    response = post(client_for("org_admin"), b"not a workbook", HTTP_ACCEPT_LANGUAGE="en")
    assert NOT_XLSX in response.content.decode()


def test_zip_that_is_not_a_workbook_is_refused(world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    result = import_workbook(upload=io.BytesIO(buffer.getvalue()), user=world.user("org_admin"))
    assert [e.message for e in result.file_errors] == [gettext(NOT_XLSX)]


def test_file_over_the_size_limit_is_refused(world, settings):
    settings.IMPORT_MAX_BYTES = 1000
    with translation.override("en"):
        result = import_workbook(upload=io.BytesIO(good_file(world)), user=world.user("org_admin"))
    assert [e.message for e in result.file_errors] == ["The file is larger than 1000\xa0bytes."]


def test_too_many_rows_is_refused(world, monkeypatch):
    monkeypatch.setattr("dualleader.units.imports.MAX_ROWS", 2)
    data = xlsx(people=[{"工号": f"Z{i}", "姓名": "某", "所在单位": "JD"} for i in range(3)])
    with translation.override("en"):
        result = import_workbook(upload=io.BytesIO(data), user=world.user("org_admin"))
    assert [e.message for e in result.file_errors] == ["The file has too many rows: at most 2."]
    assert not Person.objects.filter(staff_no__startswith="Z").exists()


def test_empty_rows_are_skipped_and_cells_trimmed(world):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "人员"
    ws.append(HEADERS["人员"])
    ws.append([])
    ws.append(["  W1 ", " 钱多多\u3000", "女", " JD "])
    buffer = io.BytesIO()
    wb.save(buffer)
    result = import_workbook(upload=io.BytesIO(buffer.getvalue()), user=world.user("org_admin"))
    assert result.errors == []
    person = Person.objects.get(staff_no="W1")
    assert (person.name, person.unit, person.gender) == ("钱多多", world.college, "female")


# --------------------------------------------------------------------------------------------- access

@pytest.mark.parametrize("role", ["college_admin", "branch_secretary", "studio_member", "reviewer", "outsider"])
def test_other_roles_get_403(client_for, role):
    client = client_for(role)
    assert client.get(reverse("units:import")).status_code == 403
    assert client.get(reverse("units:import_template")).status_code == 403
    assert client.post(reverse("units:import"), {"file": upload(b"x")}).status_code == 403


def test_college_admin_upload_writes_nothing(client_for, world):
    client = client_for("college_admin")
    before = table_sizes()
    response = post(client, good_file(world))
    assert response.status_code == 403
    assert table_sizes()[:3] == before[:3]


def test_anonymous_is_sent_to_login(client_for):
    client = client_for("anonymous")
    for name in ("units:import", "units:import_template"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_superuser_can_import(client_for, world):
    result = post(client_for("superuser"), good_file(world)).context["result"]
    assert result.applied


def test_post_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("org_admin"))
    assert client.post(reverse("units:import"), {"file": upload(good_file(world))}).status_code == 403
    assert not Unit.objects.filter(code="CL").exists()


def test_page_get_uses_few_queries(client_for, django_assert_max_num_queries):
    client = client_for("org_admin")
    with django_assert_max_num_queries(5):  # session, user, role grants, the user's person, unread notifications
        response = client.get(reverse("units:import"))
    assert response.status_code == 200
    assert reverse("units:import_template") in response.content.decode()


def test_ambiguous_names_and_moves_are_row_errors(world):
    make_unit(world.other_college, "机械设计系教师党支部", UnitKind.TEACHER_BRANCH)
    data = xlsx(branches=[{"支部名称": "软件工程系教师党支部", "单位代码": "RJ", "所属学院": "JD"}],
                people=[{"工号": "A1", "姓名": "甲", "所在单位": "机械设计系教师党支部"}])
    Unit.objects.filter(pk=world.other_branch.pk).update(code="RJ")
    with translation.override("en"):
        result = import_workbook(upload=io.BytesIO(data), user=world.user("org_admin"))
    assert [(e.sheet, e.row, e.column, e.message) for e in result.errors] == [
        ("支部", 2, "所属学院", "“软件工程系教师党支部” is under “计算机科学与工程学院党委”; move it on its own page first."),
        ("人员", 2, "所在单位", "“机械设计系教师党支部” matches 2 units; use its unit code instead."),
    ]


def test_existing_branch_is_matched_by_name_under_its_college(world):
    data = xlsx(branches=[{"支部名称": "机械设计系教师党支部", "单位代码": "JD01", "所属学院": "机电工程学院党委",
                           "最近换届日期": "2025-06-01"}])
    result = import_workbook(upload=io.BytesIO(data), user=world.user("org_admin"))
    assert result.counts["branches"] == {"created": 0, "updated": 1, "unchanged": 0}
    branch = Unit.objects.get(pk=world.branch.pk)
    assert (branch.code, branch.last_election_on) == ("JD01", datetime.date(2025, 6, 1))
