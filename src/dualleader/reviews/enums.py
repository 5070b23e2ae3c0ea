from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EvaluationKind(models.TextChoices):
    """What is reviewed: the applications of a call now; a studio's reports at acceptance later."""

    SELECTION = "selection", _("Selection of studios")
    MIDTERM = "midterm", _("Mid-term acceptance")
    FINAL = "final", _("Final acceptance")


class Aggregation(models.TextChoices):
    MEAN = "mean", _("Mean")
    TRIMMED = "trimmed", _("Trimmed mean (highest and lowest dropped when 5 or more)")
    ZSCORE = "zscore", _("Normalised per reviewer (z-score)")


class RoundKind(models.TextChoices):
    REMOTE = "remote", _("Remote review")
    PRESENTATION = "presentation", _("Presentation review")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("round status", "Being prepared")
    OPEN = "open", pgettext_lazy("round status", "Open for scoring")
    CLOSED = "closed", pgettext_lazy("round status", "Closed")


class OtherReviews(models.TextChoices):
    NEVER = "never", pgettext_lazy("other reviews", "Never")
    AFTER_SUBMIT = "after_submit", pgettext_lazy("other reviews", "After submitting their own")


class PanelRole(models.TextChoices):
    LEADING_GROUP = "leading_group", _("Leading-group member")
    EXPERT = "expert", _("Expert")


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", pgettext_lazy("assignment", "Not started")
    DRAFT = "draft", pgettext_lazy("assignment", "Draft saved")
    SUBMITTED = "submitted", pgettext_lazy("assignment", "Submitted")
    DECLINED = "declined", pgettext_lazy("assignment", "Declined")


class ConflictSource(models.TextChoices):
    DECLARED = "declared", _("Declared by the reviewer")
    RECORDED = "recorded", _("Recorded by the Organization Department")


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("notice status", "Draft")
    PUBLISHED = "published", pgettext_lazy("notice status", "Being publicised")
    FINALIZED = "finalized", pgettext_lazy("notice status", "Finalised")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("objection", "Open")
    RESOLVED = "resolved", pgettext_lazy("objection", "Resolved")


class ObjectionOutcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


class ProvinceStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("province", "Being prepared")
    SENT = "sent", pgettext_lazy("province", "Sent to the province")
