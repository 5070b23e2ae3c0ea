"""What the application audit codes mean to a reader, for the timeline on the application page."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .enums import ApplicationStatus as S

ACTION_LABELS: dict[str, Promise] = {
    "application.start": _("Application started"),
    "application.save": _("Saved"),
    "application.version": _("Version frozen"),
    "application.submitted": _("Submitted to the college"),
    "application.draft": _("Back to draft"),
    "application.withdrawn": _("Withdrawn"),
    "application.returned": _("Returned by the college"),
    "application.endorsed": _("Endorsed by the college"),
    "application.recommended": _("Recommended to the university"),
    # Later steps read like the status they lead to.
    **{f"application.{status.value}": status.label for status in (
        S.RETURNED_BY_SCHOOL, S.ACCEPTED, S.REJECTED, S.UNDER_REVIEW, S.SELECTED, S.NOT_SELECTED,
        S.RECOMMENDED_UPWARD)},
    "application.paper_received": _("Paper copy received"),
    "application.attachment_add": _("File uploaded"),
    "application.attachment_remove": _("File removed"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))
