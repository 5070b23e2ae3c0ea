"""Writes to accounts, roles and API tokens. Each service is one transaction: it locks the row it
changes, saves only the fields it changes and writes the audit row in the same transaction. Passwords
and token keys are returned to the caller to show once; they never reach the audit log."""

from __future__ import annotations

import secrets
import string
from importlib import import_module

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dualleader.audit.services import record
from dualleader.units.models import Person, Unit

from .enums import Role
from .models import ApiToken, LoginSession, RoleGrant, User

# No 0/O, 1/l/I: the temporary password is read off a screen and typed in by hand.
_PASSWORD_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
PASSWORD_LENGTH = 14
MAX_TOKENS_PER_USER = 20


def generate_password(length: int = PASSWORD_LENGTH) -> str:
    """A random temporary password with upper case, lower case and digits (~80 bits)."""
    while True:
        password = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(length))
        if (any(c.isupper() for c in password) and any(c.islower() for c in password)
                and any(c.isdigit() for c in password)):
            return password


def _grant_repr(grant: RoleGrant) -> dict[str, object]:
    return {"role": grant.role, "unit": grant.unit_id, "unit_name": grant.unit.name}


def _end_sessions(account: User) -> int:
    """Delete every session the account has open, so it is signed out everywhere at once."""
    keys = list(LoginSession.objects.filter(user=account).values_list("session_key", flat=True))
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if hasattr(store_class, "get_model_class"):  # database-backed sessions: one query for all
        store_class.get_model_class().objects.filter(session_key__in=keys).delete()
    else:
        for key in keys:
            store_class().delete(key)
    LoginSession.objects.filter(user=account).delete()
    return len(keys)


@transaction.atomic
def account_create(*, person: Person, username: str, role: str = "", unit: Unit | None = None
                   ) -> tuple[User, str]:
    """Open an account for a person who has none, with a temporary password that must be changed at
    the first sign-in. Returns the account and the password, which the caller shows once."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if not locked.is_active:
        raise ValidationError(_("%(name)s is no longer active; accounts cannot be opened for them.")
                              % {"name": locked.name})
    if User.objects.filter(person=locked).exists():
        raise ValidationError(_("%(name)s already has an account.") % {"name": locked.name})
    username = username.strip()
    UnicodeUsernameValidator()(username)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("The username “%(username)s” is already taken.") % {"username": username})
    if bool(role) != (unit is not None):
        raise ValidationError(_("Choose both a role and a unit, or neither."))
    password = generate_password()
    account = User(username=username, person=locked, email=locked.email, must_change_password=True)
    account.set_password(password)
    account.full_clean(exclude=["password"])
    account.save()
    record("account.create", obj=account, object_repr=account.username,
           after={"username": account.username, "person": locked.pk, "staff_no": locked.staff_no,
                  "is_active": True, "must_change_password": True})
    if role and unit is not None:
        role_grant(account=account, role=role, unit=unit)
    return account, password


@transaction.atomic
def account_disable(*, account: User, by: User) -> User:
    """Disable an account and end all its sessions. Nobody disables their own account: that is how an
    office locks itself out."""
    locked = User.objects.select_for_update().get(pk=account.pk)
    if locked.pk == by.pk:
        raise ValidationError(_("You cannot disable your own account."))
    if not locked.is_active:
        return locked
    locked.is_active = False
    locked.disabled_at = timezone.now()
    locked.save(update_fields=["is_active", "disabled_at"])
    ended = _end_sessions(locked)
    record("account.disable", obj=locked, object_repr=locked.username,
           before={"is_active": True}, after={"is_active": False, "sessions_ended": ended})
    return locked


@transaction.atomic
def account_enable(*, account: User) -> User:
    locked = User.objects.select_for_update().get(pk=account.pk)
    if locked.is_active:
        return locked
    before = {"is_active": False, "disabled_at": locked.disabled_at.isoformat() if locked.disabled_at else None}
    locked.is_active = True
    locked.disabled_at = None
    locked.save(update_fields=["is_active", "disabled_at"])
    record("account.enable", obj=locked, object_repr=locked.username, before=before,
           after={"is_active": True, "disabled_at": None})
    return locked


@transaction.atomic
def account_reset_password(*, account: User, by: User) -> str:
    """Replace the password with a temporary one that must be changed at the next sign-in, end every
    session and lift a sign-in lockout. Administrators change their own password themselves."""
    locked = User.objects.select_for_update().get(pk=account.pk)
    if locked.pk == by.pk:
        raise ValidationError(_("Use “Change password” to change your own password."))
    password = generate_password()
    locked.set_password(password)
    locked.must_change_password = True
    locked.save(update_fields=["password", "must_change_password"])
    ended = _end_sessions(locked)
    lifted = axes_reset(username=locked.username)
    record("account.reset_password", obj=locked, object_repr=locked.username,
           after={"must_change_password": True, "sessions_ended": ended, "lockouts_lifted": lifted})
    return password


@transaction.atomic
def role_grant(*, account: User, role: str, unit: Unit) -> RoleGrant:
    """Give an account a role over a unit's subtree."""
    locked = User.objects.select_for_update().get(pk=account.pk)
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    if not unit.is_active:
        raise ValidationError(_("“%(name)s” is deactivated; roles cannot be granted on it.") % {"name": unit.name})
    if RoleGrant.objects.filter(user=locked, role=role, unit=unit).exists():
        raise ValidationError(_("This account already holds that role on “%(name)s”.") % {"name": unit.name})
    grant = RoleGrant.objects.create(user=locked, role=role, unit=unit)
    record("account.role_grant", obj=locked, object_repr=locked.username, after=_grant_repr(grant))
    return grant


@transaction.atomic
def role_revoke(*, grant: RoleGrant, by: User) -> None:
    """Take a role away. Administrators cannot remove their own Organization Department role, so the
    last one cannot lock the office out by mistake."""
    locked = RoleGrant.objects.select_for_update().select_related("unit", "user").get(pk=grant.pk)
    if locked.user_id == by.pk and locked.role == Role.ORG_ADMIN and not by.is_superuser:
        raise ValidationError(_("You cannot remove your own Organization Department role."))
    before = _grant_repr(locked)
    account = locked.user
    locked.delete()
    record("account.role_revoke", obj=account, object_repr=account.username, before=before)


@transaction.atomic
def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue a personal API token. Only its SHA-256 is stored; the key is returned to show once."""
    User.objects.select_for_update().get(pk=user.pk)  # serialises the per-user limit check
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the token a name."))
    if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise ValidationError(_("You already have %(n)d tokens. Revoke one you no longer use first.")
                              % {"n": MAX_TOKENS_PER_USER})
    key, prefix, digest = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, digest=digest)
    record("token.create", obj=token, object_repr=str(token), after={"name": name, "prefix": prefix})
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken) -> None:
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    before = {"name": locked.name, "prefix": locked.prefix}
    record("token.revoke", obj=locked, object_repr=str(locked), before=before)
    locked.delete()
