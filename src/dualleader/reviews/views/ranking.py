"""STUB: to be replaced by its owner (see var/HELPERS.md)."""

from django.http import Http404


def ranking(request, round_id):  # type: ignore[no-untyped-def]
    raise Http404


def method(request, call_id):  # type: ignore[no-untyped-def]
    raise Http404

