"""The receipt desk's reads (受理台): where every college of a call stands, and one college's sent list,
each in a fixed number of queries whatever the number of colleges and applications."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from dualleader.applications.enums import ApplicationStatus as S
from dualleader.applications.models import Application
from dualleader.calls.deadlines import deadline_in, extensions_by_path
from dualleader.calls.models import Call, DeadlineExtension
from dualleader.units.models import Unit

from .enums import BoardState, RecommendationStatus
from .models import Recommendation, RecommendationEntry
from .receipt import CheckItem, checklists
from .selectors import colleges_of_call

# Statuses an application reaches only once its college endorsed it / the university accepted it.
ACCEPTED_OR_BEYOND = (S.ACCEPTED, S.UNDER_REVIEW, S.SELECTED, S.NOT_SELECTED, S.RECOMMENDED_UPWARD)
ENDORSED_OR_BEYOND = (S.ENDORSED, S.RECOMMENDED, S.RETURNED_BY_SCHOOL, S.REJECTED, *ACCEPTED_OR_BEYOND)


@dataclass
class CollegeRow:
    college: Unit
    state: str
    applications: int
    endorsed: int
    on_list: int
    quota: int
    accepted: int
    returned_by_school: int
    deadline: datetime.datetime
    extension: DeadlineExtension | None
    recommendation: Recommendation | None

    @property
    def submitted_at(self) -> datetime.datetime | None:
        rec = self.recommendation
        return rec.submitted_at if rec is not None and rec.status == RecommendationStatus.SUBMITTED else None

    @property
    def state_label(self) -> str:
        return str(BoardState(self.state).label)


@dataclass
class Board:
    call: Call
    rows: list[CollegeRow]
    totals: dict[str, int] = field(default_factory=dict)

    def chart(self) -> list[dict[str, Any]]:
        """The stacked bar, one segment per state with colleges in it: x and width in percent of the
        bar (strings with a dot, for an SVG viewBox 100 wide)."""
        total = len(self.rows)
        segments: list[dict[str, Any]] = []
        x = 0.0
        for s in BoardState:
            count = self.totals.get(s.value, 0)
            if not count or not total:
                continue
            width = 100 * count / total
            segments.append({"state": s.value, "label": s.label, "count": count, "x": f"{x:.2f}",
                             "width": f"{width:.2f}"})
            x += width
        return segments


def _owner(paths: list[str], path: str) -> str | None:
    """The college path `path` lies under (the longest one when colleges nest)."""
    best = None
    for p in paths:
        if path.startswith(p) and (best is None or len(p) > len(best)):
            best = p
    return best


def board(call: Call) -> Board:
    """Four queries: the colleges, the applications counted by branch and status, the recommendations
    with their entry counts, and the deadline extensions."""
    colleges = list(colleges_of_call(call))
    paths = [c.path for c in colleges]
    counts: dict[str, dict[str, int]] = {p: {} for p in paths}
    for row in (Application.objects.filter(call=call).exclude(status=S.WITHDRAWN)
                .values("branch__path", "status").annotate(n=Count("id")).order_by()):
        owner = _owner(paths, row["branch__path"])
        if owner is not None:
            by_status = counts[owner]
            by_status[row["status"]] = by_status.get(row["status"], 0) + row["n"]
    recommendations = {r.unit_id: r for r in Recommendation.objects.filter(call=call).annotate(
        n_entries=Count("entries"),
        n_accepted=Count("entries", filter=Q(entries__application__status__in=ACCEPTED_OR_BEYOND)))}
    extensions = extensions_by_path(call)
    rows: list[CollegeRow] = []
    totals = {s.value: 0 for s in BoardState}
    for college in colleges:
        by_status = counts[college.path]
        rec = recommendations.get(college.pk)
        n_apps = sum(by_status.values())
        on_list = rec.n_entries if rec is not None else 0  # type: ignore[attr-defined]
        if rec is not None and rec.status == RecommendationStatus.SUBMITTED:
            state = (BoardState.ACCEPTED if on_list and rec.n_accepted == on_list  # type: ignore[attr-defined]
                     else BoardState.SUBMITTED)
        elif n_apps or on_list:
            state = BoardState.IN_PROGRESS
        else:
            state = BoardState.NOT_STARTED
        extension = None
        for path in sorted((p for p in extensions if college.path.startswith(p)), key=len, reverse=True)[:1]:
            extension = extensions[path]
        rows.append(CollegeRow(
            college=college, state=state.value, applications=n_apps,
            endorsed=sum(n for s, n in by_status.items() if s in ENDORSED_OR_BEYOND), on_list=on_list,
            quota=call.college_quota, accepted=sum(n for s, n in by_status.items() if s in ACCEPTED_OR_BEYOND),
            returned_by_school=by_status.get(S.RETURNED_BY_SCHOOL, 0),
            deadline=deadline_in(extensions, call, college), extension=extension, recommendation=rec))
        totals[state.value] += 1
    return Board(call=call, rows=rows, totals=totals)


@dataclass
class ListRow:
    entry: RecommendationEntry
    items: list[CheckItem]

    @property
    def application(self) -> Application:
        return self.entry.application

    @property
    def passed(self) -> int:
        return sum(1 for i in self.items if i.passed)

    @property
    def complete(self) -> bool:
        return self.passed == len(self.items)


def college_list(call: Call, college: Unit) -> tuple[Recommendation | None, list[ListRow]]:
    """The college's list as the university sees it (only once sent), with each entry's checklist."""
    rec = (Recommendation.objects.filter(call=call, unit=college, status=RecommendationStatus.SUBMITTED)
           .select_related("submitted_by").first())
    if rec is None:
        return None, []
    entries = list(rec.entries.select_related("application__branch", "application__secretary",
                                              "application__call", "application__paper_receipt")
                   .order_by("rank"))
    for entry in entries:
        entry.application.call = call
    items = checklists([e.application for e in entries])
    return rec, [ListRow(entry=e, items=items[e.application_id]) for e in entries]
