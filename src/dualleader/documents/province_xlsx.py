"""推荐名单 to the province as .xlsx: one row per recommended studio by rank; every text cell through
`safe()` so nothing typed by a user can run as a formula."""

from __future__ import annotations

from typing import Any

from .province_common import province_rows
from .xlsx import titled_table

HEADERS = [("推荐排序", 9), ("工作室名称", 36), ("所在单位", 24), ("依托党支部", 28), ("负责人", 10), ("职称", 10),
           ("校内遴选排名", 12), ("建设周期", 24), ("推荐理由", 48)]


def province_list_xlsx(recommendation: Any) -> bytes:
    return titled_table(
        sheet="推荐名单", title=f"{recommendation.evaluation.call.name} “双带头人”教师党支部书记工作室推荐名单",
        headers=HEADERS, rows=[(row.rank, row.studio, row.college, row.branch, row.leader, row.title,
                                row.selection_rank, row.cycle, row.reason) for row in province_rows(recommendation)])
