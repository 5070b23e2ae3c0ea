from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dualleader.applications.models import Application, ApplicationVersion
from dualleader.calls.models import Call
from dualleader.units.models import Unit

from .enums import CheckDecision, RecommendationStatus


class Recommendation(models.Model):
    """A college's ranked list of applications sent to the university for one call (学院推荐). One row
    per call and college; it is also the row that is locked while the list changes, so the quota holds
    under concurrent requests."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="recommendations")
    unit = models.ForeignKey(Unit, verbose_name=_("college"), on_delete=models.PROTECT,
                             related_name="recommendations")
    status = models.CharField(_("status"), max_length=16, choices=RecommendationStatus.choices,
                              default=RecommendationStatus.DRAFT)
    opinion = models.TextField(_("opinion of the college Party committee"), blank=True)
    attested: Any = models.JSONField(_("attestations confirmed"), default=list, blank=True,
                                     help_text="The ids of the call's attestation rules the college confirmed.")
    lock_version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    withdrawn_at = models.DateTimeField(_("last withdrawn at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("college recommendation")
        verbose_name_plural = _("college recommendations")
        constraints = [models.UniqueConstraint(fields=["call", "unit"], name="recommendation_one_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.call}"


class RecommendationEntry(models.Model):
    """One application on a college's list, with its rank (1 = first). Ranks are kept 1..n by the
    services, which change them only while holding the recommendation's row lock."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="entries")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="recommendation_entry")
    rank = models.PositiveSmallIntegerField(_("rank"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recommendation", "rank"]

    def __str__(self) -> str:
        return f"{self.recommendation} #{self.rank}"


class PaperReceipt(models.Model):
    """The stamped paper copy of an application, received by the Organization Department."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="paper_receipt")
    received_on = models.DateField(_("received on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.application} · {self.received_on}"


class FormalCheck(models.Model):
    """One decision of the formal check (资格审查) with the checklist as it stood. Never changed; a
    returned application that comes back gets a new row."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="formal_checks")
    version = models.ForeignKey(ApplicationVersion, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=16, choices=CheckDecision.choices)
    items: Any = models.JSONField(_("checklist"), default=list)
    reason = models.TextField(_("reason"), blank=True)
    fix_by = models.DateTimeField(_("fix by"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_decision_display()}"
