"""STUB: to be replaced by its owner (see var/HELPERS.md)."""

from django.http import Http404


def decision(request, call_id):  # type: ignore[no-untyped-def]
    raise Http404

