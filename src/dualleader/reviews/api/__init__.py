"""Endpoints for review and selection, under the same rules as the pages. Each sub-router belongs to
one page group (setup, reviewing, results, outcome)."""

# No `from __future__ import annotations`: ninja reads the annotations at import time.

from ninja import Router

from .outcome import router as outcome_router
from .results import router as results_router
from .reviewing import router as reviewing_router
from .setup import router as setup_router

router = Router(tags=["reviews"])
router.add_router("/", setup_router)
router.add_router("/", reviewing_router)
router.add_router("/", results_router)
router.add_router("/", outcome_router)
