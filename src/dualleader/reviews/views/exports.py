"""STUB: to be replaced by its owner (see var/HELPERS.md)."""

from django.http import Http404


def results_xlsx(request, round_id):  # type: ignore[no-untyped-def]
    raise Http404


def scoresheet_docx(request, round_id, app_id):  # type: ignore[no-untyped-def]
    raise Http404

