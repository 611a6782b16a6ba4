"""Outbound channels behind one interface: a real gateway and the fakes used where we cannot reach one.

SMS/Zalo gateways are outside our reach in development and tests; `LocmemTextBackend` keeps messages in memory
(tests read `outbox`), `ConsoleTextBackend` prints them. A real gateway implements the same `send` method and is
selected with the DANVAN_TEXT_BACKEND setting (dotted path).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class TextMessage:
    """A short text (SMS or Zalo) to a phone number."""

    phone: str
    body: str


class TextBackend(Protocol):
    """What an SMS/Zalo gateway must offer."""

    def send(self, message: TextMessage) -> None: ...


outbox: list[TextMessage] = []


class LocmemTextBackend:
    """Keep messages in `backends.outbox` (tests)."""

    def send(self, message: TextMessage) -> None:
        outbox.append(message)


class ConsoleTextBackend:
    """Print messages (development)."""

    def send(self, message: TextMessage) -> None:
        print(f"[SMS → {message.phone}] {message.body}", file=sys.stderr)


def text_backend() -> TextBackend:
    """Return the configured text backend."""
    path = getattr(settings, "DANVAN_TEXT_BACKEND", "danvan.notify.backends.ConsoleTextBackend")
    return import_string(path)()
