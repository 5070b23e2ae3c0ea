"""STUB: replaced by its owner."""

from ninja import Router

router = Router()
