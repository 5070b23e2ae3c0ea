from __future__ import annotations

import hashlib
import secrets
from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from dualleader.units.models import Person, Unit

from .enums import Role


class User(AbstractUser):
    """A sign-in account. The person it belongs to carries the real-world data; the account carries
    roles, each scoped to a unit subtree."""

    person = models.OneToOneField(Person, verbose_name=_("person"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="account")
    must_change_password = models.BooleanField(_("must change password"), default=False)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.person_id and self.person:
            return self.person.name
        return self.get_full_name() or self.username

    @cached_property
    def grants(self) -> list[RoleGrant]:
        """The account's active roles with their units, loaded once per request."""
        if not self.pk:
            return []
        return list(self.role_grants.select_related("unit").filter(unit__is_active=True))

    def has_role(self, *roles: str) -> bool:
        return any(g.role in roles for g in self.grants)

    def grant_units(self, *roles: str) -> list[Unit]:
        return [g.unit for g in self.grants if not roles or g.role in roles]


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="role_grants")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="rolegrant_unique")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} @ {self.unit}"


class LoginSession(models.Model):
    """The sessions an account has open, so disabling an account can end every one of them."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_sessions")
    session_key = models.CharField(max_length=64, unique=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.ip or '?'} since {self.created_at:%Y-%m-%d %H:%M}"


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def for_key(self, key: str) -> ApiToken | None:
        digest = hashlib.sha256(key.encode()).hexdigest()
        return self.select_related("user").filter(digest=digest, user__is_active=True).first()


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the key is shown once, when created."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_key() -> tuple[str, str, str]:
        key = "dl_" + secrets.token_urlsafe(32)
        return key, key[:10], hashlib.sha256(key.encode()).hexdigest()
