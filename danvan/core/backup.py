"""Back up and restore the database and the uploaded files, with a check that the keys to read them are present.

A backup is one tar file: `manifest.json`, the database copied by the database's own tools and the stored files
in `uploads/` — those under MEDIA_ROOT, or every object under the bucket's prefix when DANVAN_STORAGE points at
S3-compatible storage (they are downloaded into the tar; a restore uploads them back, overwriting objects of the
same name and deleting the objects the backup does not hold). The database is copied as stored, so protected
columns stay ciphertext in the backup:

- SQLite: SQLite's online backup API (`sqlite3.Connection.backup`), a consistent page copy taken while the web
  server and the worker keep running; restored by the same API into the configured file.
- PostgreSQL: `pg_dump --format=custom`, restored by `pg_restore --clean --if-exists --single-transaction`
  (the client tools must be installed, of the server's major version or newer).

The manifest holds a Fernet token and a keyed hash made with the keys in use at backup time. A restore refuses
to start unless the configured DANVAN_FIELD_KEYS decrypt that token and DANVAN_HMAC_KEY (or SECRET_KEY) gives the
same hash: without them the restored identities could not be read nor the search and duplicate look-ups match.
Each member's SHA-256 is checked before anything is overwritten.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.errors import DomainError
from danvan.core.storage import is_local, stored_files
from danvan.lib.fieldcrypt import DecryptionError, decrypt, encrypt, encrypted_fields, keyed_hash
from danvan.lib.private_files import make_private_dir, make_private_file

FORMAT = 1
KEY_CHECK = "danvan-backup-key-check"
MANIFEST = "manifest.json"
UPLOADS = "uploads/"
SKIPPED_UPLOADS = ("tmp/",)  # the plan import's previews: expire within a day, never part of the records

Progress = Callable[[str], None]


class BackupError(DomainError):
    """A backup or restore cannot go on; the message says what and where (translated)."""


@dataclass
class BackupResult:
    """What a backup wrote."""

    path: Path
    engine: str
    files: int
    bytes: int


@dataclass
class RestorePlan:
    """What a restore would overwrite, read and checked from a backup before anything is changed."""

    manifest: dict[str, Any]
    engine: str
    database: str
    files: int
    created_at: str


@dataclass
class RestoreResult:
    """What a restore did, and the rows read back through the keys afterwards."""

    files: int
    decrypted_rows: int
    problems: list[str] = field(default_factory=list)


def _noop(_message: str) -> None:
    return None


# ---------------------------------------------------------------- keys


def key_check() -> dict[str, str]:
    """Return the proof of the keys in use: a Fernet token of a fixed text and the keyed hash of it."""
    return {"fernet": encrypt(KEY_CHECK), "hmac": keyed_hash("backup", KEY_CHECK)}


def check_keys(manifest: dict[str, Any]) -> None:
    """Raise BackupError unless the configured keys read what the backup's keys wrote."""
    check = manifest.get("keys") or {}
    try:
        readable = decrypt(check.get("fernet", "")) == KEY_CHECK
    except DecryptionError:
        readable = False
    if not readable:
        raise BackupError(
            _(
                "Khóa mã hóa (DANVAN_FIELD_KEYS) hiện tại không giải mã được bản sao lưu này: cần khóa "
                "đã dùng khi sao lưu (có thể đặt nó sau khóa mới, cách nhau bởi dấu phẩy). "
                "Chưa khôi phục gì."
            )
        )
    if check.get("hmac") != keyed_hash("backup", KEY_CHECK):
        raise BackupError(
            _(
                "Khóa băm (DANVAN_HMAC_KEY hoặc SECRET_KEY) khác với khi sao lưu: tìm kiếm đơn và đối "
                "chiếu người gửi sẽ không còn đúng. Đặt lại khóa cũ rồi khôi phục. Chưa khôi phục gì."
            )
        )


# ---------------------------------------------------------------- backup


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(_("Không hỗ trợ sao lưu CSDL loại %(vendor)s.") % {"vendor": vendor})
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_args(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [option, str(settings_dict[key])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(
            _("Không tìm thấy chương trình %(program)s (cài gói postgresql-client cùng phiên bản máy chủ).")
            % {"program": command[0]}
        ) from None
    if done.returncode != 0:
        first = (done.stderr or done.stdout or "").strip().splitlines()
        raise BackupError(
            _("%(what)s không thành công: %(error)s") % {"what": what, "error": first[0] if first else done.returncode}
        )


def _dump_database(engine: str, target: Path) -> None:
    settings_dict = connection.settings_dict
    if engine == "sqlite":
        source = sqlite3.connect(str(settings_dict["NAME"]))
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest)
        finally:
            dest.close()
            source.close()
        return
    args, env = _pg_args(settings_dict)
    _run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            *args,
            "--file",
            str(target),
            str(settings_dict["NAME"]),
        ],
        env,
        _("Sao lưu CSDL (pg_dump)"),
    )


def _upload_names() -> list[str]:
    return sorted(name for name, _mtime in stored_files() if not name.startswith(SKIPPED_UPLOADS))


def _local_copy(name: str, tmp: Path) -> Path:
    """Return a path holding the stored file's bytes: the file itself on disk, a download from object storage."""
    if is_local():
        return Path(default_storage.path(name))
    target = tmp / "object"
    with default_storage.open(name, "rb") as fh, open(target, "wb") as out:
        shutil.copyfileobj(fh, out, 1 << 20)
    return target


def _applied_migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).migration_qs.order_by("id").values_list("app", "name"):
        latest[app] = name
    return latest


def backup(target: Path, *, progress: Progress = _noop) -> BackupResult:
    """Write a backup of the database and the uploaded files to `target` (a new tar file, 0600)."""
    engine = _engine()
    target = Path(target)
    if target.exists():
        raise BackupError(_("Tệp %(path)s đã có: chọn tên khác (bản sao lưu không ghi đè).") % {"path": target})
    if not target.parent.is_dir():
        raise BackupError(_("Thư mục %(path)s không tồn tại.") % {"path": target.parent})
    files = _upload_names()
    with tempfile.TemporaryDirectory(prefix="danvan-backup-", dir=target.parent) as tmp:
        db_name = "database.sqlite3" if engine == "sqlite" else "database.pgdump"
        db_path = Path(tmp) / db_name
        progress(_("Sao lưu CSDL (%(engine)s)…") % {"engine": engine})
        _dump_database(engine, db_path)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "database": {"member": db_name, "size": db_path.stat().st_size, "sha256": _sha256(db_path)},
            "migrations": _applied_migrations(),
            "keys": key_check(),
            "files": [],
        }
        partial = Path(tmp) / "backup.tar"
        total = 0
        with tarfile.open(partial, "w") as tar:
            tar.add(db_path, arcname=db_name)
            for index, name in enumerate(files, 1):
                path = _local_copy(name, Path(tmp))
                size = path.stat().st_size
                manifest["files"].append({"name": name, "size": size, "sha256": _sha256(path)})
                tar.add(path, arcname=UPLOADS + name)
                total += size
                if index == len(files) or index % 100 == 0:
                    progress(_("Tệp tải lên: %(done)d/%(total)d") % {"done": index, "total": len(files)})
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mode = 0o600
            tar.addfile(info, io.BytesIO(data))
        make_private_file(partial)
        os.replace(partial, target)  # a backup interrupted half-way never has the final name
    progress(_("Đã sao lưu vào %(path)s.") % {"path": target})
    return BackupResult(path=target, engine=engine, files=len(files), bytes=total + manifest["database"]["size"])


# ---------------------------------------------------------------- restore


def _open(source: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(source, "r")
    except FileNotFoundError:
        raise BackupError(_("Không có tệp %(path)s.") % {"path": source}) from None
    except (tarfile.TarError, OSError):
        raise BackupError(_("Tệp %(path)s không phải bản sao lưu của danvan.") % {"path": source}) from None


def _manifest(tar: tarfile.TarFile, source: Path) -> dict[str, Any]:
    try:
        member = tar.extractfile(MANIFEST)
        manifest = json.loads(member.read()) if member is not None else None
    except (KeyError, ValueError, tarfile.TarError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            _("Tệp %(path)s không phải bản sao lưu của danvan (thiếu hoặc sai manifest.json).") % {"path": source}
        )
    return manifest


def plan_restore(source: Path) -> RestorePlan:
    """Read a backup's manifest and check it against this installation (engine, keys); change nothing."""
    source = Path(source)
    with _open(source) as tar:
        manifest = _manifest(tar, source)
    engine = _engine()
    if manifest.get("engine") != engine:
        raise BackupError(
            _("Bản sao lưu là của CSDL %(theirs)s, còn cấu hình hiện tại dùng %(ours)s.")
            % {"theirs": manifest.get("engine"), "ours": engine}
        )
    check_keys(manifest)
    return RestorePlan(
        manifest=manifest,
        engine=engine,
        database=str(connection.settings_dict["NAME"]),
        files=len(manifest.get("files", [])),
        created_at=str(manifest.get("created_at", "")),
    )


def _extract(tar: tarfile.TarFile, member_name: str, target: Path, expected: dict[str, Any]) -> None:
    try:
        member = tar.getmember(member_name)
    except KeyError:
        raise BackupError(_("Bản sao lưu thiếu %(name)s.") % {"name": member_name}) from None
    fh = tar.extractfile(member)
    if fh is None:
        raise BackupError(_("Bản sao lưu hỏng ở %(name)s.") % {"name": member_name})
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with open(target, "wb") as out:
        _copy(fh, out, digest)
    if digest.hexdigest() != expected.get("sha256"):
        raise BackupError(_("Bản sao lưu hỏng: %(name)s không khớp mã kiểm tra.") % {"name": member_name})


def _copy(fh: IO[bytes], out: IO[bytes], digest: Any) -> None:
    for chunk in iter(lambda: fh.read(1 << 20), b""):
        digest.update(chunk)
        out.write(chunk)


def _safe_name(name: str) -> str:
    parts = Path(name).parts
    if not name or name.startswith("/") or ".." in parts:
        raise BackupError(_("Bản sao lưu có đường dẫn tệp không hợp lệ: %(name)s.") % {"name": name})
    return name


def _restore_database(engine: str, dump: Path) -> None:
    settings_dict = connection.settings_dict
    for conn in connections.all():
        conn.close()
    if engine == "sqlite":
        source = sqlite3.connect(str(dump))
        dest = sqlite3.connect(str(settings_dict["NAME"]), timeout=30)
        try:
            source.backup(dest)  # page by page into the live file, under SQLite's own lock
        finally:
            dest.close()
            source.close()
        make_private_file(Path(settings_dict["NAME"]))
        return
    args, env = _pg_args(settings_dict)
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            *args,
            "--dbname",
            str(settings_dict["NAME"]),
            str(dump),
        ],
        env,
        _("Khôi phục CSDL (pg_restore)"),
    )


def _swap_uploads(staged: Path, root: Path) -> None:
    old = root.with_name(root.name + ".replaced")
    if old.exists():
        shutil.rmtree(old)
    if root.exists():
        os.replace(root, old)
    os.replace(staged, root)
    if old.exists():
        shutil.rmtree(old)


def _push_uploads(staged: Path, names: list[str]) -> None:
    """Make the object storage hold exactly the staged files: upload each under its name, delete the others."""
    keep = set(names)
    for name in names:
        default_storage.delete(name)  # so the upload keeps the exact name (no "_abc123" suffix)
        with open(staged / name, "rb") as fh:
            stored = default_storage.save(name, File(fh))
        if stored != name:
            raise BackupError(
                _("Không ghi được %(name)s vào kho lưu trữ (được đặt tên %(stored)s).")
                % {"name": name, "stored": stored}
            )
    for name, _mtime in list(stored_files()):
        if name not in keep and not name.startswith(SKIPPED_UPLOADS):
            default_storage.delete(name)


def read_back() -> tuple[int, list[str]]:
    """Decrypt every protected value in the database; return the rows read and the tables that failed."""
    rows = 0
    problems = []
    for model in apps.get_models():
        fields = encrypted_fields(model)
        if not fields:
            continue
        try:
            for _values in model._base_manager.values_list(*fields).iterator(chunk_size=500):
                rows += 1
        except DecryptionError:
            problems.append(model._meta.label)
    return rows, problems


def restore(source: Path, *, progress: Progress = _noop) -> RestoreResult:
    """Replace the database and the uploaded files by a backup's, after checking its keys and every checksum."""
    source = Path(source)
    plan = plan_restore(source)
    manifest = plan.manifest
    local = is_local()
    root = Path(settings.MEDIA_ROOT)
    # On disk the staging folder sits beside the uploads, for a rename; for object storage, anywhere.
    root.parent.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="danvan-restore-", dir=root.parent if local else None) as tmp,
        _open(source) as tar,
    ):
        progress(_("Kiểm tra bản sao lưu…"))
        dump = Path(tmp) / manifest["database"]["member"]
        _extract(tar, _safe_name(manifest["database"]["member"]), dump, manifest["database"])
        staged = Path(tmp) / "uploads"
        make_private_dir(staged)
        entries = manifest.get("files", [])
        for index, entry in enumerate(entries, 1):
            name = _safe_name(str(entry.get("name", "")))
            _extract(tar, UPLOADS + name, staged / name, entry)
            if index == len(entries) or index % 100 == 0:
                progress(_("Tệp tải lên: %(done)d/%(total)d") % {"done": index, "total": len(entries)})
        for path in staged.rglob("*"):  # owner-only whatever this process's umask
            (make_private_dir if path.is_dir() else make_private_file)(path)
        progress(_("Khôi phục CSDL (%(engine)s)…") % {"engine": plan.engine})
        _restore_database(plan.engine, dump)
        if local:
            progress(_("Thay thư mục tệp tải lên %(path)s…") % {"path": root})
            _swap_uploads(staged, root)
        else:
            progress(_("Ghi lại các tệp vào kho lưu trữ đối tượng…"))
            _push_uploads(staged, [str(e.get("name", "")) for e in entries])
    rows, problems = read_back()
    progress(_("Đã đọc lại %(rows)d dòng có dữ liệu mã hóa.") % {"rows": rows})
    return RestoreResult(files=len(manifest.get("files", [])), decrypted_rows=rows, problems=problems)
