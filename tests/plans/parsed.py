"""Read a plan the way `danvan plan parse` prints it (the JSON the plan scorer and the export read)."""

from __future__ import annotations

from typing import Any

from danvan.plans.parsing import parse_plan


def parse_json(data: bytes | str, **kwargs: Any) -> dict[str, Any]:
    """Return `ParsedPlan.to_json()` of data: the parser's published contract, as plain JSON values."""
    return parse_plan(data, **kwargs).to_json()
