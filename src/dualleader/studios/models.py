from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dualleader.applications.models import Application
from dualleader.calls.models import Call
from dualleader.units.models import Person, Unit

from .enums import StudioStatus


class Studio(models.Model):
    """A selected application in its construction cycle (工作室). Created when the public notice of the
    selection is finalised; the construction capability (plans, ledger, outcomes, acceptance) hangs
    off it."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="studio")
    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="studios")
    branch = models.ForeignKey(Unit, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="studios")
    leader = models.ForeignKey(Person, verbose_name=_("leader"), on_delete=models.PROTECT, related_name="studios")
    name = models.CharField(_("studio name"), max_length=200)
    status = models.CharField(_("status"), max_length=24, choices=StudioStatus.choices, default=StudioStatus.ACTIVE,
                              db_index=True)
    cycle_starts_on = models.DateField(_("cycle starts on"))
    cycle_ends_on = models.DateField(_("cycle ends on"))
    selection_rank = models.PositiveSmallIntegerField(_("rank at selection"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("studio")
        verbose_name_plural = _("studios")
        ordering = ["call", "selection_rank", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(cycle_ends_on__gt=models.F("cycle_starts_on")),
                                              name="studio_cycle")]

    def __str__(self) -> str:
        return self.name

    @property
    def unit(self) -> Unit:
        return self.branch
