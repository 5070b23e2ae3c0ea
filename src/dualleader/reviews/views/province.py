"""STUB: to be replaced by its owner (see var/HELPERS.md)."""

from django.http import Http404


def province(request, call_id):  # type: ignore[no-untyped-def]
    raise Http404


def send(request, call_id):  # type: ignore[no-untyped-def]
    raise Http404


def letter_docx(request, call_id):  # type: ignore[no-untyped-def]
    raise Http404


def list_xlsx(request, call_id):  # type: ignore[no-untyped-def]
    raise Http404


def package_zip(request, call_id):  # type: ignore[no-untyped-def]
    raise Http404

