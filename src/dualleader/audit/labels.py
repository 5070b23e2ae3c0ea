"""What the audit codes mean to a reader. Services record short stable codes ("unit.move"); pages and
exports show these labels. A code without a label here is shown as itself, so a new action is never
hidden, only untranslated."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    "auth.login": _("Sign in"),
    "auth.logout": _("Sign out"),
    "auth.login_failed": _("Failed sign-in"),
    "permission.denied": _("Access refused"),
    "unit.create": _("Create unit"),
    "unit.update": _("Edit unit"),
    "unit.move": _("Move unit"),
    "unit.deactivate": _("Deactivate unit"),
    "unit.reactivate": _("Restore unit"),
    "person.create": _("Add person"),
    "person.update": _("Edit person"),
    "position.appoint": _("Appoint to branch position"),
    "position.end": _("End branch position"),
    "import.apply": _("Bulk import"),
    "account.create": _("Create account"),
    "account.disable": _("Disable account"),
    "account.enable": _("Re-enable account"),
    "account.password_reset": _("Reset password"),
    "account.password_changed": _("Change own password"),
    "role.grant": _("Grant role"),
    "role.revoke": _("Revoke role"),
    "token.create": _("Create API token"),
    "token.revoke": _("Revoke API token"),
    "audit.export": _("Export audit log"),
}

# Groups for the action filter, by the code's prefix.
GROUP_LABELS: dict[str, Promise] = {
    "auth": _("Sign-in and access"),
    "permission": _("Sign-in and access"),
    "unit": _("Units"),
    "person": _("People"),
    "position": _("People"),
    "import": _("Import"),
    "account": _("Accounts"),
    "role": _("Accounts"),
    "token": _("Accounts"),
    "audit": _("Audit log"),
}


def action_label(code: str) -> str:
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def action_choices(extra_codes: list[str] | tuple[str, ...] = ()) -> list[tuple[str, object]]:
    """Known actions grouped for a <select>, plus any recorded code nobody has labelled yet."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for code in ACTION_LABELS:
        groups.setdefault(str(GROUP_LABELS.get(code.split(".")[0], _("Other"))), []).append(
            (code, action_label(code)))
    unknown = sorted(set(extra_codes) - ACTION_LABELS.keys())
    if unknown:
        groups.setdefault(str(_("Other")), []).extend((code, code) for code in unknown)
    return list(groups.items())
