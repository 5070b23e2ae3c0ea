"""The review engine: what is reviewed against which rubric, in which rounds, by whom.

An Evaluation is one review exercise with its rubric and aggregation method: the selection of a call's
studios now, a mid-term or final acceptance later. The reviewed item is an Application today (a studio's
report will get its own nullable foreign key on Assignment and Conflict when acceptance is built); the
aggregation and assignment algorithms work on plain keys and do not care which."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dualleader.applications.models import Application
from dualleader.calls.models import Call
from dualleader.units.models import Unit

from ..enums import (
    Aggregation,
    AssignmentStatus,
    ConflictSource,
    EvaluationKind,
    OtherReviews,
    PanelRole,
    RoundKind,
    RoundStatus,
)


class Evaluation(models.Model):
    """One review exercise (评审工作) of a call: rubric, rounds, panel, method, disclosure to applicants."""

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="evaluations")
    owner = models.ForeignKey(Unit, verbose_name=_("owning unit"), on_delete=models.PROTECT, related_name="+",
                              help_text="The call's owner; permissions are scoped by it.")
    kind = models.CharField(_("kind"), max_length=16, choices=EvaluationKind.choices,
                            default=EvaluationKind.SELECTION)
    aggregation = models.CharField(_("aggregation method"), max_length=16, choices=Aggregation.choices,
                                   default=Aggregation.TRIMMED)
    show_scores_to_applicants = models.BooleanField(_("applicants see their scores"), default=False)
    show_reviewers_to_applicants = models.BooleanField(_("applicants see who reviewed them"), default=False)
    rubric_locked_at = models.DateTimeField(_("rubric locked at"), null=True, blank=True,
                                            help_text="Set when the first score is saved; the rubric is "
                                                      "read-only from then on.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [models.UniqueConstraint(fields=["call", "kind"], name="evaluation_one_per_call_kind")]

    def __str__(self) -> str:
        return f"{self.call} · {self.get_kind_display()}"

    @property
    def unit(self) -> Unit:
        return self.owner


class Criterion(models.Model):
    """One scoring criterion (评分指标): points from 0 to `max_points`, counted `weight` times in the total."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("criterion"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    max_points = models.DecimalField(_("maximum points"), max_digits=5, decimal_places=1)
    weight = models.DecimalField(_("weight"), max_digits=4, decimal_places=2, default=Decimal("1"))

    class Meta:
        ordering = ["evaluation", "order", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(condition=models.Q(max_points__gt=0), name="criterion_max_positive"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class ReviewRound(models.Model):
    """A round of scoring: 通讯评审 (remote) or 答辩评审 (presentation), with its window and what reviewers
    may see."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="rounds")
    kind = models.CharField(_("kind"), max_length=16, choices=RoundKind.choices, default=RoundKind.REMOTE)
    status = models.CharField(_("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    reviewers_per_item = models.PositiveSmallIntegerField(_("reviewers per application"), default=5)
    show_names = models.BooleanField(_("reviewers see applicants' and branches' names"), default=False)
    show_college = models.BooleanField(_("reviewers see the college"), default=False)
    other_reviews = models.CharField(_("reviewers see other reviews"), max_length=16, choices=OtherReviews.choices,
                                     default=OtherReviews.NEVER)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["evaluation", "opens_at", "id"]
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "kind"], name="round_one_per_kind"),
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="round_window"),
            models.CheckConstraint(condition=models.Q(reviewers_per_item__gte=1), name="round_k_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation.call} · {self.get_kind_display()}"

    @property
    def unit(self) -> Unit:
        return self.evaluation.owner


class PanelMember(models.Model):
    """A reviewer on an evaluation's panel: a leading-group member or an expert, from inside the
    university or outside it. `home_unit` is where the reviewer works inside the university (their
    person's unit by default): applications from the same college are never assigned to them."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="panel")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.PROTECT,
                             related_name="panel_memberships")
    role = models.CharField(_("panel role"), max_length=16, choices=PanelRole.choices, default=PanelRole.EXPERT)
    external = models.BooleanField(_("from outside the university"), default=False)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    home_unit = models.ForeignKey(Unit, verbose_name=_("unit in the university"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(_("active"), default=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["evaluation", "role", "id"]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [models.UniqueConstraint(fields=["evaluation", "user"], name="panel_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    @property
    def unit(self) -> Unit:
        return self.evaluation.owner


class Conflict(models.Model):
    """A conflict of interest between a reviewer and an application: that pair is never assigned."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    source = models.CharField(_("source"), max_length=16, choices=ConflictSource.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["evaluation", "-recorded_at"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["evaluation", "reviewer", "application"],
                                               name="conflict_unique")]

    def __str__(self) -> str:
        return f"{self.reviewer} × {self.application}"

    @property
    def unit(self) -> Unit:
        return self.evaluation.owner


class Assignment(models.Model):
    """One reviewer's review of one application in one round: the scores (criterion id → points, as
    strings of decimals), the comment, and where it stands. A submitted review is never changed."""

    round = models.ForeignKey(ReviewRound, on_delete=models.PROTECT, related_name="assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT,
                                 related_name="review_assignments")
    application = models.ForeignKey(Application, verbose_name=_("application"), on_delete=models.PROTECT,
                                    related_name="review_assignments")
    status = models.CharField(_("status"), max_length=16, choices=AssignmentStatus.choices,
                              default=AssignmentStatus.ASSIGNED, db_index=True)
    scores: Any = models.JSONField(_("scores"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2, null=True, blank=True,
                                help_text="The weighted total, written when the review is submitted.")
    lock_version = models.PositiveIntegerField(default=1)
    automatic = models.BooleanField(_("assigned automatically"), default=False)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)
    saved_at = models.DateTimeField(_("last saved at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=300, blank=True)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 help_text="The declined assignment this one was made to replace.")

    class Meta:
        ordering = ["round", "application", "id"]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [models.UniqueConstraint(fields=["round", "reviewer", "application"],
                                               name="assignment_unique")]
        indexes = [models.Index(fields=["reviewer", "status"]), models.Index(fields=["round", "status"])]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.application}"

    @property
    def unit(self) -> Unit:
        return self.round.evaluation.owner
