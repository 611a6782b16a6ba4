"""Keep uploaded files private and never orphaned: owner-only modes, and no file without the row that names it.

A FileField writes its file while the model is being saved, inside the caller's transaction; when that
transaction rolls back (a later step failed), the row is gone but the file stays. `PrivateStorage` notes every
file it writes while a `tracking_uploads()` block is open (each web request is one: `UploadCleanupMiddleware`);
when the block ends, a noted file that no row names is deleted. Files left by a crash (the process died before
the block ended) are removed by `sweep_orphans()`, run daily by the scheduler and by `danvan sweep_uploads`.

Everything here goes through Django's Storage API, so it works the same on local disk (`PrivateStorage`) and on
S3-compatible object storage (`PrivateS3Storage`, chosen by DANVAN_STORAGE; docs/storage.md). Only the file
modes are a local-disk matter: objects in a bucket have no mode, they are private by the bucket's policy.

A file a user uploads is kept in one way: `accept_upload` checks it (name, size, real type, SHA-256) and
`save_upload` stores only what was accepted, under a random name. Petition attachments, task evidence, study
minutes and signed report scans all go through these two.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import hashlib
import logging
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import DatabaseError, models

from danvan.core.uploads import validate_upload
from danvan.lib.private_files import PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, make_private_dir, make_private_file

logger = logging.getLogger(__name__)

_saved: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("danvan_saved_uploads", default=None)


# Folders whose files no row names by design and which expire on their own (the plan import's previews: a day).
OWN_EXPIRY = ("tmp/",)


def note_saved(name: str) -> None:
    """Remember a stored file's name for the current request's orphan check (any backend calls this on save)."""
    saved = _saved.get()
    if saved is not None and not name.startswith(OWN_EXPIRY):
        saved.append(name)


class PrivateStorage(FileSystemStorage):
    """The file system storage, owner-only (0600 files, 0700 folders), noting what it writes for the orphan check."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("file_permissions_mode", PRIVATE_FILE_MODE)
        kwargs.setdefault("directory_permissions_mode", PRIVATE_DIR_MODE)
        super().__init__(*args, **kwargs)

    def _save(self, name: str, content: Any) -> str:
        name = super()._save(name, content)
        note_saved(name)
        return name


def is_local(storage: Storage | None = None) -> bool:
    """Return whether the storage (default: the uploads') keeps files on this machine's disk."""
    return isinstance(storage or default_storage, FileSystemStorage)


def stored_files(prefix: str = "", storage: Storage | None = None) -> Iterator[tuple[str, float]]:
    """Yield (name, modification time as a timestamp) of every stored file under `prefix`, on either backend."""
    storage = storage or default_storage
    if isinstance(storage, FileSystemStorage):
        root = Path(storage.location)
        base = root / prefix if prefix else root
        if not base.is_dir():
            return
        for dirpath, _dirnames, filenames in os.walk(base):
            for filename in filenames:
                path = Path(dirpath) / filename
                try:
                    mtime = path.stat().st_mtime
                except FileNotFoundError:  # removed meanwhile by another process
                    continue
                yield path.relative_to(root).as_posix(), mtime
        return
    listing = getattr(storage, "stored_files", None)  # object storage lists with dates (core.storage_s3)
    if listing is not None:
        yield from listing(prefix)
        return
    stack = [prefix.strip("/")]
    while stack:
        folder = stack.pop()
        dirs, files = storage.listdir(folder)
        stack += [f"{folder}/{d}" if folder else d for d in dirs]
        for filename in files:
            name = f"{folder}/{filename}" if folder else filename
            yield name, storage.get_modified_time(name).timestamp()


# ---------------------------------------------------------------- uploads: the one way a user's file is kept


@dataclass(frozen=True)
class AcceptedUpload:
    """An uploaded file that passed `accept_upload`: its real type, size, SHA-256 and the name it was sent with.

    `save_upload` stores only these, so no file reaches the storage without being checked; the name it was sent
    with never reaches the disk (the field's `upload_to` draws a random one, core.uploads.random_storage_name).
    """

    file: Any
    kind: str
    size: int
    sha256: str
    name: str


def accept_upload(upload: Any, *, allowed: set[str], max_bytes: int | None = None) -> AcceptedUpload:
    """Check an upload's name, size and real type (core.uploads.validate_upload; raises its ValidationError)."""
    kind = validate_upload(upload, allowed=allowed, max_bytes=max_bytes)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1 << 16), b""):
        digest.update(chunk)
    size = upload.tell()
    upload.seek(0)
    name = (getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1][:255]
    return AcceptedUpload(upload, kind, getattr(upload, "size", None) or size, digest.hexdigest(), name)


def save_upload(field_file: Any, accepted: AcceptedUpload, *, fallback_name: str = "tep") -> str:
    """Store an accepted upload in a model's file field (not saving the row) and return the stored name."""
    if not isinstance(accepted, AcceptedUpload):
        raise TypeError("save_upload stores only what accept_upload checked")
    accepted.file.seek(0)
    field_file.save(accepted.name or fallback_name, accepted.file, save=False)
    return str(field_file.name)


# ---------------------------------------------------------------- short-lived files (tmp/)


def save_temporary(name: str, data: bytes) -> str:
    """Store bytes under tmp/ (shared by every web server, like the uploads); return the stored name."""
    if not name.startswith(OWN_EXPIRY):
        raise ValueError(f"temporary file {name!r} is not under {OWN_EXPIRY[0]}")
    return default_storage.save(name, ContentFile(data))


def read_temporary(name: str) -> bytes | None:
    """Return a temporary file's bytes, or None when it is gone (expired, or used by another request)."""
    try:
        with default_storage.open(name, "rb") as fh:
            data: bytes = fh.read()
            return data
    except FileNotFoundError:
        return None


def expire_temporary(prefix: str, max_age: dt.timedelta) -> int:
    """Delete the temporary files under `prefix` older than `max_age`; return how many."""
    cutoff = time.time() - max_age.total_seconds()
    removed = 0
    for name, mtime in list(stored_files(prefix)):
        if mtime < cutoff:
            default_storage.delete(name)
            removed += 1
    return removed


def file_fields() -> list[tuple[type[models.Model], str]]:
    """Return every (model, field name) of a FileField (or ImageField) in the project."""
    return [
        (model, f.name)
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, models.FileField)
    ]


def is_referenced(name: str) -> bool:
    """Return whether some row names this stored file."""
    return any(model._base_manager.filter(**{field_name: name}).exists() for model, field_name in file_fields())


def referenced_names() -> set[str]:
    """Return the stored names of every file some row names."""
    names: set[str] = set()
    for model, field_name in file_fields():
        names.update(n for n in model._base_manager.exclude(**{field_name: ""}).values_list(field_name, flat=True) if n)
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


@dataclass
class SweepResult:
    """What a sweep found: files checked, orphans deleted (or that would be, on a dry run), files too new to judge."""

    checked: int = 0
    deleted: list[str] = field(default_factory=list)
    too_new: int = 0


def sweep_orphans(*, older_than: dt.timedelta = dt.timedelta(hours=1), dry_run: bool = False) -> SweepResult:
    """Delete the stored files that no row names, once older than `older_than` (an upload may be in flight).

    On local disk also tightens the mode of any stored file or folder left readable by others (an upload made
    before 0600); objects in a bucket have no mode.
    """
    storage = default_storage
    result = SweepResult()
    local = is_local(storage)
    root = Path(storage.location) if local else None
    if root is not None and not root.is_dir():
        return result
    known = referenced_names()
    cutoff = time.time() - older_than.total_seconds()
    for name, mtime in list(stored_files(storage=storage)):
        if name.startswith(OWN_EXPIRY):
            continue
        result.checked += 1
        if name in known:
            if root is not None and not dry_run:
                make_private_file(root / name)
            continue
        if mtime > cutoff:
            result.too_new += 1
            continue
        if not dry_run:
            storage.delete(name)
        result.deleted.append(name)
    if root is not None and not dry_run:
        for dirpath, _dirnames, _filenames in os.walk(root):
            make_private_dir(Path(dirpath))
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
