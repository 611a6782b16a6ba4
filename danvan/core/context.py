"""Who is acting and from where, carried through a request (or a CLI run) for the audit trail."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    """The user and address behind the current change (user None = the system or a citizen)."""

    user: Any = None
    ip_address: str | None = None
    label: str = ""


_current: ContextVar[Actor] = ContextVar("danvan_actor", default=Actor())  # noqa: B039  (Actor is frozen)


def current_actor() -> Actor:
    """Return the actor of the running request, command or task."""
    return _current.get()


@contextlib.contextmanager
def acting_as(user: Any = None, ip_address: str | None = None, label: str = "") -> Iterator[Actor]:
    """Run a block on behalf of a user (or a labelled system actor such as "danvan demo")."""
    token = _current.set(Actor(user, ip_address, label))
    try:
        yield _current.get()
    finally:
        _current.reset(token)
