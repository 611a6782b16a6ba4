"""The error a router raises when a service refuses a request (kept apart so routers need not import api.py)."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A service refused the request; carries the status (400 bad input, 409 wrong state) and its message."""

    def __init__(self, message: Any, status: int = 400, **extra: Any) -> None:
        super().__init__(str(message))
        self.message = message
        self.status = status
        self.extra = extra  # more keys of the error body (e.g. `errors` per field)
