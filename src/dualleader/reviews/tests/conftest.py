from __future__ import annotations

import pytest


@pytest.fixture
def english(settings):  # type: ignore[no-untyped-def]
    """Pages and API answers in English, for tests that compare messages with their msgids."""
    settings.LANGUAGE_CODE = "en"
