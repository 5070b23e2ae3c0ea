from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture
def english(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Messages in English, for tests that compare them with their msgids: in services called directly
    and in the pages and API answers (the language a request falls back to)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
