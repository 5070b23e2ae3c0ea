"""STUB: to be replaced by its owner (see var/HELPERS.md)."""

from django.http import Http404


def index(request):  # type: ignore[no-untyped-def]
    raise Http404


def overview(request, call_id):  # type: ignore[no-untyped-def]
    raise Http404


def start(request, call_id):  # type: ignore[no-untyped-def]
    raise Http404


def settings(request, call_id):  # type: ignore[no-untyped-def]
    raise Http404


def rubric(request, call_id):  # type: ignore[no-untyped-def]
    raise Http404


def round_new(request, call_id):  # type: ignore[no-untyped-def]
    raise Http404


def round_edit(request, round_id):  # type: ignore[no-untyped-def]
    raise Http404


def round_open(request, round_id):  # type: ignore[no-untyped-def]
    raise Http404


def round_close(request, round_id):  # type: ignore[no-untyped-def]
    raise Http404

