"""Read endpoints for the organisation tree and its people. Every list starts from visible_units /
visible_people and every detail asks the same rules as the pages: outside the caller's scope is 404,
inside it without the right is 403."""

# No `from __future__ import annotations`: ninja reads the annotations at import time to build the
# request parsers and the schema.

import datetime
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from .enums import PoliticalStatus, TitleLevel, UnitKind
from .models import Person, Unit
from .selectors import ancestors, current_committee, secretaries_prefetch, visible_people, visible_units

router = Router()

# Ids beyond a signed 64-bit integer cannot exist, and SQLite raises OverflowError on them: refuse
# them at validation (422) rather than fail in the database (500).
MAX_ID = 2**63 - 1
ObjectId = Annotated[int, Path(ge=1, le=MAX_ID)]
# A search term is matched with LIKE; NUL is refused because PostgreSQL cannot store it in a literal.
SEARCH_PATTERN = r"^[^\x00]*$"


class Pagination(PageNumberPagination):
    """ninja's page-number pagination with the page number bounded, so a huge page cannot overflow
    the database's OFFSET."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1)


PAGINATION: dict[str, Any] = {"page_size": 50, "max_page_size": 100}


# --- schemas -----------------------------------------------------------------------------------------

class PersonRef(Schema):
    person_id: int
    name: str


class UnitRef(Schema):
    id: int
    name: str


class PostOut(Schema):
    role: str
    role_label: str
    person_id: int
    person_name: str
    started_on: datetime.date | None

    @staticmethod
    def resolve_role_label(obj: Any) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_person_name(obj: Any) -> str:
        return str(obj.person.name)


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    code: str | None
    kind: str
    kind_label: str
    parent_id: int | None
    depth: int
    department: str
    discipline: str
    established_on: datetime.date | None
    last_election_on: datetime.date | None
    is_active: bool
    secretary: PersonRef | None

    @staticmethod
    def resolve_kind_label(obj: Unit) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_parent_id(obj: Any) -> int | None:
        return obj.parent_pk  # type: ignore[no-any-return]

    @staticmethod
    def resolve_secretary(obj: Any) -> dict[str, Any] | None:
        posts = obj.current_secretaries  # set by secretaries_prefetch(); missing means a bug, not "none"
        if not posts:
            return None
        post = max(posts, key=lambda p: p.started_on or datetime.date.min)
        return {"person_id": post.person_id, "name": post.person.name}


class UnitDetailOut(UnitOut):
    committee: list[PostOut]
    ancestors: list[UnitRef]

    @staticmethod
    def resolve_committee(obj: Unit) -> list[Any]:
        return current_committee(obj)

    @staticmethod
    def resolve_ancestors(obj: Unit) -> list[Unit]:
        return ancestors(obj)


class PersonOut(Schema):
    id: int
    name: str
    staff_no: str
    unit_id: int
    unit_name: str
    gender: str
    gender_label: str
    title: str
    title_level: str
    title_level_label: str
    highest_degree: str
    highest_degree_label: str
    political_status: str
    political_status_label: str
    party_joined_on: datetime.date | None
    academic_roles: list[str]
    phone: str
    email: str
    is_active: bool

    @staticmethod
    def resolve_unit_name(obj: Person) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_gender_label(obj: Person) -> str:
        return str(obj.get_gender_display())

    @staticmethod
    def resolve_title_level_label(obj: Person) -> str:
        return str(obj.get_title_level_display())

    @staticmethod
    def resolve_highest_degree_label(obj: Person) -> str:
        return str(obj.get_highest_degree_display())

    @staticmethod
    def resolve_political_status_label(obj: Person) -> str:
        return str(obj.get_political_status_display())

    @staticmethod
    def resolve_academic_roles(obj: Person) -> list[str]:
        # .all() is served from prefetch_related, so the list costs no query per person.
        return [role.name for role in obj.academic_roles.all()]


class UnitFilters(Schema):
    parent: int | None = Field(None, ge=1, le=MAX_ID, description="Only the direct children of this unit.")
    kind: UnitKind | None = None
    q: str | None = Field(None, max_length=100, pattern=SEARCH_PATTERN,
                          description="Part of the full name, short name or code.")
    active: bool | None = None


class PersonFilters(Schema):
    unit: int | None = Field(None, ge=1, le=MAX_ID, description="People of this unit and every unit beneath it.")
    q: str | None = Field(None, max_length=100, pattern=SEARCH_PATTERN,
                          description="Part of the name or staff number.")
    title_level: TitleLevel | None = None
    political_status: PoliticalStatus | None = None
    active: bool | None = None


# --- querysets ---------------------------------------------------------------------------------------

def _with_list_data(units: QuerySet[Unit]) -> QuerySet[Unit]:
    """The parent's id and the current secretary, fetched for a whole page in a constant number of
    queries. The parent is the unit whose path is this path minus its last step."""
    parent = Unit.objects.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Unit.steplen))
    return units.annotate(parent_pk=Subquery(parent.values("pk")[:1])).prefetch_related(secretaries_prefetch())


def _people(user: Any) -> QuerySet[Person]:
    return visible_people(user).select_related("unit").prefetch_related("academic_roles")


def _path_of(unit_id: int) -> str | None:
    path: str | None = Unit.objects.filter(pk=unit_id).values_list("path", flat=True).first()
    return path


# --- endpoints ---------------------------------------------------------------------------------------

@router.get("/units", response=list[UnitOut], tags=["units"], summary="Units the caller can see")
@paginate(Pagination, **PAGINATION)
def list_units(request: HttpRequest, filters: Query[UnitFilters]) -> QuerySet[Unit]:
    units = visible_units(request.user)
    if filters.parent is not None:
        parent_path = _path_of(filters.parent)
        if parent_path is None:
            return Unit.objects.none()
        units = units.filter(path__startswith=parent_path, depth=len(parent_path) // Unit.steplen + 1)
    if filters.kind is not None:
        units = units.filter(kind=filters.kind)
    if filters.q:
        units = units.filter(Q(name__icontains=filters.q) | Q(short_name__icontains=filters.q)
                             | Q(code__icontains=filters.q))
    if filters.active is not None:
        units = units.filter(is_active=filters.active)
    return _with_list_data(units).order_by("path")


@router.get("/units/{unit_id}", response=UnitDetailOut, tags=["units"], summary="One unit with its committee")
def get_unit(request: HttpRequest, unit_id: ObjectId) -> Unit:
    unit = _with_list_data(visible_units(request.user)).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    if not request.user.has_perm("units.view_unit", unit):
        raise PermissionDenied("units.view_unit")
    return unit


@router.get("/people", response=list[PersonOut], tags=["people"], summary="People the caller can see")
@paginate(Pagination, **PAGINATION)
def list_people(request: HttpRequest, filters: Query[PersonFilters]) -> QuerySet[Person]:
    people = _people(request.user)
    if filters.unit is not None:
        unit_path = _path_of(filters.unit)
        if unit_path is None:
            return Person.objects.none()
        people = people.filter(unit__path__startswith=unit_path)
    if filters.q:
        people = people.filter(Q(name__icontains=filters.q) | Q(staff_no__icontains=filters.q))
    if filters.title_level is not None:
        people = people.filter(title_level=filters.title_level)
    if filters.political_status is not None:
        people = people.filter(political_status=filters.political_status)
    if filters.active is not None:
        people = people.filter(is_active=filters.active)
    return people.order_by("staff_no")


@router.get("/people/{person_id}", response=PersonOut, tags=["people"], summary="One person")
def get_person(request: HttpRequest, person_id: ObjectId) -> Person:
    person = _people(request.user).filter(pk=person_id).first()
    if person is None:
        raise Http404
    if not request.user.has_perm("units.view_person", person):
        raise PermissionDenied("units.view_person")
    return person
