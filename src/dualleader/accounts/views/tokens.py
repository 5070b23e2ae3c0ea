"""Each signed-in user's own API tokens. A new key is shown once, in the response that creates it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import TokenCreateForm
from ..models import ApiToken
from ..services import token_create, token_revoke
from .common import require


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    require(request, "accounts.use_tokens")
    form = TokenCreateForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            token, new_key = token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            form = TokenCreateForm()
    response = render(request, "accounts/tokens.html", {
        "form": form, "new_key": new_key,
        "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at")})
    if new_key:
        add_never_cache_headers(response)
    return response


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
    token_revoke(token=token)
    messages.success(request, _("Token “%(name)s” revoked. Programs using it can no longer sign in.")
                     % {"name": token.name})
    return redirect("accounts:tokens")
