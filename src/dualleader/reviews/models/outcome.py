"""What the review leads to: the leading group's decision (集中审议), its public notice (公示) with
objections, and the recommendation of the best studios to the province."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dualleader.applications.models import Application
from dualleader.units.models import Unit

from ..enums import NoticeStatus, ObjectionOutcome, ObjectionStatus, ProvinceStatus
from .setup import Evaluation


class Decision(models.Model):
    """The leading group's selection (集中审议): the meeting, its minutes and basis, and the selected
    applications (DecisionEntry). Editable until its public notice is published."""

    evaluation = models.OneToOneField(Evaluation, on_delete=models.PROTECT, related_name="decision")
    meeting_date = models.DateField(_("meeting date"))
    meeting_name = models.CharField(_("meeting"), max_length=200, blank=True,
                                    help_text=_("For example 学校党建工作领导小组会议."))
    minutes = models.TextField(_("minutes"))
    basis = models.TextField(_("basis of the decision"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("leading-group decision")
        verbose_name_plural = _("leading-group decisions")

    def __str__(self) -> str:
        return f"{self.evaluation.call} · {self.meeting_date}"

    @property
    def unit(self) -> Unit:
        return self.evaluation.owner


class DecisionEntry(models.Model):
    """A selected application with its place on the list and the score it had when chosen."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True,
                                      help_text="Set when an upheld objection takes the application off the list.")

    class Meta:
        ordering = ["decision", "rank"]
        constraints = [models.UniqueConstraint(fields=["decision", "application"], name="decision_entry_unique")]

    def __str__(self) -> str:
        return f"{self.decision} #{self.rank}"


class PublicNotice(models.Model):
    """The public announcement (公示) of the proposed list. The period is counted in Chinese working
    days from the first working day on or after publication; `ends_on` is its last day (Beijing)."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="notice")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    working_days = models.PositiveSmallIntegerField(_("period in working days"), default=5)
    contact = models.CharField(_("contact for objections"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT)
    starts_on = models.DateField(_("first day"), null=True, blank=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    finalized_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalized_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")

    def __str__(self) -> str:
        return self.title

    @property
    def unit(self) -> Unit:
        return self.decision.evaluation.owner


class Objection(models.Model):
    """An objection to a public notice, submitted by anyone under their real name, and its resolution."""

    notice = models.ForeignKey(PublicNotice, on_delete=models.PROTECT, related_name="objections")
    application = models.ForeignKey(Application, verbose_name=_("application concerned"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    contact = models.CharField(_("contact"), max_length=100)
    text = models.TextField(_("objection"))
    submitted_at = models.DateTimeField(auto_now_add=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ObjectionStatus.choices,
                              default=ObjectionStatus.OPEN)
    outcome = models.CharField(_("outcome"), max_length=16, choices=ObjectionOutcome.choices, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["notice", "submitted_at", "id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.notice} · {self.name}"

    @property
    def unit(self) -> Unit:
        return self.notice.decision.evaluation.owner


class ProvinceRecommendation(models.Model):
    """The university's recommendation of its best studios to the provincial education work committee
    (择优向省委教育工委推荐): a letter, a ranked list, and each 申报书."""

    evaluation = models.OneToOneField(Evaluation, on_delete=models.PROTECT, related_name="province")
    recipient = models.CharField(_("addressed to"), max_length=200, default="中共吉林省委教育工委")
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    letter_date = models.DateField(_("date of the letter"))
    letter_body = models.TextField(_("letter"))
    quota = models.PositiveSmallIntegerField(_("places at the province"), default=2)
    status = models.CharField(_("status"), max_length=16, choices=ProvinceStatus.choices,
                              default=ProvinceStatus.DRAFT)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("recommendation to the province")
        verbose_name_plural = _("recommendations to the province")

    def __str__(self) -> str:
        return f"{self.evaluation.call} → {self.recipient}"

    @property
    def unit(self) -> Unit:
        return self.evaluation.owner


class ProvinceEntry(models.Model):
    recommendation = models.ForeignKey(ProvinceRecommendation, on_delete=models.CASCADE, related_name="entries")
    studio = models.ForeignKey("studios.Studio", on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))
    reason = models.TextField(_("reason for recommending"), blank=True)

    class Meta:
        ordering = ["recommendation", "rank"]
        constraints = [models.UniqueConstraint(fields=["recommendation", "studio"], name="province_entry_unique")]

    def __str__(self) -> str:
        return f"{self.recommendation} #{self.rank}"
