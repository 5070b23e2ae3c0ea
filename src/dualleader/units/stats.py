"""Counts per child unit in a constant number of queries, whatever the size of the tree: rows are
grouped by the first characters of their materialised path, which name the child they sit under."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Substr

from .enums import PoliticalStatus, UnitKind
from .models import Person, Unit


def child_stats(parent: Unit, children: list[Unit]) -> dict[str, dict[str, int]]:
    """For each child of `parent`: its branches, teacher branches, people and Party members."""
    stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    if not children:
        return stats
    width = (parent.depth + 1) * Unit.steplen
    branch_rows = (Unit.objects.filter(path__startswith=parent.path, depth__gt=parent.depth, is_active=True,
                                       kind__in=UnitKind.branch_kinds())
                   .order_by().annotate(head=Substr("path", 1, width)).values("head")
                   .annotate(n=Count("id"), teacher=Count("id", filter=Q(kind=UnitKind.TEACHER_BRANCH))))
    for row in branch_rows:
        stats[row["head"]]["branches"] = row["n"]
        stats[row["head"]]["teacher_branches"] = row["teacher"]
    people_rows = (Person.objects.filter(unit__path__startswith=parent.path, unit__depth__gt=parent.depth,
                                         is_active=True)
                   .order_by().annotate(head=Substr("unit__path", 1, width)).values("head")
                   .annotate(n=Count("id"), party=Count("id", filter=Q(
                       political_status__in=PoliticalStatus.party_statuses()))))
    for row in people_rows:
        stats[row["head"]]["people"] = row["n"]
        stats[row["head"]]["party_members"] = row["party"]
    return stats


def subtree_totals(unit: Unit) -> dict[str, Any]:
    units = Unit.objects.filter(path__startswith=unit.path, is_active=True).aggregate(
        colleges=Count("id", filter=Q(kind=UnitKind.COLLEGE)),
        branches=Count("id", filter=Q(kind__in=UnitKind.branch_kinds())),
        teacher_branches=Count("id", filter=Q(kind=UnitKind.TEACHER_BRANCH)))
    people = Person.objects.filter(unit__path__startswith=unit.path, is_active=True).aggregate(
        people=Count("id"), party_members=Count("id", filter=Q(
            political_status__in=PoliticalStatus.party_statuses())))
    return {**units, **people}
