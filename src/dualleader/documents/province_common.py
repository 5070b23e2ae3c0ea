"""The rows of the recommendation to the province, shared by the letter's table, the .xlsx list and the
zip: one query for the entries with studio, leader, branch and college names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dualleader.units.models import Unit


@dataclass(frozen=True)
class ProvinceRow:
    rank: int
    studio: str
    college: str
    branch: str
    leader: str
    title: str
    selection_rank: int | None
    cycle: str
    reason: str
    application: Any


def province_rows(recommendation: Any) -> list[ProvinceRow]:
    entries = list(recommendation.entries.select_related(
        "studio__leader", "studio__branch", "studio__application__call", "studio__application__form")
        .order_by("rank", "pk")) if recommendation.pk else []
    paths = {e.studio.branch.path[: -Unit.steplen] for e in entries if e.studio.branch.depth > 1}
    colleges = dict(Unit.objects.filter(path__in=paths).values_list("path", "name")) if paths else {}
    return [ProvinceRow(
        rank=e.rank, studio=e.studio.name, college=colleges.get(e.studio.branch.path[: -Unit.steplen], ""),
        branch=e.studio.branch.name, leader=e.studio.leader.name, title=e.studio.leader.title or "",
        selection_rank=e.studio.selection_rank,
        cycle=f"{e.studio.cycle_starts_on:%Y.%m.%d}—{e.studio.cycle_ends_on:%Y.%m.%d}", reason=e.reason,
        application=e.studio.application) for e in entries]


def committee_name(unit_name: str) -> str:
    """落款: 长春工业大学党委 → 中共长春工业大学委员会 (a name already in full form is kept)."""
    name = (unit_name or "").strip()
    if name.startswith("中共") or name.endswith("委员会"):
        return name
    if name.endswith("党委"):
        return f"中共{name[:-2]}委员会"
    return name
