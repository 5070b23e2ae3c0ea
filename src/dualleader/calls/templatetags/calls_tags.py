from __future__ import annotations

import datetime

import markdown as md
import nh3
from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()

ALLOWED_TAGS = {"p", "h1", "h2", "h3", "h4", "strong", "em", "ul", "ol", "li", "br",
                "table", "thead", "tbody", "tr", "th", "td"}


@register.filter
def beijing(value: datetime.datetime | None) -> str:
    """An instant as Beijing wall-clock time with the zone spelled out: 2024-03-05 17:00（北京时间）."""
    if not value:
        return "—"
    local = timezone.localtime(value, timezone.get_fixed_timezone(8 * 60))
    return _("%(time)s (Beijing time)") % {"time": local.strftime("%Y-%m-%d %H:%M")}


def render_markdown(text: str) -> SafeString:
    html = md.markdown(text or "", extensions=["tables", "sane_lists"])
    return mark_safe(nh3.clean(html, tags=ALLOWED_TAGS, attributes={}))  # noqa: S308 - sanitised by nh3


@register.filter
def notice_html(text: str) -> SafeString:
    return render_markdown(text)
