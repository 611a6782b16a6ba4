"""Reuse the migrated SQLite test database between runs (and between xdist workers) instead of migrating again.

Migrating the empty test database costs some 10–17 s of CPU per run (and per xdist worker). The first run on a
machine migrates as usual, then copies the migrated database into a file named after a hash of every migration
file, of the danvan modules they import (the seeded rules and calendar) and of the Django and SQLite versions;
later runs copy that file into their in-memory test database with SQLite's backup API. A change to any of those
changes the hash, so a stale schema or stale seeded rows are never reused. On a machine with no cached copy yet (a
fresh clone, a changed migration) the xdist workers take a file lock: one migrates, the others wait without using
the CPU and then copy its result, so the migrations run once per run, not once per worker. PostgreSQL runs migrate
as before. DANVAN_TEST_DB_CACHE=0 turns the cache off; DANVAN_TEST_DB_CACHE=DIR moves it.

Each process also keeps an in-memory copy of its freshly migrated SQLite database. A transactional test (a browser
test) ends with Django's flush, which empties every table, runs the post_migrate handlers again (content types,
permissions) and loses what data migrations seeded, which then had to be seeded again (some 1–1.5 s of CPU per
test); with the copy, the test ends by putting the migrated database back instead, in milliseconds, and the next
test starts from the same state as every other test. PostgreSQL still flushes.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.util
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.core import management
from django.db import connections
from django.db.backends.base.creation import BaseDatabaseCreation
from django.test import TransactionTestCase

from tests import db_snapshot


def cache_dir() -> Path | None:
    """Return the folder of cached databases, or None when the cache is off."""
    configured = os.environ.get("DANVAN_TEST_DB_CACHE", "")
    if configured == "0":
        return None
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "danvan-test-db"


_DANVAN_IMPORT = re.compile(r"^\s*(?:from|import)\s+(danvan(?:\.\w+)+)", re.MULTILINE)


def _imported_danvan_files(source: str, depth: int = 2) -> set[Path]:
    """Return the files of the danvan modules a source imports (and, to `depth`, what those import): a data
    migration seeds rows from them (workdays' rules.py and official.py), so they are part of the schema's key."""
    found: set[Path] = set()
    for name in _DANVAN_IMPORT.findall(source):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin and spec.origin.endswith(".py"):
            path = Path(spec.origin)
            if path not in found:
                found.add(path)
                if depth > 1:
                    found |= _imported_danvan_files(path.read_text(encoding="utf-8"), depth - 1)
    return found


def schema_key() -> str:
    """Return a hash of everything that decides the migrated database's content: every migration file and the
    danvan modules they import."""
    digest = hashlib.sha256(f"{django.__version__}|{sqlite3.sqlite_version}|{settings.MIGRATION_MODULES!r}".encode())
    imported: set[Path] = set()
    for app in sorted(apps.get_app_configs(), key=lambda a: a.label):
        folder = Path(app.path) / "migrations"
        for path in sorted(folder.glob("*.py")) if folder.is_dir() else []:
            source = path.read_bytes()
            digest.update(f"{app.label}/{path.name}\0".encode())
            digest.update(source)
            imported |= _imported_danvan_files(source.decode("utf-8"))
    for path in sorted(imported):
        digest.update(f"{path.name}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


@contextlib.contextmanager
def _exclusive(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive lock on a file for the block: other processes asking for it wait (sleeping) until it ends."""
    with open(lock_file, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _restore(cached: Path, connection: Any) -> None:
    source = sqlite3.connect(cached)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _cached_migrate(original: Callable[..., Any], connection: Any) -> Callable[..., Any]:
    def call_command(name: str, *args: Any, **options: Any) -> Any:
        folder = cache_dir()
        if name != "migrate" or folder is None or connection.vendor != "sqlite":
            return original(name, *args, **options)
        cached = folder / f"migrated-{schema_key()}.sqlite3"
        connection.ensure_connection()
        if cached.is_file():
            _restore(cached, connection)
            return None
        folder.mkdir(parents=True, exist_ok=True)
        # Without the lock every xdist worker of a fresh clone would migrate at once (some 13 s of CPU each).
        with _exclusive(folder / f"{cached.name}.lock"):
            if cached.is_file():  # another worker built it while this one waited
                _restore(cached, connection)
                return None
            result = original(name, *args, **options)
            partial = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
            target = sqlite3.connect(partial)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            os.replace(partial, cached)  # atomic: a worker that did not wait never reads half a file
        return result

    return call_command


# The migrated database of each connection alias, as create_test_db left it (SQLite in memory only).
_migrated: dict[str, sqlite3.Connection] = {}


def restore_migrated(alias: str) -> bool:
    """Put the freshly migrated database back on a connection; False when there is no copy (PostgreSQL)."""
    copy = _migrated.get(alias)
    if copy is None:
        return False
    try:
        db_snapshot.put_back(copy, connections[alias])
    except sqlite3.Error:
        return False
    return True


def install() -> Callable[[], None]:
    """Make test database creation use the cache, and transactional tests end by restoring the migrated database
    instead of flushing it; return the function that undoes both."""
    original_create = BaseDatabaseCreation.create_test_db
    original_teardown = TransactionTestCase._fixture_teardown

    def create_test_db(self: BaseDatabaseCreation, *args: Any, **kwargs: Any) -> Any:
        original_call = management.call_command
        management.call_command = _cached_migrate(original_call, self.connection)
        try:
            name = original_create(self, *args, **kwargs)
        finally:
            management.call_command = original_call
        if db_snapshot.can_copy(self.connection):
            _migrated[self.connection.alias] = db_snapshot.copy_of(self.connection)
        return name

    def fixture_teardown(self: TransactionTestCase) -> None:
        # available_apps and serialized_rollback ask for a partial flush or a reload: leave those to Django.
        aliases = list(self._databases_names(include_mirrors=False))
        if (
            self.available_apps is None
            and not self.serialized_rollback
            and all(alias in _migrated for alias in aliases)
            and all(restore_migrated(alias) for alias in aliases)
        ):
            return
        original_teardown(self)

    BaseDatabaseCreation.create_test_db = create_test_db
    TransactionTestCase._fixture_teardown = fixture_teardown

    def uninstall() -> None:
        BaseDatabaseCreation.create_test_db = original_create
        TransactionTestCase._fixture_teardown = original_teardown
        for copy in _migrated.values():
            copy.close()
        _migrated.clear()

    return uninstall
