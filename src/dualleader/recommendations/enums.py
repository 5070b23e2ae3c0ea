from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RecommendationStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    SUBMITTED = "submitted", _("Submitted to the university")


class CheckDecision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned to the college")


class BoardState(models.TextChoices):
    """Where a college stands on a call, as the receipt desk shows it."""

    NOT_STARTED = "not_started", pgettext_lazy("board state", "Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("board state", "In progress")
    SUBMITTED = "submitted", pgettext_lazy("board state", "Submitted")
    ACCEPTED = "accepted", pgettext_lazy("board state", "Accepted")
