"""Render the transitions table as Markdown for docs/petitions.md (kept in sync by a test)."""

from __future__ import annotations

from danvan.petitions.choices import COMPLAINT_TARGETS, TRANSITIONS, Action, State


def transitions_markdown() -> str:
    """Return a Markdown table: one row per state, the allowed actions and where each leads."""
    lines = ["| Trạng thái (state) | Thao tác được phép → trạng thái mới |", "|---|---|"]
    for state in State:
        cells = []
        for action in Action:
            target = TRANSITIONS.get((state.value, action.value))
            if target is None:
                continue
            arrow = "" if target == state.value else f" → `{target}`"
            special = COMPLAINT_TARGETS.get((state.value, action.value))
            if special is not None:
                arrow += f" (khiếu nại → `{special}`)"
            cells.append(f"`{action.value}`{arrow}")
        lines.append(f"| `{state.value}` ({state.label}) | {', '.join(cells) or '— (kết thúc)'} |")
    return "\n".join(lines)
