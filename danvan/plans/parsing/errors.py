"""Errors raised by the plan parser."""

from __future__ import annotations


class PlanParseError(ValueError):
    """Signal that the input cannot be read as a plan at all (corrupt file, undecodable bytes)."""
