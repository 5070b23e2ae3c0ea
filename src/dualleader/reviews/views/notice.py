"""STUB: to be replaced by its owner (see var/HELPERS.md)."""

from django.http import Http404


def notice(request, call_id):  # type: ignore[no-untyped-def]
    raise Http404


def publish(request, call_id):  # type: ignore[no-untyped-def]
    raise Http404


def finalize(request, call_id):  # type: ignore[no-untyped-def]
    raise Http404


def resolve(request, pk):  # type: ignore[no-untyped-def]
    raise Http404

