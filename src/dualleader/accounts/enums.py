from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What an account may do, always within the subtree of the unit the role is granted on."""

    ORG_ADMIN = "org_admin", _("Organization Department")
    COLLEGE_ADMIN = "college_admin", _("College Party committee")
    BRANCH_SECRETARY = "branch_secretary", _("Branch secretary")
    STUDIO_MEMBER = "studio_member", _("Studio member")
    REVIEWER = "reviewer", _("Reviewer")
