"""Errors raised by the plan parser."""

from __future__ import annotations

from typing import Any


class PlanParseError(ValueError):
    """Signal that the input cannot be read as a plan at all (corrupt file, undecodable bytes).

    `code` names the problem so the web and API doors show their own translated sentence
    (`plans.services.PARSE_ERRORS`); the Vietnamese text is for the console. Neither carries the text of a
    library's exception: that is for the developer's log, not the user.
    """

    def __init__(self, message: str, *, code: str = "unreadable", **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params
