"""docs/petitions.md shows the transitions table exactly as choices.TRANSITIONS defines it."""

from __future__ import annotations

from pathlib import Path

from danvan.petitions.docs_table import transitions_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "petitions.md"


def test_the_documented_transitions_table_matches_the_code():
    text = DOC.read_text(encoding="utf-8")
    block = text.split("<!-- transitions:start -->\n", 1)[1].split("\n<!-- transitions:end -->", 1)[0]
    assert block == transitions_markdown()
