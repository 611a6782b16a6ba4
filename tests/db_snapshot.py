"""Copy the in-memory SQLite test database aside and back, so data a test needs is loaded once, not per test.

A transactional test (a browser test with a live server) ends by resetting the whole database, so data a module's
tests share cannot simply stay there, and loading the demo data again costs some 3–5 s of CPU per test. On SQLite
the in-memory test database is copied, after the first load, into a private in-memory database with SQLite's backup
API, and copied back (a few milliseconds) before each later test: each test starts from exactly the state the
loader left, as if it had run again. On PostgreSQL the loader simply runs again for each test.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import connection as default_connection

from danvan.workdays.services import invalidate


def can_copy(connection: Any) -> bool:
    """Say whether a test database can be copied this way (SQLite in memory, the default test database)."""
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def copy_of(connection: Any) -> sqlite3.Connection:
    """Return a private in-memory copy of the connection's database."""
    connection.ensure_connection()
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(copy)
    return copy


def put_back(copy: sqlite3.Connection, connection: Any) -> None:
    """Replace the connection's whole database (schema, rows, id sequences) by the copy."""
    connection.ensure_connection()
    copy.backup(connection.connection)
    forget_cached_rows()


def forget_cached_rows() -> None:
    """Empty the per-process caches that may remember rows of the database just replaced."""
    # The copied database reuses ids the previous test's rows had (a flush never did): nothing remembered by id
    # may survive, nor the content types a flush recreated under other ids.
    ContentType.objects.clear_cache()
    for alias in ("default", "local"):
        caches[alias].clear()
    invalidate()


class DatabaseSnapshot:
    """Remember the database as a loader left it, to put it back instead of running the loader again."""

    def __init__(self) -> None:
        self._copy: sqlite3.Connection | None = None

    def load(self, loader: Callable[[], None]) -> None:
        """Fill the test database with what `loader` writes: by running it the first time, later by copying back."""
        if self._copy is not None:
            put_back(self._copy, default_connection)
            return
        loader()
        if can_copy(default_connection):
            self._copy = copy_of(default_connection)

    def close(self) -> None:
        """Free the copy."""
        if self._copy is not None:
            self._copy.close()
            self._copy = None
