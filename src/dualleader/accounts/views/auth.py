from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from dualleader.audit.services import record
from dualleader.forms import StyledFormMixin


class PasswordChangeForm(StyledFormMixin, auth_forms.PasswordChangeForm):
    pass


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("home:index")

    @transaction.atomic
    def form_valid(self, form: Any) -> Any:
        response = super().form_valid(form)
        user = form.user
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        record("account.password_changed", obj=user, object_repr=user.username)
        messages.success(self.request, _("Your password has been changed."))
        return response
