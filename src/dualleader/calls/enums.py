from django.db import models
from django.utils.translation import gettext_lazy as _


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
    ARCHIVED = "archived", _("Archived")


class AnnexKind(models.TextChoices):
    STANDARD = "standard", _("Construction standard")
    FORM_TEMPLATE = "form_template", _("Application form template")
    OTHER = "other", _("Other")


class RuleKind(models.TextChoices):
    """The kinds of condition a construction standard (建设标准) can hold. Each rule on a call is one of
    these with its parameters; the engine in eligibility.py evaluates them against live data."""

    BRANCH_KIND = "branch_kind", _("Branch kind")
    ESTABLISHED_YEARS = "established_years", _("Years since the branch was established")
    SECRETARY_PARTY_MEMBER = "secretary_party_member", _("Secretary is a Party member")
    SECRETARY_QUALIFICATION = "secretary_qualification", _("Secretary's title or degree")
    SECRETARY_ACADEMIC_ROLE = "secretary_academic_role", _("Secretary's academic role")
    ATTESTATION = "attestation", _("Attestation confirmed by the college")


class ConstructionTask(models.TextChoices):
    """The five construction tasks (建设任务) of the notice."""

    POLITICAL = "political", _("Strengthen the branch's political function")
    PARTY_WORK = "party_work", _("Carry out the main Party-building responsibilities")
    IDEOLOGY = "ideology", _("Improve the quality of ideological and political work")
    DEVELOPMENT = "development", _("Promote the development of the university")
    TEAM = "team", _("Strengthen the branch committee")


class OutcomeType(models.TextChoices):
    """The six representative outcome types of the notice, plus 其他 ("包括但不限于")."""

    SYSTEM = "system", _("Branch-building systems and mechanisms")
    METHOD = "method", _("Branch work methods and typical cases")
    BRAND = "brand", _("Ideological work brands and education platforms")
    PLATFORM = "platform", _("Publicity platforms and online presence")
    RESEARCH = "research", _("High-level research results")
    DEMONSTRATION = "demonstration", _("Demonstration and spreading of experience")
    OTHER = "other", _("Other")
