"""Synthetic benchmark data at a scale, loaded with bulk inserts into the benchmark database.

Everything is laid out by index: unit, person, account and application ids are given explicitly from
the first free id of each table, and the tree's materialised paths are computed, so nothing has to be
read back and memory stays bounded (rows are generated and inserted in batches). The whole load is one
transaction: either the root unit `BENCH-<SCALE>` and everything under it exist, or nothing does.

`ensure(scale)` loads once; later calls only look the ids up, and put back into draft the deadline
burst's applications (a benchmark run submits them), so every run measures the same thing."""

from __future__ import annotations

import datetime
import hashlib
import json
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from itertools import islice
from typing import Any

from .scales import Scale
from .world import PASSWORD, BenchWorld

BATCH = 5000
APP_BATCH = 1000  # applications carry their whole form as JSON (twice, with the version): smaller batches
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = ["建国", "志强", "海燕", "丽华", "晓明", "文博", "思远", "雪梅", "国栋", "红霞", "伟", "敏", "静", "磊", "洋",
         "春华", "立新", "振华", "玉兰", "秀英", "德胜", "宏伟", "晨曦", "子涵", "浩然", "雨桐", "佳怡", "俊杰", "明轩", "欣怡"]
SUBJECTS = ["机械设计", "材料成型", "车辆工程", "电气工程", "自动化", "通信工程", "计算机科学", "软件工程", "化学工程",
            "应用化学", "生物工程", "土木工程", "工程管理", "数学", "物理学", "经济学", "会计学", "法学", "英语", "艺术设计"]
COLLEGES = ["机电工程学院", "材料科学与工程学院", "电气与电子工程学院", "计算机科学与工程学院", "化学与生命科学学院",
            "土木工程学院", "管理学院", "数学与统计学院", "外国语学院", "人文学院", "艺术设计学院", "马克思主义学院"]
PLACES = ["北京", "长春", "吉林", "沈阳", "大连", "哈尔滨", "天津", "济南", "青岛", "南京", "苏州", "杭州", "合肥", "武汉",
          "长沙", "成都", "重庆", "西安", "兰州", "昆明", "广州", "深圳", "福州", "南昌", "郑州", "太原", "石家庄"]
PROVINCES = ["北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省",
             "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区",
             "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省",
             "宁夏回族自治区", "新疆维吾尔自治区"]
UNIVERSITY_KINDS = ["工业大学", "理工大学", "师范大学", "科技大学", "大学", "农业大学", "医科大学", "财经大学"]
# (title, title level, degree) for branch members; a secretary is always a doctor and full professor.
TITLES = [("教授", "full", "doctorate"), ("副教授", "associate", "doctorate"), ("副教授", "associate", "master"),
          ("讲师", "intermediate", "doctorate"), ("讲师", "intermediate", "master"), ("助教", "junior", "master"),
          ("高级工程师", "associate", "master"), ("实验师", "intermediate", "bachelor")]
FOCUS = ["“红色引擎”", "“双融双促”", "“党建+课程思政”", "“先锋领航”", "“三全育人”", "“匠心铸魂”", "“科研攻关先锋”"]
SENTENCES = ["支部坚持“三会一课”制度，每月开展主题党日活动，党员教师带头讲授专题党课。",
             "近三年支部党员主持国家级和省部级科研项目十余项，发表高水平论文三十余篇。",
             "支部把党建工作与学科建设、人才培养、科学研究紧密结合，形成了“一支部一品牌”的工作格局。",
             "支部书记带头联系青年教师和学生骨干，开展谈心谈话，及时掌握师生思想动态。",
             "依托国家级一流本科专业建设点，推进课程思政示范课程建设，党员教师全部参与。",
             "支部连续两年被评为校级先进基层党组织，两名党员获评优秀共产党员。",
             "注重在高层次人才和优秀青年教师中发展党员，近三年发展教师党员两名。"]
TASK_GOALS = {"political": "坚持“第一议题”制度，每月开展一次理论学习，教育党员坚定理想信念。",
              "party_work": "严格落实“三会一课”、组织生活会和民主评议党员，规范发展党员工作。",
              "ideology": "推进“课程思政”示范课程建设，党员教师带头担任本科生导师。",
              "development": "围绕学科方向组建党员科研攻关团队，服务地方经济社会发展。",
              "team": "选优配强支部委员会，培养一名青年党员教师担任支部副书记。"}


def _say(scale: Scale, started: float, message: str) -> None:
    print(f"[bench.data {scale.name}] {time.monotonic() - started:7.1f}s {message}", file=sys.stderr, flush=True)


def _block(i: int, items: int, blocks: int) -> int:
    """Which of `blocks` contiguous blocks (block k starts at k * items // blocks) holds item i."""
    k = i * blocks // items
    while k + 1 < blocks and (k + 1) * items // blocks <= i:
        k += 1
    while k * items // blocks > i:
        k -= 1
    return k


def _bulk(model: Any, rows: Iterable[Any]) -> int:
    n = 0
    it = iter(rows)
    while batch := list(islice(it, BATCH)):
        model.objects.bulk_create(batch, batch_size=BATCH)
        n += len(batch)
    return n


def person_name(k: int) -> str:
    return SURNAMES[k % len(SURNAMES)] + GIVEN[(k // len(SURNAMES) + k) % len(GIVEN)]


def complete(data: dict[str, Any], n: int) -> dict[str, Any]:
    """An application's prefilled data with every other field of the default form filled in, varied by n.
    Also used to put a burst draft back in a submittable state."""
    data = dict(data)
    name = str(data.get("department") or data.get("branch_name") or "").split(" / ")[0]
    text = lambda k, m: "".join(SENTENCES[(n + k + i) % len(SENTENCES)] for i in range(m))  # noqa: E731
    data.update({
        "studio_name": f"{name}{FOCUS[n % len(FOCUS)]}“双带头人”教师党支部书记工作室",
        "secretary_phone": data.get("secretary_phone") or f"0431-8{n % 10_000_000:07d}",
        "member_count": data.get("member_count") or "10",
        "foundation": text(0, 6), "goals": text(2, 2), "schedule": "第一年：" + text(3, 2) + "\n第二年：" + text(4, 2),
        "features": text(5, 3),
        "plan": {y: [{"task": t, "goal": f"第{'一二'[int(y) - 1]}年：{TASK_GOALS[t]}"} for t in TASK_GOALS]
                 for y in ("1", "2")},
        "outcomes": {"1": [{"type": "method", "title": "支部工作法", "form": "工作法总结一份，典型案例一篇"}],
                     "2": [{"type": "research", "title": "教改研究论文", "form": "论文两篇"}]},
        "budget": [{"item": "理论学习与培训", "amount": "8000", "basis": "专题培训4次"},
                   {"item": "课程思政案例建设", "amount": str(4000 + n % 5 * 500), "basis": "案例汇编印制"}],
        "team": [{"name": str(data.get("secretary_name", "")), "title": "教授", "party_post": "支部书记",
                  "duty": "工作室负责人"},
                 {"name": person_name(n + 7), "title": "副教授", "party_post": "组织委员", "duty": "组织生活"}],
    })
    return data


class _Layout:
    """Where every row of a scale goes: ids from the tables' first free ids, the tree's paths, and which
    branches carry an application. All of it is arithmetic on indices."""

    def __init__(self, scale: Scale, bases: dict[str, int], root_pos: int) -> None:
        from dualleader.units.models import Unit

        s = self.scale = scale
        if s.provinces == 0 and s.universities != 1:
            raise ValueError("without provinces the scale must have exactly one university (the root)")
        self.P, self.U, self.cpu, self.B, self.R = s.provinces, s.universities, s.colleges_per_university, \
            s.branches, s.reviewers
        self.C = self.U * self.cpu
        self.A = s.applications
        self.step = lambda i: Unit._int2str(i).rjust(Unit.steplen, Unit.alphabet[0])
        self.root_path = self.step(root_pos)
        self.unit0 = bases["unit"]
        top = 1 + self.P if self.P else 0  # ministry and provinces, when there is a ministry
        self.uni0, self.col0 = self.unit0 + top, self.unit0 + top + self.U
        self.br0 = self.col0 + self.C
        self.staff_u = max(2, 1 + -(-self.R // self.U))  # university staff: the reviewers come from them
        self.pid0 = bases["person"]
        self.p_uni = 2 + 2 * self.P if self.P else 0
        self.p_col = self.p_uni + self.U * self.staff_u
        self.p_br = self.p_col + 2 * self.C
        rest = s.people - self.p_br
        if rest < 2 * self.B:
            raise ValueError("too few people for the branches")
        self.per, self.rem = divmod(rest, self.B)
        if self.R < 3 or self.A > self.B:
            raise ValueError("need at least 3 reviewers and a branch per application")
        # Submitted applications spread evenly; the college's extra submitted ones and the drafts take
        # free branches, the extras in college 0 (the college of BenchWorld).
        self.app_branches = [i * self.B // self.A for i in range(self.A)]
        taken = set(self.app_branches)
        free = [b for b in range(self.B) if b not in taken]
        in_college0 = [b for b in free if b < self.B // self.C]
        n_extra = max(0, min(2, len(free) - s.drafts, len(in_college0)))
        if len(free) < s.drafts:
            raise ValueError("too few branches for the drafts")
        self.extra_branches = in_college0[:n_extra]
        free = [b for b in free if b not in self.extra_branches]
        self.draft_branches = [free[i * len(free) // s.drafts] for i in range(s.drafts)]
        self.user0, self.app0, self.rec0 = bases["user"], bases["application"], bases["recommendation"]

    # -- units --------------------------------------------------------------------------------------
    def province_path(self, k: int) -> str:
        return self.root_path + self.step(k + 1)

    def uni_path(self, u: int) -> str:
        if not self.P:
            return self.root_path
        k = _block(u, self.U, self.P)
        return self.province_path(k) + self.step(u - k * self.U // self.P + 1)

    def college_path(self, c: int) -> str:
        return self.uni_path(c // self.cpu) + self.step(c % self.cpu + 1)

    def college_of(self, b: int) -> int:
        return _block(b, self.B, self.C)

    def branch_path(self, b: int) -> str:
        c = self.college_of(b)
        return self.college_path(c) + self.step(b - c * self.B // self.C + 1)

    def uni_name(self, u: int) -> str:
        return f"{PLACES[u % len(PLACES)]}{UNIVERSITY_KINDS[u // len(PLACES) % len(UNIVERSITY_KINDS)]}" \
               + (f"（{u // (len(PLACES) * len(UNIVERSITY_KINDS)) + 1}）" if u >= len(PLACES) * 8 else "") + "党委"

    def college_name(self, c: int) -> str:
        return f"{COLLEGES[c % self.cpu % len(COLLEGES)]}党委"

    def department(self, b: int) -> str:
        return f"{SUBJECTS[b % len(SUBJECTS)]}系"

    def established(self, b: int) -> datetime.date:
        return datetime.date(2008 + b % 12, 1 + b % 12, 1 + b % 28)

    # -- people -------------------------------------------------------------------------------------
    def branch_people(self, b: int) -> tuple[int, int]:
        """(first person id, count) of branch b; the first is its secretary."""
        return self.pid0 + self.p_br + b * self.per + min(b, self.rem), self.per + (b < self.rem)

    def org_admin_pid(self) -> int:
        return self.pid0

    def college_admin_pid(self) -> int:
        return self.pid0 + self.p_col  # college 0, staff 0

    def reviewer_pid(self, r: int) -> int:
        return self.pid0 + self.p_uni + (r % self.U) * self.staff_u + 1 + r // self.U

    def reviewer_home(self, r: int) -> int:
        return self.uni0 + r % self.U

    def secretary_of(self, b: int) -> tuple[str, str]:
        """(name, phone) of branch b's secretary."""
        first, _n = self.branch_people(b)
        return person_name(first - self.pid0), f"0431-8{b % 10_000_000:07d}"


def _units(lay: _Layout, today: datetime.date) -> Iterator[Any]:
    from dualleader.units.models import Unit

    code = f"BENCH-{lay.scale.name.upper()}"
    if lay.P:
        yield Unit(id=lay.unit0, path=lay.root_path, depth=1, numchild=lay.P, name="教育部党组", short_name="教育部",
                   code=code, kind="ministry")
        for k in range(lay.P):
            yield Unit(id=lay.unit0 + 1 + k, path=lay.province_path(k), depth=2,
                       numchild=(k + 1) * lay.U // lay.P - k * lay.U // lay.P,
                       name=f"{PROVINCES[k % len(PROVINCES)]}委教育工委", kind="province")
    d = 3 if lay.P else 1
    for u in range(lay.U):
        yield Unit(id=lay.uni0 + u, path=lay.uni_path(u), depth=d, numchild=lay.cpu, name=lay.uni_name(u),
                   kind="university", code=None if lay.P else code)
    for c in range(lay.C):
        yield Unit(id=lay.col0 + c, path=lay.college_path(c), depth=d + 1, name=lay.college_name(c), kind="college",
                   numchild=(c + 1) * lay.B // lay.C - c * lay.B // lay.C)
    for b in range(lay.B):
        dept = lay.department(b)
        yield Unit(id=lay.br0 + b, path=lay.branch_path(b), depth=d + 2, numchild=0, name=f"{dept}教师党支部",
                   kind="teacher_branch", department=dept, discipline=SUBJECTS[b % len(SUBJECTS)],
                   established_on=lay.established(b), last_election_on=today - datetime.timedelta(days=30 + b % 600))


def _person(lay: _Layout, pid: int, unit_id: int, title: tuple[str, str, str], status: str, phone: str = "") -> Any:
    from dualleader.units.models import Person

    k = pid - lay.pid0
    born = datetime.date(1965 + k % 25, 1 + k % 12, 1 + k % 28)
    party = status in ("party_member", "probationary")
    return Person(id=pid, name=person_name(k), staff_no=f"BENCH{pid:09d}", unit_id=unit_id,
                  gender="male" if k % 3 else "female", birth_date=born, title=title[0], title_level=title[1],
                  highest_degree=title[2], political_status=status, phone=phone,
                  party_joined_on=born.replace(year=born.year + 22) if party else None)


def _people(lay: _Layout) -> Iterator[Any]:
    staff = [("研究员", "full", "doctorate"), ("副研究员", "associate", "master"), ("讲师", "intermediate", "master")]
    pid = lay.pid0
    staff_units = ([(lay.unit0 + i, 2) for i in range(1 + lay.P)] if lay.P else []) \
        + [(lay.uni0 + u, lay.staff_u) for u in range(lay.U)] + [(lay.col0 + c, 2) for c in range(lay.C)]
    for unit_id, n in staff_units:
        for j in range(n):
            yield _person(lay, pid, unit_id, staff[j % 3], "party_member")
            pid += 1
    for b in range(lay.B):
        first, n = lay.branch_people(b)
        yield _person(lay, first, lay.br0 + b, TITLES[0], "party_member", lay.secretary_of(b)[1])
        for j in range(1, n):
            yield _person(lay, first + j, lay.br0 + b, TITLES[(b + j) % len(TITLES)],
                          "probationary" if j % 12 == 11 else "party_member")


def _accounts(lay: _Layout, password: str) -> Iterator[tuple[Any, Any]]:
    """(User, RoleGrant) pairs: org_admin, college_admin, reviewers, then one secretary per branch with an
    application (the draft ones named `<scale>_draft…`, so a later run finds them)."""
    from dualleader.accounts.models import RoleGrant, User

    name = lay.scale.name
    uid = lay.user0

    def account(username: str, pid: int, role: str, unit_id: int) -> tuple[Any, Any]:
        nonlocal uid
        uid += 1
        return (User(id=uid - 1, username=username, password=password, person_id=pid, email=f"{username}@bench.invalid"),
                RoleGrant(user_id=uid - 1, role=role, unit_id=unit_id))

    yield account(f"{name}_org", lay.org_admin_pid(), "org_admin", lay.unit0)
    yield account(f"{name}_college", lay.college_admin_pid(), "college_admin", lay.col0)
    for r in range(lay.R):
        yield account(f"{name}_rev{r:04d}", lay.reviewer_pid(r), "reviewer", lay.unit0)
    for i, b in enumerate(lay.app_branches + lay.extra_branches):
        yield account(f"{name}_sec{i:06d}", lay.branch_people(b)[0], "branch_secretary", lay.br0 + b)
    for i, b in enumerate(lay.draft_branches):
        yield account(f"{name}_draft{i:04d}", lay.branch_people(b)[0], "branch_secretary", lay.br0 + b)


def _prefilled(lay: _Layout, b: int, degree: str) -> dict[str, Any]:
    sec_name, phone = lay.secretary_of(b)
    return {"branch_name": f"{lay.department(b)}教师党支部", "college_name": lay.college_name(lay.college_of(b)),
            "department": f"{lay.department(b)} / {SUBJECTS[b % len(SUBJECTS)]}",
            "established_on": lay.established(b).isoformat(), "member_count": str(lay.branch_people(b)[1]),
            "secretary_name": sec_name, "secretary_title": "教授", "secretary_degree": degree,
            "secretary_roles": "", "secretary_phone": phone}


def _canonical(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _applications(lay: _Layout, call: Any, form_id: int, degree: str, now: datetime.datetime,
                  check: Callable[[dict[str, Any]], None]) -> Iterator[tuple[Any, Any]]:
    """(Application, version or None): the submitted ones under review, the college's extra submitted ones,
    then the drafts. The first of each kind is validated against the form."""
    from dualleader.applications.models import Application, ApplicationVersion

    sec_uid0 = lay.user0 + 2 + lay.R
    kinds = [("under_review", b) for b in lay.app_branches] + [("submitted", b) for b in lay.extra_branches] \
        + [("draft", b) for b in lay.draft_branches]
    for i, (status, b) in enumerate(kinds):
        data = complete(_prefilled(lay, b, degree), i)
        if i == 0 or status != kinds[i - 1][0]:
            check(data)
        pid = lay.branch_people(b)[0]
        submitted = now - datetime.timedelta(hours=2 + i % 100) if status != "draft" else None
        app = Application(id=lay.app0 + i, call_id=call.pk, branch_id=lay.br0 + b, secretary_id=pid, form_id=form_id,
                          status=status, title=data["studio_name"][:200], data=data, created_by_id=sec_uid0 + i,
                          lock_version=1 if status == "draft" else 3, submitted_at=submitted)
        version = None if submitted is None else ApplicationVersion(
            id=app.id, application_id=app.id, number=1, form_id=form_id, title=app.title, data=data,
            sha256=hashlib.sha256(_canonical(data).encode()).hexdigest(), submitted_by_id=sec_uid0 + i,
            submitted_at=submitted)
        yield app, version


def _college_lists(lay: _Layout, call: Any, attest_id: int, org_uid: int, now: datetime.datetime) -> Iterator[Any]:
    """One submitted list per college with applications under review (the list first), its ranked
    entries, and the formal check and paper receipt of each application."""
    from dualleader.recommendations.models import (
        FormalCheck,
        PaperReceipt,
        Recommendation,
        RecommendationEntry,
    )

    rank, college = 0, -1
    for i, b in enumerate(lay.app_branches):
        c = lay.college_of(b)
        if c != college:
            rank, college = 0, c
            yield Recommendation(id=lay.rec0 + c, call_id=call.pk, unit_id=lay.col0 + c, status="submitted",
                                 opinion="经学院党委会研究，同意推荐。", attested=[attest_id], lock_version=2,
                                 submitted_at=now - datetime.timedelta(days=1),
                                 submitted_by_id=lay.user0 + 1 if c == 0 else None)
        rank += 1
        yield RecommendationEntry(recommendation_id=lay.rec0 + c, application_id=lay.app0 + i, rank=rank,
                                  added_by_id=lay.user0 + 1)
        yield FormalCheck(application_id=lay.app0 + i, version_id=lay.app0 + i, decision="accepted", items=[],
                          decided_by_id=org_uid)
        yield PaperReceipt(application_id=lay.app0 + i, received_on=now.date(), recorded_by_id=org_uid)


def _bulk_mixed(rows: Iterable[Any], order: list[Any]) -> dict[str, int]:
    """Insert rows of several models in batches, parents (earlier in `order`) before children."""
    pending: dict[Any, list[Any]] = {m: [] for m in order}
    counts = {m.__name__: 0 for m in order}

    def flush() -> None:
        for m in order:
            if pending[m]:
                m.objects.bulk_create(pending[m], batch_size=BATCH)
                counts[m.__name__] += len(pending[m])
                pending[m] = []

    for row in rows:
        pending[type(row)].append(row)
        if len(pending[type(row)]) >= BATCH:
            flush()
    flush()
    return counts


def _assignments(lay: _Layout, round_id: int, criteria: list[tuple[int, int]], now: datetime.datetime,
                 ) -> Iterator[Any]:
    """Three reviewers per application, balanced ((3i + k) mod R); the first `scores` submitted. The
    BenchWorld reviewer (0) also has a few reviews still to do: extra assignments when there are more than
    three reviewers, else its last two are left unsubmitted."""
    from dualleader.reviews.models import Assignment

    rng = random.Random(6)
    rev_uid = lay.user0 + 2
    submitted = min(lay.scale.scores, 3 * lay.A)
    pending = set() if lay.R > 3 else {(i, k) for i in range(lay.A - 2, lay.A) for k in range(3) if (3 * i + k) % lay.R == 0}

    def scores() -> dict[str, str]:
        return {str(cid): str(Decimal(round(rng.uniform(0.6, 1) * top * 2)) / 2) for cid, top in criteria}

    n = 0
    for i in range(lay.A):
        for k in range(3):
            r = (3 * i + k) % lay.R
            a = Assignment(round_id=round_id, reviewer_id=rev_uid + r, application_id=lay.app0 + i, automatic=True,
                           assigned_by_id=lay.user0)
            if n < submitted and (i, k) not in pending:
                a.scores = scores()
                a.total = sum((Decimal(v) for v in a.scores.values()), Decimal(0)).quantize(Decimal("0.01"))
                a.status, a.lock_version = "submitted", 3
                a.saved_at = a.submitted_at = now - datetime.timedelta(minutes=10 + n % 600)
                a.comment = "申报材料完整，建设目标明确，建议支持。"
            n += 1
            yield a
    if lay.R > 3:
        extra = [i for i in range(lay.A - 1, -1, -1) if all((3 * i + k) % lay.R for k in range(3))][:3]
        for j, i in enumerate(extra):
            a = Assignment(round_id=round_id, reviewer_id=rev_uid, application_id=lay.app0 + i, assigned_by_id=lay.user0)
            if j == 0:
                a.status, a.scores, a.saved_at, a.lock_version = "draft", dict(list(scores().items())[:3]), now, 2
            yield a


def _load(scale: Scale, started: float) -> None:
    from django.contrib.auth.hashers import make_password
    from django.core.management.color import no_style
    from django.db import connection
    from django.db.models import Max, Value
    from django.utils import timezone, translation

    from dualleader.accounts.models import RoleGrant, User
    from dualleader.applications.models import Application, ApplicationVersion
    from dualleader.calls.eligibility import DEFAULT_RULES
    from dualleader.calls.formschema import default_schema, validate_data
    from dualleader.calls.models import Call, EligibilityRule, FormTemplate
    from dualleader.recommendations.models import (
        FormalCheck,
        PaperReceipt,
        Recommendation,
        RecommendationEntry,
    )
    from dualleader.reviews.models import Assignment, Criterion, Evaluation, PanelMember, ReviewRound
    from dualleader.reviews.start import DEFAULT_RUBRIC
    from dualleader.units.enums import Degree
    from dualleader.units.models import Person, Position, Unit

    def next_id(model: Any) -> int:
        return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1

    now = timezone.now()
    today = timezone.localdate()
    last_root = Unit.get_last_root_node()
    bases = {"unit": next_id(Unit), "person": next_id(Person), "user": next_id(User),
             "application": max(next_id(Application), next_id(ApplicationVersion)),
             "recommendation": next_id(Recommendation)}
    lay = _Layout(scale, bases, last_root._get_lastpos_in_path() + 1 if last_root else 1)
    say = lambda message: _say(scale, started, message)  # noqa: E731

    say(f"units: {_bulk(Unit, _units(lay, today))}")
    say(f"people: {_bulk(Person, _people(lay))}")
    n = _bulk(Position, (Position(person_id=lay.branch_people(b)[0], unit_id=lay.br0 + b, role="secretary",
                                  started_on=today - datetime.timedelta(days=30 + b % 600)) for b in range(lay.B)))
    say(f"secretaries' posts: {n}")
    password = make_password(PASSWORD)
    pairs = list(_accounts(lay, password))  # a few tens of thousands at most
    _bulk(User, (u for u, _g in pairs))
    _bulk(RoleGrant, (g for _u, g in pairs))
    say(f"accounts: {len(pairs)}")
    org_uid = lay.user0
    per_college = max(len([b for b in lay.app_branches if lay.college_of(b) == 0]) + len(lay.extra_branches), 1)
    call = Call.objects.create(
        name=f"基准测试批次（{scale.name}）", owner_id=lay.unit0, status="published", published_at=now - datetime.timedelta(days=7),
        opens_at=now - datetime.timedelta(days=7), deadline=now + datetime.timedelta(days=30),
        college_quota=min(32767, max(2, -(-lay.A // lay.C) + 2, per_college)), notice="基准测试用申报通知。")
    form = FormTemplate.objects.create(call=call, schema=default_schema(), frozen=True)
    EligibilityRule.objects.bulk_create(EligibilityRule(call=call, order=i, kind=r["kind"], params=dict(r["params"]),
                                                        explanation=r["explanation"]) for i, r in enumerate(DEFAULT_RULES))
    attest_id = EligibilityRule.objects.get(call=call, kind="attestation").pk

    def check(data: dict[str, Any]) -> None:
        errors = validate_data(form.schema, data, call, submitting=True)
        if errors:
            raise ValueError(f"generated application data does not validate: {errors}")

    with translation.override("zh-hans"):
        degree = str(Degree.DOCTORATE.label)
    items = _applications(lay, call, form.pk, degree, now, check)
    batch: list[tuple[Any, Any]]
    apps = 0
    while batch := list(islice(items, APP_BATCH)):
        # One expression per row keeps PostgreSQL's bulk insert off UNNEST, whose client-side array quoting
        # escapes every \uXXXX of the JSON one regex match at a time (five times slower here).
        for a, v in batch:
            a.lock_version = Value(a.lock_version)
            if v is not None:
                v.number = Value(v.number)
        Application.objects.bulk_create([a for a, _v in batch])
        ApplicationVersion.objects.bulk_create([v for _a, v in batch if v is not None])
        apps += len(batch)
    say(f"applications: {apps} ({lay.A} under review, {len(lay.extra_branches)} submitted, {scale.drafts} drafts)")
    counts = _bulk_mixed(_college_lists(lay, call, attest_id, org_uid, now),
                         [Recommendation, RecommendationEntry, FormalCheck, PaperReceipt])
    say(f"college lists: {counts}")
    evaluation = Evaluation.objects.create(call=call, owner_id=lay.unit0, rubric_locked_at=now)
    criteria = Criterion.objects.bulk_create(
        Criterion(evaluation=evaluation, order=i, name=name, description=text, max_points=Decimal(points))
        for i, (name, text, points) in enumerate(DEFAULT_RUBRIC, start=1))
    if any(c.pk is None for c in criteria):
        criteria = list(evaluation.criteria.all())
    round_ = ReviewRound.objects.create(evaluation=evaluation, kind="remote", status="open", reviewers_per_item=3,
                                        opens_at=now - datetime.timedelta(days=3), closes_at=now + datetime.timedelta(days=45))
    _bulk(PanelMember, (PanelMember(evaluation=evaluation, user_id=lay.user0 + 2 + r, home_unit_id=lay.reviewer_home(r),
                                    added_by_id=org_uid, affiliation=lay.uni_name(r % lay.U)) for r in range(lay.R)))
    n = _bulk(Assignment, _assignments(lay, round_.pk, [(c.pk, int(c.max_points)) for c in criteria], now))
    say(f"review: {lay.R} reviewers, {n} assignments")
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Unit, Person, User, Application, ApplicationVersion,
                                                                   Recommendation]):
            cursor.execute(sql)


def _world(scale: Scale) -> BenchWorld | None:
    """The BenchWorld of a scale already loaded, looked up by the names the loader gives; None if not loaded."""
    from dualleader.accounts.models import RoleGrant
    from dualleader.applications.models import Application, ApplicationVersion
    from dualleader.calls.models import Call
    from dualleader.reviews.models import ReviewRound
    from dualleader.units.models import Unit

    root = Unit.objects.filter(code=f"BENCH-{scale.name.upper()}").first()
    if root is None:
        return None
    name = scale.name
    call = Call.objects.get(owner=root, name=f"基准测试批次（{name}）")
    app_id = Application.objects.filter(call=call, status="under_review").order_by("id").values_list("id", flat=True)[0]
    drafts = Application.objects.filter(call=call, created_by__username__startswith=f"{name}_draft").order_by("id")
    return BenchWorld(
        scale=name, call_id=call.pk, org_admin=f"{name}_org", college_admin=f"{name}_college",
        college_id=RoleGrant.objects.get(user__username=f"{name}_college", role="college_admin").unit_id,
        reviewer=f"{name}_rev0000",
        round_id=ReviewRound.objects.get(evaluation__call=call, evaluation__kind="selection", kind="remote").pk,
        application_id=app_id,
        version_number=ApplicationVersion.objects.filter(application_id=app_id).order_by("-number")
        .values_list("number", flat=True)[0],
        drafts=list(drafts.values_list("created_by__username", "id")))


def reset_drafts(world: BenchWorld) -> int:
    """Put the burst's applications back as complete drafts (a run submits them): their versions and the
    records of their submission go, their data is completed again. Returns how many were changed."""
    from django.db import transaction

    from dualleader.applications.models import Application, ApplicationVersion, Autosave

    ids = [app_id for _user, app_id in world.drafts]
    with transaction.atomic():
        changed = list(Application.objects.select_for_update().filter(pk__in=ids).exclude(status="draft"))
        ApplicationVersion.attachments.through.objects.filter(applicationversion__application__in=ids).delete()
        ApplicationVersion.objects.filter(application__in=ids).delete()
        Autosave.objects.filter(application__in=ids).delete()
        for n, app in enumerate(changed):
            app.status, app.submitted_at, app.status_reason = "draft", None, ""
            app.data = complete(app.data, n)
            app.title = app.data["studio_name"]
        Application.objects.bulk_update(changed, ["status", "submitted_at", "status_reason", "data", "title"])
    return len(changed)


def ensure(scale: Scale) -> BenchWorld:
    """The benchmark data at `scale`, loaded if the root unit BENCH-<SCALE> is not there yet (one
    transaction, bulk inserts), else looked up; the burst's drafts are put back as drafts either way."""
    from django.db import transaction

    started = time.monotonic()
    world = _world(scale)
    if world is None:
        _say(scale, started, "loading")
        with transaction.atomic():
            _load(scale, started)
        world = _world(scale)
        assert world is not None
        _say(scale, started, "loaded")
    elif n := reset_drafts(world):
        _say(scale, started, f"already loaded; {n} drafts put back")
    else:
        _say(scale, started, "already loaded")
    return world
