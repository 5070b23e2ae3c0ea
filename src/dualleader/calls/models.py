from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dualleader.units.models import Unit

from .enums import AnnexKind, CallStatus, RuleKind

DEFAULT_PRINCIPLES = "标准引领、质量优先、公平公正、组织统筹"


class Call(models.Model):
    """One round of the programme (批次), e.g. 第二批: its notice, dates, quotas and rules."""

    name = models.CharField(_("name"), max_length=200)
    owner = models.ForeignKey(Unit, verbose_name=_("owning unit"), on_delete=models.PROTECT, related_name="calls")
    notice = models.TextField(_("notice text"), blank=True,
                              help_text=_("Markdown: blank lines separate paragraphs, # starts a heading."))
    status = models.CharField(_("status"), max_length=16, choices=CallStatus.choices, default=CallStatus.DRAFT)
    opens_at = models.DateTimeField(_("opens at"))
    deadline = models.DateTimeField(_("deadline"))
    cycle_years = models.PositiveSmallIntegerField(_("construction cycle (years)"), default=2)
    college_quota = models.PositiveSmallIntegerField(_("quota per college"), default=2)
    select_min = models.PositiveSmallIntegerField(_("minimum selected"), default=2)
    select_max = models.PositiveSmallIntegerField(_("maximum selected"), default=5)
    min_outcomes_per_year = models.PositiveSmallIntegerField(_("minimum outcomes per studio-year"), default=1)
    contact_person = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    review_principles = models.CharField(_("review principles"), max_length=200, default=DEFAULT_PRINCIPLES)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(deadline__gt=models.F("opens_at")), name="call_deadline_after_open"),
            models.CheckConstraint(condition=models.Q(select_max__gte=models.F("select_min")), name="call_select_range"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_open(self, now: datetime.datetime | None = None, *, unit: Unit | None = None) -> bool:
        """Published and between opening and the deadline in force for `unit` (its extension, if any)."""
        from .deadlines import deadline_for

        now = now or timezone.now()
        return self.status == CallStatus.PUBLISHED and self.opens_at <= now < deadline_for(self, unit)

    def current_form(self) -> FormTemplate | None:
        return self.forms.order_by("-version").first()


class FormTemplate(models.Model):
    """The application form of a call, as data (see formschema.py). Once an application has been
    submitted on a version it is frozen; editing then makes a new version."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="forms")
    version = models.PositiveIntegerField(default=1)
    schema = models.JSONField()
    frozen = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["call", "version"], name="form_version_unique")]
        ordering = ["call", "-version"]

    def __str__(self) -> str:
        return f"{self.call} v{self.version}"


class EligibilityRule(models.Model):
    """One condition of the construction standard on a call, evaluated live against the organisation."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("kind"), max_length=32, choices=RuleKind.choices)
    params: Any = models.JSONField(_("parameters"), default=dict, blank=True)
    explanation = models.CharField(_("explanation"), max_length=300)
    enabled = models.BooleanField(_("enabled"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["call", "order", "id"]
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")

    def __str__(self) -> str:
        return self.explanation


class CallAnnex(models.Model):
    """A downloadable annex of the notice (附件: 建设标准, 申报书模板). Public once the call is published."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="annexes")
    kind = models.CharField(_("kind"), max_length=16, choices=AnnexKind.choices, default=AnnexKind.OTHER)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(upload_to="annexes/%Y/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["call", "order", "id"]

    def __str__(self) -> str:
        return self.title


class DeadlineExtension(models.Model):
    """A later deadline for one unit (a college and the branches under it), granted with a reason by the
    Organization Department. Rows are never changed: the newest grant for a unit is the one in force."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="extensions")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="deadline_extensions")
    deadline = models.DateTimeField(_("new deadline"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["call", "unit", "-granted_at", "-id"]
        indexes = [models.Index(fields=["call", "unit", "-granted_at"])]

    def __str__(self) -> str:
        return f"{self.unit} · {self.call} → {self.deadline:%Y-%m-%d %H:%M}"
