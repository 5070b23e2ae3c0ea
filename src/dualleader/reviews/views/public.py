"""STUB: to be replaced by its owner (see var/HELPERS.md)."""

from django.http import Http404


def notices(request):  # type: ignore[no-untyped-def]
    raise Http404


def notice(request, pk):  # type: ignore[no-untyped-def]
    raise Http404


def objection(request, pk):  # type: ignore[no-untyped-def]
    raise Http404

