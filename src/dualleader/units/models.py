from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from .enums import Degree, Gender, PoliticalStatus, PositionRole, TitleLevel, UnitKind


class Unit(MP_Node):
    """A node of the organisation tree (学校党委 → 学院党委 → 教师党支部, open upwards).

    Materialised paths make "everything under this college" one indexed prefix query, which is how
    every permission in the system is scoped. Units are deactivated, never deleted."""

    name = models.CharField(_("full name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    code = models.CharField(_("unit code"), max_length=40, unique=True, null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    department = models.CharField(_("department relied on"), max_length=200, blank=True,
                                  help_text=_("The teaching or research department the branch relies on."))
    discipline = models.CharField(_("discipline"), max_length=200, blank=True)
    established_on = models.DateField(_("date established"), null=True, blank=True)
    last_election_on = models.DateField(_("date of last election"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    deactivated_at = models.DateTimeField(_("deactivated at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [models.Index(fields=["kind", "is_active"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_branch(self) -> bool:
        return self.kind in UnitKind.branch_kinds()

    @property
    def is_college(self) -> bool:
        return self.kind == UnitKind.COLLEGE

    def lineage_paths(self) -> list[str]:
        """The paths of every unit from the root down to this one: a grant or setting on any of them
        applies here. Computed from the path, without a query."""
        return [self.path[: i * self.steplen] for i in range(1, self.depth + 1)]

    def subtree_q(self, prefix: str = "") -> Q:
        """A filter for this unit and everything beneath it, on a model reached through `prefix`."""
        return Q(**{f"{prefix}path__startswith": self.path})

    def years_established(self, on: datetime.date | None = None) -> float | None:
        if not self.established_on:
            return None
        on = on or timezone.localdate()
        return (on - self.established_on).days / 365.25


class AcademicRole(models.Model):
    """学术身份: 学科带头人, 博士生导师, 硕士生导师 …; a table so the list can grow without code."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("academic role")
        verbose_name_plural = _("academic roles")

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    name = models.CharField(_("name"), max_length=60)
    staff_no = models.CharField(_("staff number"), max_length=32, unique=True)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people")
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    title = models.CharField(_("professional title"), max_length=60, blank=True,
                             help_text=_("For example 教授, 副教授, 讲师, 高级工程师."))
    title_level = models.CharField(_("title level"), max_length=16, choices=TitleLevel.choices,
                                   default=TitleLevel.NONE)
    highest_degree = models.CharField(_("highest degree"), max_length=16, choices=Degree.choices, blank=True)
    political_status = models.CharField(_("political status"), max_length=24, choices=PoliticalStatus.choices,
                                        default=PoliticalStatus.MASSES)
    party_joined_on = models.DateField(_("date joined the Party"), null=True, blank=True)
    academic_roles = models.ManyToManyField(AcademicRole, verbose_name=_("academic roles"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["staff_no"]

    def __str__(self) -> str:
        return f"{self.name}（{self.staff_no}）"

    @property
    def is_party_member(self) -> bool:
        return self.political_status in PoliticalStatus.party_statuses()


class PositionQuerySet(models.QuerySet["Position"]):
    def current(self, on: datetime.date | None = None) -> PositionQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(started_on__lte=on) | Q(started_on__isnull=True)).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=on))


class Position(models.Model):
    """A branch committee post held for a term (支部书记, 副书记, 支部委员)."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="positions")
    unit = models.ForeignKey(Unit, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="positions")
    role = models.CharField(_("post"), max_length=24, choices=PositionRole.choices)
    started_on = models.DateField(_("term start"), null=True, blank=True)
    ended_on = models.DateField(_("term end"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("branch post")
        verbose_name_plural = _("branch posts")
        ordering = ["unit", "role", "-started_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(started_on__isnull=True)
                                   | Q(ended_on__gte=models.F("started_on")), name="position_term_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_role_display()} {self.person.name}"
