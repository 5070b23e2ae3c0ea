"""推荐汇总表: one row per application on a list a college sent to the university, by college then rank."""

from __future__ import annotations

from typing import Any

from django.db.models import Max
from django.utils import timezone

from dualleader.calls.models import Call

from .xlsx import safe, titled_table

__all__ = ["HEADERS", "safe", "summary_rows", "summary_xlsx"]

HEADERS = [("学院", 24), ("推荐排名", 9), ("依托党支部", 30), ("支部书记", 10), ("职称", 10), ("最高学历（学位）", 14),
           ("支部成立时间", 13), ("资格条件", 36), ("申报状态", 16), ("提交时间", 18), ("推荐时间", 18),
           ("受理时间", 18)]
def _time(instant: Any) -> str:
    return timezone.localtime(instant).strftime("%Y-%m-%d %H:%M") if instant else ""


def summary_rows(call: Call) -> list[list[Any]]:
    """The table body (without title and header): plain values, already safe."""
    from dualleader.recommendations.enums import CheckDecision, RecommendationStatus
    from dualleader.recommendations.models import FormalCheck, RecommendationEntry
    from dualleader.recommendations.receipt import checklists

    entries = list(RecommendationEntry.objects.filter(
        recommendation__call=call, recommendation__status=RecommendationStatus.SUBMITTED)
        .select_related("recommendation__unit", "application__branch", "application__secretary",
                        "application__call").order_by("recommendation__unit__path", "rank"))
    for entry in entries:
        entry.application.call = call
    items = checklists([e.application for e in entries])
    accepted = dict(FormalCheck.objects.filter(application__in=[e.application_id for e in entries],
                                               decision=CheckDecision.ACCEPTED)
                    .values("application").annotate(at=Max("decided_at")).values_list("application", "at"))
    rows = []
    for entry in entries:
        a = entry.application
        sec = a.secretary
        eligibility = next(i for i in items[a.pk] if i.key == "eligibility")
        rows.append([safe(v) for v in [
            entry.recommendation.unit.name, entry.rank, a.branch.name, sec.name if sec else "",
            sec.title if sec else "", sec.get_highest_degree_display() if sec else "",
            a.branch.established_on.isoformat() if a.branch.established_on else "",
            "符合" if eligibility.passed else f"不符合：{eligibility.detail}", a.get_status_display(),
            _time(a.submitted_at), _time(entry.recommendation.submitted_at), _time(accepted.get(a.pk))]])
    return rows


def summary_xlsx(call: Call) -> bytes:
    return titled_table(sheet="推荐汇总表", title=f"{call.name} 推荐汇总表", headers=HEADERS, rows=summary_rows(call))
