"""Keep uploaded files private and never orphaned: owner-only modes, and no file without the row that names it.

A FileField writes its file while the model is being saved, inside the caller's transaction; when that
transaction rolls back (a later step failed), the row is gone but the file stays. `PrivateStorage` notes every
file it writes while a `tracking_uploads()` block is open (each web request is one: `UploadCleanupMiddleware`);
when the block ends, a noted file that no row names is deleted. Files left by a crash (the process died before
the block ended) are removed by `sweep_orphans()`, run daily by the scheduler and by `danvan sweep_uploads`.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import logging
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DatabaseError, models

from danvan.lib.private_files import PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, make_private_dir, make_private_file

logger = logging.getLogger(__name__)

_saved: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("danvan_saved_uploads", default=None)


class PrivateStorage(FileSystemStorage):
    """The file system storage, owner-only (0600 files, 0700 folders), noting what it writes for the orphan check."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("file_permissions_mode", PRIVATE_FILE_MODE)
        kwargs.setdefault("directory_permissions_mode", PRIVATE_DIR_MODE)
        super().__init__(*args, **kwargs)

    def _save(self, name: str, content: Any) -> str:
        name = super()._save(name, content)
        saved = _saved.get()
        if saved is not None:
            saved.append(name)
        return name


def file_fields() -> list[tuple[type[models.Model], str]]:
    """Return every (model, field name) of a FileField (or ImageField) in the project."""
    return [(model, f.name) for model in apps.get_models() for f in model._meta.concrete_fields
            if isinstance(f, models.FileField)]


def is_referenced(name: str) -> bool:
    """Return whether some row names this stored file."""
    return any(model._base_manager.filter(**{field_name: name}).exists() for model, field_name in file_fields())


def referenced_names() -> set[str]:
    """Return the stored names of every file some row names."""
    names: set[str] = set()
    for model, field_name in file_fields():
        names.update(n for n in model._base_manager.exclude(**{field_name: ""}).values_list(field_name, flat=True)
                     if n)
    return names


@contextlib.contextmanager
def tracking_uploads() -> Iterator[list[str]]:
    """Note the files written in the block; at its end delete those no row names (their transaction rolled back)."""
    saved: list[str] = []
    token = _saved.set(saved)
    try:
        yield saved
    finally:
        _saved.reset(token)
        if saved:
            discard_unreferenced(saved)


def discard_unreferenced(names: list[str]) -> list[str]:
    """Delete the given stored files that no row names; return the deleted names."""
    deleted = []
    for name in names:
        try:
            if is_referenced(name):
                continue
        except DatabaseError:  # the database is unusable now: leave it to the sweep
            logger.warning("Could not check upload %s against the database; the sweep will", name)
            continue
        default_storage.delete(name)
        deleted.append(name)
    return deleted


# Folders whose files no row names by design and which expire on their own (the plan import's previews: a day).
OWN_EXPIRY = ("tmp/",)


@dataclass
class SweepResult:
    """What a sweep found: files checked, orphans deleted (or that would be, on a dry run), files too new to judge."""

    checked: int = 0
    deleted: list[str] = field(default_factory=list)
    too_new: int = 0


def sweep_orphans(*, older_than: dt.timedelta = dt.timedelta(hours=1), dry_run: bool = False) -> SweepResult:
    """Delete the files under MEDIA_ROOT that no row names, once older than `older_than` (an upload may be in flight).

    Also tightens the mode of any stored file or folder left readable by others (an upload made before 0600).
    """
    root = Path(settings.MEDIA_ROOT)
    result = SweepResult()
    if not root.is_dir():
        return result
    known = referenced_names()
    cutoff = time.time() - older_than.total_seconds()
    for dirpath, _dirnames, filenames in os.walk(root):
        if not dry_run:
            make_private_dir(Path(dirpath))
        for filename in filenames:
            path = Path(dirpath) / filename
            name = path.relative_to(root).as_posix()
            if name.startswith(OWN_EXPIRY):
                continue
            result.checked += 1
            if name in known:
                if not dry_run:
                    make_private_file(path)
                continue
            if path.stat().st_mtime > cutoff:
                result.too_new += 1
                continue
            if not dry_run:
                path.unlink(missing_ok=True)
            result.deleted.append(name)
    return result


# ---------------------------------------------------------------- the SQLite file


def make_sqlite_private(connection: Any, **kwargs: Any) -> None:
    """On connecting to a SQLite file, make it and its WAL/shared-memory files owner-only (0600)."""
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):  # another user's file: nothing we may change
            make_private_file(Path(name + suffix))
