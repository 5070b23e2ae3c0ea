"""What the data loader hands the load runner: the ids of the objects each measured page needs and
the accounts that open them. All accounts share the password PASSWORD."""

from __future__ import annotations

from dataclasses import dataclass, field

PASSWORD = "Bench-Passw0rd!"


@dataclass
class BenchWorld:
    scale: str
    call_id: int  # the benchmark call: open, deadline a month ahead, owned by the root unit
    org_admin: str  # username: org_admin on the root unit
    college_admin: str  # username: college_admin on `college_id`
    college_id: int  # a college with submitted applications
    reviewer: str  # username: a reviewer with assignments in `round_id`
    round_id: int  # the open remote round of the call's evaluation, with `scores` submitted reviews
    application_id: int  # a submitted application (with a version) for the detail page and documents
    version_number: int  # its submitted version number
    drafts: list[tuple[str, int]] = field(default_factory=list)  # (secretary username, draft application id)
