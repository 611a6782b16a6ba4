"""The one base of every refusal a user reads: a service broke no code, the request broke a rule.

A service raises a subclass of `DomainError` (`PetitionError`, `PlanError`, …) with a translated sentence;
each door shows it its own way, in one place each:

- the JSON API turns it into `{"detail": message, "code": code}` with `status` (`danvan.api.api`);
- a page shows it as a message, or next to a form's field (`danvan.core.web.show_refusal`);
- a management command prints it as a `CommandError`.

Errors that are not sentences for a user stay outside this family on purpose: `DecryptionError`,
`ConfigError`, `OcrError` (`danvan.lib`, which imports nothing of danvan, and whose messages are for the
log), `CalendarRangeError` and `PlanParseError` (plain-Python layers below Django; the services that call
them translate them into a domain error), `GatewayError` (a failed SMS/Zalo send, retried by the queue).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

_F = TypeVar("_F", bound=Callable[..., Any])

# The codes of the API's error body, with their HTTP status: what a client may branch on.
STATUS_FOR_CODE: dict[str, int] = {
    "invalid": 400,  # the request's data breaks a rule
    "forbidden": 403,  # the user may not do this here (Open311 keys; pages and API raise PermissionDenied)
    "not-found": 404,  # what the request names does not exist (Open311's jurisdictions and services)
    "conflict": 409,  # the object's present state does not allow the action
    "unprocessable": 422,  # a value is not one of those allowed
    "rate-limited": 429,  # too many requests from this address
}


class DomainError(Exception):
    """Refuse a request with a translated message, optionally naming the form field concerned.

    `code` (one of `STATUS_FOR_CODE`) decides the API's status; a subclass may change the default. `extra`
    adds keys to the API's error body (e.g. `errors` per field).
    """

    code: str = "invalid"

    def __init__(self, message: Any, *, field: str | None = None, code: str | None = None, **extra: Any) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        if code is not None:
            if code not in STATUS_FOR_CODE:
                raise ValueError(f"unknown domain error code {code!r}")
            self.code = code
        self.extra = extra

    @property
    def status(self) -> int:
        """Return the HTTP status the API answers this refusal with."""
        return STATUS_FOR_CODE[self.code]

    def __str__(self) -> str:
        return str(self.message)


def refusals_are_conflicts(func: _F) -> _F:
    """Decorate a transition: the refusals it raises are conflicts with the object's state (409 in the API).

    A transition refused for any reason (the state table, a missing reason, data not yet compiled) leaves the
    object as it is; the API has always answered those 409, and says so in its documentation.
    """

    @wraps(func)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DomainError as exc:
            exc.code = "conflict"
            raise

    return wrapped  # type: ignore[return-value]
