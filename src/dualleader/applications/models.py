from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dualleader.calls.models import Call, FormTemplate
from dualleader.units.models import Person, Unit

from .enums import ApplicationStatus, AttachmentKind


class Application(models.Model):
    """A branch's application (申报书) to a call. `data` is the working draft; every submission freezes
    an immutable ApplicationVersion. `lock_version` increases on every save, so an edit made from an
    older copy is refused instead of overwriting a newer one."""

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications")
    branch = models.ForeignKey(Unit, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="applications")
    secretary = models.ForeignKey(Person, verbose_name=_("secretary"), on_delete=models.PROTECT,
                                  related_name="applications")
    form = models.ForeignKey(FormTemplate, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(_("status"), max_length=24, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.DRAFT, db_index=True)
    title = models.CharField(_("studio name"), max_length=200, blank=True)
    data: Any = models.JSONField(default=dict, blank=True)
    lock_version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    status_reason = models.TextField(_("reason"), blank=True)
    fix_by = models.DateTimeField(_("fix by"), null=True, blank=True,
                                  help_text="Set when the university returns the application: the last instant "
                                            "for the fix, which may fall after the call's deadline.")

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-updated_at"]
        constraints = [
            # One live application per branch and call; a withdrawn one does not block a new start.
            models.UniqueConstraint(fields=["call", "branch"], condition=~models.Q(status="withdrawn"),
                                    name="application_one_live_per_branch"),
        ]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self) -> str:
        return self.title or f"{self.branch} · {self.call}"

    @property
    def unit(self) -> Unit:
        return self.branch


class ApplicationVersion(models.Model):
    """A frozen copy of an application as it was submitted. Never updated or deleted."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    form = models.ForeignKey(FormTemplate, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200, blank=True)
    data: Any = models.JSONField()
    sha256 = models.CharField(max_length=64)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    attachments = models.ManyToManyField("Attachment", related_name="versions", blank=True)

    class Meta:
        ordering = ["application", "-number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="version_number_unique")]

    def __str__(self) -> str:
        return f"{self.application} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("a submitted version is immutable")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("a submitted version is immutable")


class Autosave(models.Model):
    """What the editor last sent on its own, between explicit saves: offered back on the next visit."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="autosaves")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    data: Any = models.JSONField()
    base_lock_version = models.PositiveIntegerField()
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "user"], name="autosave_one_per_user")]

    def __str__(self) -> str:
        return f"{self.application} · {self.user} · {self.saved_at:%Y-%m-%d %H:%M}"


class Attachment(models.Model):
    """A private file of an application: supporting material or the stamped scan. Stored under a
    random name; the user's file name is kept only as data."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=16, choices=AttachmentKind.choices, default=AttachmentKind.EVIDENCE)
    description = models.CharField(_("description"), max_length=200, blank=True)
    file = models.FileField(upload_to="attachments/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    version = models.ForeignKey(ApplicationVersion, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="stamped_scans",
                                help_text="For a stamped scan: the submitted version it is a scan of.")

    class Meta:
        ordering = ["application", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
