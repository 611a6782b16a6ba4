"""Demo petitions for THPT Nguyễn Khuyến in every stage of the workflow (filled in below)."""

from __future__ import annotations


def load_demo_petitions() -> None:
    """Create the demo petitions if absent (idempotent)."""
