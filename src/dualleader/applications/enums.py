from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the college")
    RETURNED = "returned", _("Returned by the college")
    ENDORSED = "endorsed", _("Endorsed by the college")
    RECOMMENDED = "recommended", _("Recommended to the university")
    RETURNED_BY_SCHOOL = "returned_by_school", _("Returned by the university")
    ACCEPTED = "accepted", _("Passed the formal check")
    REJECTED = "rejected", _("Rejected at the formal check")
    UNDER_REVIEW = "under_review", _("Under review")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")
    RECOMMENDED_UPWARD = "recommended_upward", _("Recommended to the province")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AttachmentKind(models.TextChoices):
    EVIDENCE = "evidence", _("Supporting material")
    STAMPED_SCAN = "stamped_scan", _("Stamped scan")
