"""STUB: to be replaced by its owner (see var/HELPERS.md)."""

from django.http import Http404


def panel(request, call_id):  # type: ignore[no-untyped-def]
    raise Http404


def add_external(request, call_id):  # type: ignore[no-untyped-def]
    raise Http404


def remove(request, member_id):  # type: ignore[no-untyped-def]
    raise Http404


def conflicts(request, call_id):  # type: ignore[no-untyped-def]
    raise Http404


def conflict_remove(request, conflict_id):  # type: ignore[no-untyped-def]
    raise Http404

