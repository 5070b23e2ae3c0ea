"""The construction standard (建设标准) evaluated live against the organisation data.

Each rule kind has parameters with defaults (DEFAULT_RULES) and gives a pass or fail with a reason a
secretary can act on. Attestations cannot be checked by the system: they are shown as "to be confirmed
by the college" and never block submission."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from dualleader.units.enums import Degree, PositionRole, TitleLevel, UnitKind
from dualleader.units.models import Person, Position, Unit

from .enums import RuleKind
from .models import Call, EligibilityRule

DEFAULT_RULES: list[dict[str, Any]] = [
    {"kind": RuleKind.BRANCH_KIND, "params": {"kinds": [UnitKind.TEACHER_BRANCH]},
     "explanation": "依托教学科研一线的教师党支部建立。"},
    {"kind": RuleKind.ESTABLISHED_YEARS, "params": {"years": 1},
     "explanation": "党支部成立1年（含）以上（以申报截止时间计算）。"},
    {"kind": RuleKind.SECRETARY_PARTY_MEMBER, "params": {},
     "explanation": "负责人为现任支部书记，且为中共正式党员。"},
    {"kind": RuleKind.SECRETARY_QUALIFICATION, "params": {"min_title_level": TitleLevel.ASSOCIATE,
                                                          "or_degree": Degree.DOCTORATE},
     "explanation": "支部书记符合“双带头人”条件：具有副高级及以上职称或博士学位。"},
    {"kind": RuleKind.ATTESTATION, "params": {},
     "explanation": "近三年党建和意识形态领域未出现重大问题（由学院党委确认）。"},
]


@dataclass(frozen=True)
class RuleResult:
    rule: EligibilityRule
    passed: bool | None  # None: an attestation, confirmed by the college later
    reason: str


def add_default_rules(call: Call) -> None:
    for order, spec in enumerate(DEFAULT_RULES):
        EligibilityRule.objects.create(call=call, order=order, kind=spec["kind"], params=dict(spec["params"]),
                                       explanation=spec["explanation"])


def current_secretary(branch: Unit, on: datetime.date | None = None) -> Person | None:
    post = (Position.objects.current(on).filter(unit=branch, role=PositionRole.SECRETARY)
            .select_related("person").prefetch_related("person__academic_roles").first())
    return post.person if post else None


def _years_between(start: datetime.date, end: datetime.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def evaluate(call: Call, branch: Unit, *, secretary: Person | None = None,
             as_of: datetime.date | None = None) -> list[RuleResult]:
    """Every enabled rule of the call for this branch, as at `as_of` (default: the deadline's day)."""
    as_of = as_of or timezone.localdate(call.deadline)
    secretary = secretary if secretary is not None else current_secretary(branch, timezone.localdate())
    return [RuleResult(rule, *_check(rule, branch, secretary, as_of)) for rule in call.rules.all() if rule.enabled]


def is_eligible(results: list[RuleResult]) -> bool:
    return all(r.passed is not False for r in results)


def _check(rule: EligibilityRule, branch: Unit, sec: Person | None, as_of: datetime.date) -> tuple[bool | None, str]:
    p = rule.params or {}
    match rule.kind:
        case RuleKind.BRANCH_KIND:
            kinds = p.get("kinds") or [UnitKind.TEACHER_BRANCH]
            ok = branch.kind in kinds
            return ok, (_("The branch is a %(kind)s.") % {"kind": branch.get_kind_display()} if ok else
                        _("The branch is a %(kind)s; this call is for teacher Party branches.")
                        % {"kind": branch.get_kind_display()})
        case RuleKind.ESTABLISHED_YEARS:
            need = int(p.get("years", 1))
            if not branch.established_on:
                return False, _("The branch's date of establishment is not recorded; ask the college to add it.")
            have = _years_between(branch.established_on, as_of)
            ok = have >= need
            return ok, (_("Established on %(date)s: %(have)d full years by %(as_of)s, at least %(need)d needed.")
                        % {"date": branch.established_on.isoformat(), "have": have, "as_of": as_of.isoformat(),
                           "need": need})
        case RuleKind.SECRETARY_PARTY_MEMBER:
            if sec is None:
                return False, _("The branch has no secretary on record.")
            ok = sec.political_status == "party_member"
            return ok, (_("%(name)s is a full Party member.") % {"name": sec.name} if ok else
                        _("%(name)s is recorded as %(status)s, not a full Party member.")
                        % {"name": sec.name, "status": sec.get_political_status_display()})
        case RuleKind.SECRETARY_QUALIFICATION:
            if sec is None:
                return False, _("The branch has no secretary on record.")
            level = p.get("min_title_level", TitleLevel.ASSOCIATE)
            degree = p.get("or_degree", Degree.DOCTORATE)
            title_ok = TitleLevel.rank(sec.title_level) >= TitleLevel.rank(level)
            degree_ok = bool(degree) and sec.highest_degree == degree
            ok = title_ok or degree_ok
            return ok, (_("%(name)s: %(title)s (%(level)s), %(degree)s.")
                        % {"name": sec.name, "title": sec.title or "—", "level": sec.get_title_level_display(),
                           "degree": sec.get_highest_degree_display() or "—"}
                        + ("" if ok else " " + _("Needs %(level)s or above, or a %(degree)s.")
                           % {"level": TitleLevel(level).label, "degree": Degree(degree).label if degree else "—"}))
        case RuleKind.SECRETARY_ACADEMIC_ROLE:
            if sec is None:
                return False, _("The branch has no secretary on record.")
            wanted = set(p.get("roles") or [])
            held = {r.code for r in sec.academic_roles.all()}
            ok = not wanted or bool(wanted & held)
            names = "、".join(r.name for r in sec.academic_roles.all()) or "—"
            return ok, _("Academic roles of %(name)s: %(roles)s.") % {"name": sec.name, "roles": names}
        case RuleKind.ATTESTATION:
            return None, _("To be confirmed by the college Party committee.")
    return False, _("Unknown rule.")
