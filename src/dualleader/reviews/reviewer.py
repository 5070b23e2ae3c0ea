"""What a reviewer (评审专家) sees: their queue, and for one assignment the frozen 申报书 with the
identifying details masked as the round requires, its attachments, the rubric, their own scores and,
when the round allows it, the other reviewers' submitted reviews.

Masking: when the round hides names (`show_names` off), the prefilled fields that name the branch,
its secretary and the secretary's phone are blanked, team members' names too, and every other text of
the form (studio name, free text, table cells, attachment names) has those names, the branch's
department and the stem of the branch's name replaced by a placeholder; when the round hides the
college (`show_college` off), the same is done for the college's name. The placeholder is the same
everywhere, so the reviewer can still read the sentence."""

from __future__ import annotations

import copy
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from dualleader.applications import editor
from dualleader.applications.models import Application, ApplicationVersion, Attachment
from dualleader.calls.formschema import iter_fields
from dualleader.units.enums import UnitKind
from dualleader.units.models import Unit

from .enums import AssignmentStatus, OtherReviews, RoundStatus
from .models import Assignment, Criterion, ReviewRound
from .scores import full_marks, points_of, weighted_total

HIDDEN = "＊＊＊"
NAME_SOURCES = {"branch.name", "secretary.name", "secretary.phone"}
COLLEGE_SOURCES = {"branch.college"}
NAME_COLUMNS = {"name"}
BRANCH_SUFFIXES = ("教师党支部", "党支部", "支部")
COLLEGE_SUFFIXES = ("党委", "党总支")
OPEN_STATUSES = (AssignmentStatus.ASSIGNED, AssignmentStatus.DRAFT)


# ---------------------------------------------------------------- the queue

@dataclass
class QueueRow:
    assignment: Assignment
    label: str
    college: str
    overdue: bool
    can_score: bool


@dataclass
class QueueRound:
    round: ReviewRound
    rows: list[QueueRow] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for r in self.rows if r.assignment.status == AssignmentStatus.SUBMITTED)


@dataclass
class Queue:
    rounds: list[QueueRound]
    declined: list[QueueRow]

    @property
    def pending(self) -> int:
        return sum(1 for g in self.rounds for r in g.rows if r.assignment.status in OPEN_STATUSES)


def colleges_of(branches: Iterable[Unit]) -> dict[int, Unit]:
    """Each branch's college (nearest college ancestor), in one query."""
    branches = list(branches)
    paths = {p for b in branches for p in b.lineage_paths()[:-1]}
    colleges = {u.path: u for u in Unit.objects.filter(path__in=paths, kind=UnitKind.COLLEGE)} if paths else {}
    out: dict[int, Unit] = {}
    for branch in branches:
        found = [colleges[p] for p in branch.lineage_paths()[:-1] if p in colleges]
        if found:
            out[branch.pk] = found[-1]
    return out


def application_label(application: Application, round_: ReviewRound, title: str | None = None) -> str:
    """How the reviewer's pages name an application: its studio name when names are shown, else a
    neutral number."""
    if round_.show_names:
        return title or application.title or application.branch.name
    return _("Application No. %(n)d") % {"n": application.pk}


def is_overdue(assignment: Assignment, now: Any = None) -> bool:
    now = now or timezone.now()
    return assignment.status in OPEN_STATUSES and now > assignment.round.closes_at


def can_score(assignment: Assignment, now: Any = None) -> bool:
    now = now or timezone.now()
    round_ = assignment.round
    return (assignment.status in OPEN_STATUSES and round_.status == RoundStatus.OPEN
            and round_.opens_at <= now <= round_.closes_at)


def queue(user: Any) -> Queue:
    """The reviewer's assignments across rounds, grouped by round (latest window first); declined ones
    apart. Two queries whatever the number of assignments."""
    assignments = list(Assignment.objects.filter(reviewer=user)
                       .select_related("round__evaluation__call", "application__branch")
                       .order_by("-round__opens_at", "round_id", "application_id", "id"))
    colleges = colleges_of({a.application.branch_id: a.application.branch for a in assignments}.values())
    now = timezone.now()
    groups: dict[int, QueueRound] = {}
    declined: list[QueueRow] = []
    for a in assignments:
        college = colleges.get(a.application.branch_id)
        row = QueueRow(a, application_label(a.application, a.round),
                       college.name if college is not None and a.round.show_college else "",
                       is_overdue(a, now), can_score(a, now))
        if a.status == AssignmentStatus.DECLINED:
            declined.append(row)
        else:
            groups.setdefault(a.round_id, QueueRound(a.round)).rows.append(row)
    return Queue(list(groups.values()), declined)


# ---------------------------------------------------------------- masking

def _stem(name: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return ""


class Mask:
    """Replaces identifying strings in the texts a reviewer reads."""

    def __init__(self, words: Iterable[str], fields: set[str], columns: set[str]) -> None:
        cleaned = {w.strip() for w in words if w and len(w.strip()) >= 2}
        self.words = sorted(cleaned, key=len, reverse=True)
        self.pattern = re.compile("|".join(re.escape(w) for w in self.words)) if self.words else None
        self.fields = fields
        self.columns = columns

    @property
    def active(self) -> bool:
        return bool(self.pattern or self.fields or self.columns)

    def text(self, value: Any) -> str:
        text = "" if value is None else str(value)
        return self.pattern.sub(HIDDEN, text) if self.pattern else text

    def data(self, schema: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
        """A masked copy of a version's data: hidden fields blanked, names replaced everywhere else."""
        out: dict[str, Any] = {}
        specs = {spec["key"]: spec for _section, spec in iter_fields(schema)}
        for key, value in (data or {}).items():
            spec = specs.get(key, {})
            if key in self.fields:
                out[key] = HIDDEN if value not in (None, "") else value
            elif spec.get("type") == "table":
                out[key] = self._table(value)
            elif isinstance(value, (dict, list)):
                out[key] = self._table(value)
            else:
                out[key] = self.text(value) if isinstance(value, str) else value
        return out

    def _table(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: self._table(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._row(row) for row in value]
        return self.text(value) if isinstance(value, str) else copy.deepcopy(value)

    def _row(self, row: Any) -> Any:
        if not isinstance(row, dict):
            return self._table(row)
        return {k: (HIDDEN if k in self.columns and v not in (None, "") else
                    self.text(v) if isinstance(v, str) else v) for k, v in row.items()}


def _team_names(schema: dict[str, Any], data: dict[str, Any]) -> list[str]:
    names: list[str] = []
    for _section, spec in iter_fields(schema):
        if spec.get("type") != "table" or not any(c.get("key") in NAME_COLUMNS for c in spec.get("columns", [])):
            continue
        value = data.get(spec["key"])
        groups = value.values() if isinstance(value, dict) else [value]
        for rows in groups:
            for row in rows if isinstance(rows, list) else []:
                if isinstance(row, dict):
                    names.extend(str(row.get(c) or "") for c in NAME_COLUMNS)
    return names


def mask_for(round_: ReviewRound, application: Application, version: ApplicationVersion | None,
             college: Unit | None) -> Mask:
    """What to hide from a reviewer of `application` in `round_`. Needs application.branch and
    application.secretary."""
    words: list[str] = []
    fields: set[str] = set()
    columns: set[str] = set()
    schema = version.form.schema if version is not None else {}
    data = version.data if version is not None else {}
    sources = {spec["key"]: spec.get("prefill", "") for _section, spec in iter_fields(schema)}
    if not round_.show_names:
        branch = application.branch
        words += [branch.name, branch.short_name, _stem(branch.name, BRANCH_SUFFIXES), branch.department,
                  application.secretary.name, application.secretary.phone]
        words += [str(data.get(k) or "") for k, source in sources.items() if source in NAME_SOURCES]
        words += _team_names(schema, data)
        fields |= {k for k, source in sources.items() if source in NAME_SOURCES}
        columns |= NAME_COLUMNS
    if not round_.show_college:
        if college is not None:
            words += [college.name, college.short_name, _stem(college.name, COLLEGE_SUFFIXES)]
        words += [str(data.get(k) or "") for k, source in sources.items() if source in COLLEGE_SOURCES]
        fields |= {k for k, source in sources.items() if source in COLLEGE_SOURCES}
    return Mask(words, fields, columns)


# ---------------------------------------------------------------- one review

@dataclass
class MaskedApplication:
    """Stands in for the Application in applications/_printed.html: the cover reads these."""

    pk: int
    title: str
    branch: dict[str, str]
    secretary: dict[str, str]


@dataclass
class CriterionRow:
    criterion: Criterion
    value: str
    error: str = ""


@dataclass
class OtherReview:
    label: str
    points: list[Decimal | None]
    total: Decimal | None
    comment: str


@dataclass
class ReviewView:
    assignment: Assignment
    round: ReviewRound
    version: ApplicationVersion | None
    label: str
    title: str
    college: str
    masked: bool
    application: MaskedApplication
    data: dict[str, Any]
    sections: list[Any]
    attachments: list[dict[str, Any]]
    criteria: list[Criterion]
    rows: list[CriterionRow]
    total: Decimal
    full_marks: Decimal
    can_score: bool
    overdue: bool
    others: list[OtherReview] | None


def latest_version(application: Application) -> ApplicationVersion | None:
    """The frozen version the reviewers read: the latest submitted one."""
    return (ApplicationVersion.objects.filter(application=application).select_related("form")
            .order_by("-number").first())


def version_attachments(version: ApplicationVersion | None) -> list[Attachment]:
    return list(version.attachments.order_by("uploaded_at", "pk")) if version is not None else []


def reviewer_letter(n: int) -> str:
    letters = string.ascii_uppercase
    return letters[n] if n < len(letters) else f"{letters[n // 26 - 1]}{letters[n % 26]}"


def other_reviews(assignment: Assignment, criteria: list[Criterion]) -> list[OtherReview] | None:
    """The other reviewers' submitted reviews of the same application in the same round, only when the
    round shows them after submitting and this review is submitted (else None). Reviewers are 专家A,
    专家B… unless the round shows names."""
    round_ = assignment.round
    if round_.other_reviews != OtherReviews.AFTER_SUBMIT or assignment.status != AssignmentStatus.SUBMITTED:
        return None
    others = (Assignment.objects.filter(round=round_, application_id=assignment.application_id,
                                        status=AssignmentStatus.SUBMITTED).exclude(pk=assignment.pk)
              .select_related("reviewer").order_by("submitted_at", "id"))
    out = []
    for n, other in enumerate(others):
        label = (other.reviewer.display_name if round_.show_names
                 else _("Reviewer %(letter)s") % {"letter": reviewer_letter(n)})
        out.append(OtherReview(label, [points_of(other.scores or {}, c) for c in criteria], other.total,
                               other.comment))
    return out


def review_view(assignment: Assignment, posted: dict[str, str] | None = None,
                errors: dict[str, str] | None = None) -> ReviewView:
    """Everything the review page and the API show for one assignment. `posted` and `errors` are the
    refused values of a save, shown back next to the inputs."""
    round_ = assignment.round
    application = (Application.objects.select_related("branch", "secretary", "call")
                   .get(pk=assignment.application_id))
    version = latest_version(application)
    college = colleges_of([application.branch]).get(application.branch_id)
    mask = mask_for(round_, application, version, college)
    schema = version.form.schema if version is not None else {"sections": []}
    data = mask.data(schema, version.data if version is not None else {})
    title = mask.text(version.title if version is not None else application.title)
    masked_app = MaskedApplication(
        pk=application.pk, title=title,
        branch={"name": application.branch.name if round_.show_names else HIDDEN},
        secretary={"name": application.secretary.name if round_.show_names else HIDDEN})
    attachments = [{"id": a.pk, "name": mask.text(a.original_name), "description": mask.text(a.description),
                    "size": a.size, "content_type": a.content_type} for a in version_attachments(version)]
    criteria = list(Criterion.objects.filter(evaluation_id=round_.evaluation_id).order_by("order", "id"))
    scores = posted if posted is not None else (assignment.scores or {})
    errors = errors or {}
    rows = [CriterionRow(c, str(scores.get(str(c.pk), "") or ""), errors.get(str(c.pk), "")) for c in criteria]
    return ReviewView(
        assignment=assignment, round=round_, version=version,
        label=application_label(application, round_, title), title=title,
        college=college.name if college is not None and round_.show_college else "",
        masked=not round_.show_names or not round_.show_college, application=masked_app, data=data,
        sections=editor.build(schema, data, application.call), attachments=attachments, criteria=criteria,
        rows=rows, total=weighted_total(criteria, assignment.scores or {}), full_marks=full_marks(criteria),
        can_score=can_score(assignment), overdue=is_overdue(assignment), others=other_reviews(assignment, criteria))


def attachment_of(assignment: Assignment, attachment_id: int) -> tuple[Attachment, str] | None:
    """An attachment of the version the reviewer reads, with the file name to give it (masked as the
    page shows it); None when it is not one of them."""
    version = latest_version(assignment.application)
    if version is None:
        return None
    found = version.attachments.filter(pk=attachment_id).first()
    if found is None:
        return None
    application = Application.objects.select_related("branch", "secretary").get(pk=assignment.application_id)
    college = colleges_of([application.branch]).get(application.branch_id)
    return found, mask_for(assignment.round, application, version, college).text(found.original_name)
