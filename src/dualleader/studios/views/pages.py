"""STUB"""

from django.http import Http404


def studio_list(request):  # type: ignore[no-untyped-def]
    raise Http404


def detail(request, pk):  # type: ignore[no-untyped-def]
    raise Http404
