"""STUB: to be replaced by its owner (see var/HELPERS.md)."""

from django.http import Http404


def assignments(request, round_id):  # type: ignore[no-untyped-def]
    raise Http404


def auto(request, round_id):  # type: ignore[no-untyped-def]
    raise Http404


def add(request, round_id):  # type: ignore[no-untyped-def]
    raise Http404


def unassign(request, pk):  # type: ignore[no-untyped-def]
    raise Http404

