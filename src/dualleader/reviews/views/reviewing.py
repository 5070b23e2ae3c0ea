"""STUB: to be replaced by its owner (see var/HELPERS.md)."""

from django.http import Http404


def queue(request):  # type: ignore[no-untyped-def]
    raise Http404


def review(request, pk):  # type: ignore[no-untyped-def]
    raise Http404


def autosave(request, pk):  # type: ignore[no-untyped-def]
    raise Http404


def submit(request, pk):  # type: ignore[no-untyped-def]
    raise Http404


def decline(request, pk):  # type: ignore[no-untyped-def]
    raise Http404


def attachment(request, pk, attachment_id):  # type: ignore[no-untyped-def]
    raise Http404

