"""The panel of an evaluation (评审专家组) and conflicts of interest (回避).

Internal reviewers are people of the university with an account (one is opened when a person has
none); they get the reviewer role on the call's owning unit if they lack it. External experts get a new
account with a one-time password that the page shows once. A recorded conflict keeps the pair out of
every assignment. All writes lock the Evaluation row and are audited."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from dualleader.accounts.enums import Role
from dualleader.accounts.models import RoleGrant, User
from dualleader.accounts.services import account_create, role_grant
from dualleader.applications.models import Application
from dualleader.audit.services import record
from dualleader.notifications.services import notify
from dualleader.units.models import Person

from .enums import AssignmentStatus, ConflictSource, PanelRole
from .models import Assignment, Conflict, Evaluation, PanelMember
from .setup import _lock_evaluation

LIVE = [AssignmentStatus.ASSIGNED, AssignmentStatus.DRAFT, AssignmentStatus.SUBMITTED]
MAX_REASON = 300


def _role(role: str) -> str:
    if role not in PanelRole.values:
        raise ValidationError(_("Choose the panel role from the list."))
    return role


def _ensure_reviewer_role(account: User, evaluation: Evaluation) -> bool:
    """Grant the reviewer role on the call's owning unit when the account lacks it there. True if granted."""
    if RoleGrant.objects.filter(user=account, role=Role.REVIEWER, unit=evaluation.owner).exists():
        return False
    role_grant(account=account, role=Role.REVIEWER, unit=evaluation.owner)
    return True


def _member(evaluation: Evaluation, account: User, role: str, user: Any, *, external: bool = False,
            affiliation: str = "") -> PanelMember:
    if PanelMember.objects.filter(evaluation=evaluation, user=account).exists():
        raise ValidationError(_("%(name)s is already on the panel.") % {"name": account.display_name})
    member = PanelMember.objects.create(evaluation=evaluation, user=account, role=role, external=external,
                                        affiliation=affiliation, added_by=user)
    return member


def _welcome(member: PanelMember, evaluation: Evaluation) -> None:
    notify([member.user], kind="reviews.panel_add",
           title=_("You were added to the review panel of %(call)s") % {"call": evaluation.call.name},
           body=_("The Organization Department will assign applications to you; they will appear under "
                  "“My reviews”."), url=reverse("reviews:queue"), obj=evaluation)


@transaction.atomic
def panel_add(*, evaluation: Evaluation, user: Any, role: str = PanelRole.EXPERT, account: User | None = None,
              person: Person | None = None) -> tuple[PanelMember, str | None]:
    """Put a person of the university on the panel, by `account` or by `person` (an account is opened
    for a person who has none; its one-time password is returned, else None). The account gets the
    reviewer role on the call's owning unit if it lacks it."""
    role = _role(role)
    locked = _lock_evaluation(evaluation)
    password: str | None = None
    if account is None:
        if person is None:
            raise ValidationError(_("Choose the person to add."))
        account = User.objects.filter(person=person).first()
        if account is None:
            if not person.unit.path.startswith(locked.owner.path):
                raise ValidationError(_("%(name)s does not work in a unit of this call's owner.")
                                      % {"name": person.name})
            account, password = account_create(person=person, username=_free_username(f"r{person.staff_no}"))
    if not account.is_active:
        raise ValidationError(_("%(name)s's account is disabled.") % {"name": account.display_name})
    member = _member(locked, account, role, user)
    granted = _ensure_reviewer_role(account, locked)
    record("reviews.panel_add", obj=member, unit=locked.owner, actor=user,
           after={"user": account.pk, "role": role, "external": False, "reviewer_role_granted": granted,
                  "account_opened": password is not None})
    _welcome(member, locked)
    return member, password


def _free_username(base: str) -> str:
    base = "".join(c for c in base if c.isalnum() or c in "@.+-_")[:120] or "reviewer"
    candidate = base
    while User.objects.filter(username__iexact=candidate).exists():
        candidate = f"{base}-{secrets.randbelow(10**6):06d}"
    return candidate


@transaction.atomic
def panel_add_external(*, evaluation: Evaluation, name: str, affiliation: str, phone: str, email: str,
                       user: Any, role: str = PanelRole.EXPERT) -> tuple[PanelMember, str]:
    """An expert from outside the university: a person record (under the call's owning unit, so the
    university's people lists stay complete), a new account with the reviewer role and a one-time
    password, which is returned for the page to show once. Name and affiliation are required, and a
    phone number or an email address to reach them."""
    role = _role(role)
    name, affiliation = (name or "").strip(), (affiliation or "").strip()
    phone, email = (phone or "").strip(), (email or "").strip()
    if not name:
        raise ValidationError(_("Enter the expert's name."))
    if len(name) > 60:
        raise ValidationError(_("The name is too long (at most 60 characters)."))
    if not affiliation:
        raise ValidationError(_("Enter the expert's affiliation."))
    if len(affiliation) > 200 or len(phone) > 32:
        raise ValidationError(_("The affiliation or the phone number is too long."))
    if not phone and not email:
        raise ValidationError(_("Enter a phone number or an email address."))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(_("“%(email)s” is not a valid email address.") % {"email": email}) from None
    locked = _lock_evaluation(evaluation)
    person = Person.objects.create(name=name, staff_no=_free_staff_no(), unit=locked.owner, phone=phone,
                                   email=email)
    account, password = account_create(person=person, username=_free_username(f"expert{person.pk}"))
    member = _member(locked, account, role, user, external=True, affiliation=affiliation)
    _ensure_reviewer_role(account, locked)
    record("reviews.panel_add", obj=member, unit=locked.owner, actor=user,
           after={"user": account.pk, "username": account.username, "role": role, "external": True,
                  "affiliation": affiliation})
    return member, password


def _free_staff_no() -> str:
    while True:
        candidate = f"EXT{secrets.randbelow(10**8):08d}"
        if not Person.objects.filter(staff_no=candidate).exists():
            return candidate


@transaction.atomic
def panel_remove(*, member: PanelMember, user: Any) -> None:
    """Take a reviewer off the panel. Refused while they hold reviews in this evaluation that are not
    declined: unassign the unstarted ones first; started or submitted reviews keep them on it."""
    locked_evaluation = _lock_evaluation(member.evaluation)
    locked = PanelMember.objects.select_for_update().select_related("user").get(pk=member.pk)
    live = Assignment.objects.filter(round__evaluation=locked_evaluation, reviewer=locked.user_id,
                                     status__in=LIVE).count()
    if live:
        raise ValidationError(_("%(name)s holds %(n)d review(s) in this evaluation. Unassign the unstarted "
                                "ones first; a reviewer who has started or submitted a review stays on the panel.")
                              % {"name": locked.user.display_name, "n": live})
    record("reviews.panel_remove", obj=locked, unit=locked_evaluation.owner, actor=user,
           before={"user": locked.user_id, "role": locked.role, "external": locked.external})
    locked.delete()


@transaction.atomic
def conflict_record(*, evaluation: Evaluation, reviewer: User, application: Application, reason: str,
                    user: Any) -> Conflict:
    """Record that `reviewer` must not review `application` (relatives, co-authors, the same team…).
    The reviewer must be on the panel and the application one of the call's. Refused while the reviewer
    holds an unfinished review of it: unassign it first."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the conflict of interest."))
    if len(reason) > MAX_REASON:
        raise ValidationError(_("The reason is too long: at most %(n)d characters.") % {"n": MAX_REASON})
    locked = _lock_evaluation(evaluation)
    if not PanelMember.objects.filter(evaluation=locked, user=reviewer).exists():
        raise ValidationError(_("%(name)s is not on the panel.") % {"name": reviewer.display_name})
    if application.call_id != locked.call_id:
        raise ValidationError(_("This application is not one of the call's."))
    if Conflict.objects.filter(evaluation=locked, reviewer=reviewer, application=application).exists():
        raise ValidationError(_("This conflict of interest is already recorded."))
    if Assignment.objects.filter(round__evaluation=locked, reviewer=reviewer, application=application,
                                 status__in=[AssignmentStatus.ASSIGNED, AssignmentStatus.DRAFT]).exists():
        raise ValidationError(_("%(name)s is reviewing this application; unassign the review first.")
                              % {"name": reviewer.display_name})
    conflict = Conflict.objects.create(evaluation=locked, reviewer=reviewer, application=application,
                                       reason=reason, source=ConflictSource.RECORDED, recorded_by=user)
    record("reviews.conflict_record", obj=conflict, unit=locked.owner, actor=user,
           after={"reviewer": reviewer.pk, "application": application.pk, "reason": reason})
    return conflict


@transaction.atomic
def conflict_remove(*, conflict: Conflict, user: Any) -> None:
    """Remove a conflict the Organization Department recorded (e.g. recorded by mistake). One the reviewer
    declared stays: it is their statement."""
    locked = Conflict.objects.select_for_update().select_related("evaluation__owner").get(pk=conflict.pk)
    if locked.source != ConflictSource.RECORDED:
        raise ValidationError(_("A conflict declared by the reviewer cannot be removed."))
    record("reviews.conflict_remove", obj=locked, unit=locked.evaluation.owner, actor=user,
           before={"reviewer": locked.reviewer_id, "application": locked.application_id, "reason": locked.reason})
    locked.delete()
