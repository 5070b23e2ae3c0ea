"""Automatic assignment as a pure function, so it can be tested without a database and reused for
acceptance reviews: items and reviewers are plain keys.

The rule: every item gets `k` reviewers in total (those it already has count); a reviewer never gets
an item in `forbidden` (same college or branch, declared conflicts, an earlier decline); among the
allowed reviewers the least loaded is chosen, so the load stays balanced. Items with the fewest
allowed reviewers are served first, since they are the ones a greedy pass would otherwise starve.
Ties break on the key, so the same input always gives the same plan."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field


@dataclass
class Plan:
    pairs: list[tuple[Hashable, Hashable]] = field(default_factory=list)  # (item, reviewer) to create
    short: dict[Hashable, int] = field(default_factory=dict)  # item → reviewers still missing


def plan(items: Iterable[Hashable], reviewers: Iterable[Hashable], k: int, *,
         existing: Iterable[tuple[Hashable, Hashable]] = (),
         forbidden: Iterable[tuple[Hashable, Hashable]] = ()) -> Plan:
    """Which (item, reviewer) pairs to add so each item has k reviewers. `existing` are the live
    assignments (they count towards k and towards each reviewer's load); `forbidden` pairs are never
    planned."""
    items = sorted(set(items), key=repr)
    reviewers = sorted(set(reviewers), key=repr)
    blocked = set(forbidden)
    load = {r: 0 for r in reviewers}
    has: dict[Hashable, set[Hashable]] = {i: set() for i in items}
    for item, reviewer in existing:
        if item in has:
            has[item].add(reviewer)
        if reviewer in load:
            load[reviewer] += 1

    def allowed(item: Hashable) -> list[Hashable]:
        return [r for r in reviewers if (item, r) not in blocked and r not in has[item]]

    result = Plan()
    order = sorted(items, key=lambda i: (len(allowed(i)) - (k - len(has[i])), repr(i)))
    # Round-robin over the items, one reviewer per pass, so that no item takes all the light
    # reviewers before the others have had one.
    while True:
        progressed = False
        for item in order:
            if len(has[item]) >= k:
                continue
            candidates = allowed(item)
            if not candidates:
                continue
            chosen = min(candidates, key=lambda r: (load[r], repr(r)))
            has[item].add(chosen)
            load[chosen] += 1
            result.pairs.append((item, chosen))
            progressed = True
        if not progressed:
            break
    result.short = {i: k - len(has[i]) for i in items if len(has[i]) < k}
    return result
