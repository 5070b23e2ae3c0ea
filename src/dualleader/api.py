"""The JSON API at /api/v1/. Each app contributes a router; permissions are the same predicates the
pages use. Callers authenticate with a personal API token or the signed-in session (dualleader.apiauth);
errors come back as {"detail": "..."} in the caller's language."""

# No `from __future__ import annotations`: ninja reads the annotations at import time to build the
# request parsers and the schema.

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError
from ninja.openapi.views import openapi_json

from dualleader.apiauth import SessionAuth, TokenAuth, unauthenticated_detail
from dualleader.applications.api import router as applications_router
from dualleader.audit.models import Result
from dualleader.audit.services import record
from dualleader.calls.api import router as calls_router
from dualleader.recommendations.api import router as recommendations_router
from dualleader.reviews.api import router as reviews_router
from dualleader.units.api import router as units_router


def _docs_for_signed_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The interactive docs are for signed-in users; the schema itself stays public, because client
    generators fetch it without a session and it describes endpoints, not data."""
    if getattr(view, "func", None) is openapi_json:
        return view
    return login_required(view)


api = NinjaAPI(title="双带头人工作室平台 API", version="1", urls_namespace="api",
               openapi_url="/openapi.json", docs_url="/docs", docs_decorator=_docs_for_signed_in,
               auth=[TokenAuth(), SessionAuth()])


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(request, {"detail": unauthenticated_detail(exc)}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": gettext("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    # Refusals are audited, as on the pages (home.views.errors.permission_denied).
    record("permission.denied", result=Result.DENIED, actor=request.user, object_type="url",
           object_repr=f"{request.method} {request.path}"[:300], detail=str(exc)[:500])
    return api.create_response(request, {"detail": gettext("You do not have permission to do this.")},
                               status=403)


class RoleOut(Schema):
    role: str
    role_label: str
    unit_id: int
    unit_name: str


class MeOut(Schema):
    username: str
    display_name: str
    person_id: int | None
    is_superuser: bool
    roles: list[RoleOut]


@api.get("/me", response=MeOut, tags=["accounts"], summary="The caller's account and roles")
def me(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    return {
        "username": user.username, "display_name": user.display_name, "person_id": user.person_id,
        "is_superuser": user.is_superuser,
        "roles": [{"role": g.role, "role_label": str(g.get_role_display()), "unit_id": g.unit_id,
                   "unit_name": g.unit.name} for g in user.grants],
    }


api.add_router("/", units_router)
api.add_router("/", calls_router)
api.add_router("/", applications_router)
api.add_router("/", recommendations_router)
api.add_router("/", reviews_router)
