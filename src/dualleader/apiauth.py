"""How a caller of the JSON API proves who they are: a personal API token (`Authorization: Bearer …`)
or the browser's signed-in session. Either way `request.user` ends up as the account, so the API asks
the same django-rules predicates the pages ask."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from dualleader.accounts.models import ApiToken, User
from dualleader.audit.context import AuditContext, current

# Writing last_used_at on every call would turn each read into a write; a minute is precise enough to
# tell a live token from a forgotten one.
LAST_USED_GRANULARITY = datetime.timedelta(minutes=1)


class InvalidToken(AuthenticationError):
    """A bearer token was sent but matches no active account. It is refused outright rather than
    falling back to the session, so a revoked token never keeps working in a signed-in browser."""

    def __init__(self) -> None:
        super().__init__(message=gettext("The API token is invalid or has been revoked."))


def touch_token(token: ApiToken, now: datetime.datetime | None = None) -> None:
    """Record that the token was used, at most once per LAST_USED_GRANULARITY. The filtered update is a
    compare-and-set, so concurrent requests write the row once."""
    now = now or timezone.now()
    cutoff = now - LAST_USED_GRANULARITY
    if token.last_used_at is not None and token.last_used_at > cutoff:
        return
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=cutoff)).update(last_used_at=now)
    token.last_used_at = now


def act_as(request: HttpRequest, user: User) -> None:
    """Make `user` the request's user for permission checks and the audit log."""
    request.user = user
    ctx = current.get()
    # The audit middleware resets the variable with its own token when the request ends, which also
    # discards this value.
    current.set(AuditContext(user=user, ip=ctx.ip))


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <key>`; only the key's SHA-256 is stored. Tokens of inactive accounts
    are refused (ApiToken.objects.for_key filters them out)."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        found = ApiToken.objects.for_key(token.strip()) if token.strip() else None
        if found is None:
            raise InvalidToken()
        touch_token(found)
        act_as(request, found.user)
        return found.user


class SessionAuth(NinjaSessionAuth):
    """Django's session cookie, with ninja's CSRF check on unsafe methods; the refusal speaks the
    user's language."""

    def _get_key(self, request: HttpRequest) -> str | None:
        try:
            return super()._get_key(request)
        except HttpError as exc:
            raise HttpError(403, gettext("CSRF check failed. Reload the page and try again.")) from exc


def unauthenticated_detail(exc: Exception) -> str:
    if isinstance(exc, InvalidToken):
        return str(exc)
    return gettext("Authentication required: sign in, or send an API token in the Authorization header.")
