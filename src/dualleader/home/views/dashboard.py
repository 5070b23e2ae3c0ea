from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dualleader.accounts.enums import Role
from dualleader.units.models import Unit
from dualleader.units.selectors import current_committee, top_units
from dualleader.units.stats import child_stats, subtree_totals

from ..todo import todo_for


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The home page is made for the role: the whole organisation for the Organization Department,
    the college for a college committee, the branch for a secretary or member."""
    user = request.user
    tops = top_units(user)
    focus: Unit | None = tops[0] if len(tops) == 1 else None
    context: dict[str, object] = {"tops": tops, "focus": focus, "todo": todo_for(user),
                                  "is_reviewer_only": user.has_role(Role.REVIEWER) and not tops}
    if focus is not None:
        context["totals"] = subtree_totals(focus)
        if focus.is_branch:
            context["committee"] = current_committee(focus)
        else:
            children = list(Unit.objects.get_children(focus).filter(is_active=True))
            stats = child_stats(focus, children)
            context["children"] = [(child, stats.get(child.path, {})) for child in children]
    return render(request, "home/index.html", context)
