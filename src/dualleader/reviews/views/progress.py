"""STUB: to be replaced by its owner (see var/HELPERS.md)."""

from django.http import Http404


def progress(request, round_id):  # type: ignore[no-untyped-def]
    raise Http404


def remind(request, round_id):  # type: ignore[no-untyped-def]
    raise Http404

