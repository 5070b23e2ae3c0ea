"""The catalogue the demo university is built from: 长春工业大学, its college Party committees and the
departments (依托单位) their teacher branches rely on. Names follow the university's real colleges and
programmes; the people in them are invented.

A department's flag marks a branch the demo needs for later screens:
  "featured" – the branch the demo secretary and studio member belong to (eligible in every respect);
  "new"      – established less than a year ago (fails the ≥ 1 year rule);
  "low"      – its secretary is a 讲师 with a master's degree (fails the 副高-or-doctorate rule);
  "vacant"   – its secretary's term has ended and no successor is on record yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Department:
    name: str
    discipline: str
    flag: str = ""


@dataclass(frozen=True)
class College:
    code: str
    name: str  # without the trailing 党委
    stem: bool  # engineers and lab staff hold 工程/实验 series titles
    departments: list[Department] = field(default_factory=list)


UNIVERSITY = {"name": "中共长春工业大学委员会", "short_name": "长春工业大学党委", "code": "CCUT"}

D = Department
COLLEGES: list[College] = [
    College("JD", "机电工程学院", True, [
        D("机械设计制造及其自动化系", "机械工程", "featured"), D("机械电子工程系", "机械工程"),
        D("车辆工程系", "机械工程"), D("工业设计系", "设计学", "low"),
        D("测控技术与仪器系", "仪器科学与技术"), D("智能制造工程系", "机械工程", "new")]),
    College("CL", "材料科学与工程学院", True, [
        D("材料物理系", "材料科学与工程"), D("高分子材料与工程系", "材料科学与工程"),
        D("金属材料工程系", "材料科学与工程"), D("无机非金属材料工程系", "材料科学与工程"),
        D("材料成型及控制工程系", "材料科学与工程")]),
    College("HG", "化学工程学院", True, [
        D("化学工程与工艺系", "化学工程与技术"), D("制药工程系", "化学工程与技术"),
        D("应用化学系", "化学"), D("环境工程系", "环境科学与工程", "vacant"),
        D("过程装备与控制工程系", "动力工程及工程热物理")]),
    College("JSJ", "计算机科学与工程学院", True, [
        D("计算机科学与技术系", "计算机科学与技术"), D("软件工程系", "软件工程"),
        D("网络工程系", "网络空间安全"), D("物联网工程系", "计算机科学与技术"),
        D("人工智能系", "控制科学与工程", "new"), D("数据科学与大数据技术系", "计算机科学与技术")]),
    College("DQ", "电气与电子工程学院", True, [
        D("电气工程及其自动化系", "电气工程"), D("自动化系", "控制科学与工程"),
        D("电子信息工程系", "信息与通信工程"), D("通信工程系", "信息与通信工程"),
        D("电工电子实验教学中心", "电气工程")]),
    College("SX", "数学与统计学院", False, [
        D("数学与应用数学系", "数学"), D("信息与计算科学系", "数学"), D("统计学系", "统计学"),
        D("大学数学教学部", "数学")]),
    College("GL", "管理学院", False, [
        D("工商管理系", "工商管理"), D("会计学系", "工商管理"), D("市场营销系", "工商管理", "vacant"),
        D("工业工程系", "管理科学与工程"), D("信息管理与信息系统系", "管理科学与工程")]),
    College("JJ", "经济学院", False, [
        D("经济学系", "理论经济学"), D("国际经济与贸易系", "应用经济学"), D("金融学系", "应用经济学"),
        D("财政税务系", "应用经济学", "low")]),
    College("WF", "文法学院", False, [
        D("法学系", "法学"), D("社会工作系", "社会学"), D("汉语言文学系", "中国语言文学"),
        D("行政管理系", "公共管理"), D("新闻传播学系", "新闻传播学")]),
    College("MY", "马克思主义学院", False, [
        D("马克思主义基本原理教研室", "马克思主义理论"),
        D("毛泽东思想和中国特色社会主义理论体系概论教研室", "马克思主义理论"),
        D("中国近现代史纲要教研室", "马克思主义理论"), D("思想道德与法治教研室", "马克思主义理论"),
        D("形势与政策教研室", "马克思主义理论")]),
    College("WY", "外国语学院", False, [
        D("英语系", "外国语言文学"), D("日语系", "外国语言文学"), D("俄语系", "外国语言文学", "low"),
        D("大学英语第一教学部", "外国语言文学"), D("大学英语第二教学部", "外国语言文学")]),
    College("YS", "艺术设计学院", False, [
        D("视觉传达设计系", "设计学"), D("环境设计系", "设计学"), D("产品设计系", "设计学"),
        D("数字媒体艺术系", "设计学", "new"), D("美术学系", "美术学")]),
]
del D

# Branches of the university's administrative offices (机关), directly under the university committee.
ORGAN_BRANCHES = [
    {"name": "机关第一党支部", "code": "JG01", "department": "党委办公室、党委组织部、党委宣传部"},
    {"name": "机关第二党支部", "code": "JG02", "department": "教务处、科学技术处、人事处"},
]

# Professional titles by level. Repeats weight the common titles.
TITLES = {
    "stem": {
        "full": ["教授"] * 8 + ["研究员", "正高级工程师"],
        "associate": ["副教授"] * 8 + ["高级工程师", "副研究员", "高级实验师"],
        "intermediate": ["讲师"] * 8 + ["工程师", "实验师"],
        "junior": ["助教", "助教", "助理工程师"],
    },
    "humanities": {
        "full": ["教授"] * 9 + ["研究员"],
        "associate": ["副教授"] * 9 + ["副研究员"],
        "intermediate": ["讲师"],
        "junior": ["助教"],
    },
    "organ": {
        "full": ["研究员"],
        "associate": ["副研究员"],
        "intermediate": ["助理研究员", "讲师"],
        "junior": ["研究实习员"],
    },
}

# Age range (years, inclusive) of people holding each title level.
AGES = {"full": (44, 61), "associate": (36, 58), "intermediate": (29, 50), "junior": (24, 30)}

# Degree mix by title level: (doctorate, master, bachelor) weights.
DEGREES = {"full": (88, 12, 0), "associate": (78, 20, 2), "intermediate": (55, 42, 3), "junior": (0, 90, 10)}

# Title-level mix of ordinary members of a teacher branch.
MEMBER_LEVELS = (("full", 15), ("associate", 40), ("intermediate", 38), ("junior", 7))

# Chance that a person of a level holds an academic role (codes seeded by units migration 0002).
ACADEMIC_ROLES = {
    "full": {"master_supervisor": 0.9, "doctoral_supervisor": 0.5, "discipline_leader": 0.2,
             "academic_leader": 0.2, "research_team_leader": 0.25, "teaching_master": 0.1},
    "associate": {"master_supervisor": 0.7, "academic_leader": 0.05, "research_team_leader": 0.1,
                  "young_talent": 0.12},
    "intermediate": {"young_talent": 0.05},
    "junior": {},
}
