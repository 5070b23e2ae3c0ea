from django.db import models
from django.utils.translation import gettext_lazy as _


class StudioStatus(models.TextChoices):
    ACTIVE = "active", _("Under construction")
    MIDTERM_REVIEW = "midterm_review", _("Mid-term acceptance")
    RECTIFYING = "rectifying", _("Rectifying")
    FINAL_REVIEW = "final_review", _("Final acceptance")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")
    REVOKED = "revoked", _("Revoked")
