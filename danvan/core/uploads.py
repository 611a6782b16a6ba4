"""Validate uploaded files by their content, not their name: type sniffing and size limits."""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from pathlib import PurePosixPath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danvan.lib.archives import ArchiveTooLarge, check_expansion

# Kinds a form may accept, with the MIME type stored for downloads.
KINDS = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain",
}
KIND_LABELS = {
    "pdf": "PDF",
    "png": "PNG",
    "jpeg": "JPEG",
    "gif": "GIF",
    "webp": "WebP",
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "txt": "văn bản (.txt, .md)",
}


def sniff(head: bytes, whole: IO[bytes] | None = None) -> str | None:
    """Return the kind of a file from its first bytes (and, for ZIP containers, its members)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04") and whole is not None:
        try:
            names = set(zipfile.ZipFile(whole).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return None
    if head and b"\x00" not in head[:4096]:
        try:
            head[:4096].decode("utf-8")
            return "txt"
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the sample's end is still text.
            if exc.start >= len(head[:4096]) - 3:
                return "txt"
            return None
    return None


# A stored file's path (`petitions/<org>/<yyyy>/<mm>/<name>`) must fit the 255 characters of a FileField, and a
# file name the 255 bytes most file systems allow (a Vietnamese letter takes up to 3 bytes in UTF-8).
MAX_NAME_CHARS = 120
MAX_NAME_BYTES = 200


def validate_upload(upload: IO[bytes], *, allowed: set[str], max_bytes: int | None = None) -> str:
    """Check an uploaded file's size and real type; return its kind or raise a ValidationError naming the problem."""
    max_bytes = max_bytes or settings.DANVAN_MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    name = getattr(upload, "name", "") or ""
    if len(name) > MAX_NAME_CHARS or len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise ValidationError(
            _(
                "Tên tệp “%(start)s…” quá dài (%(n)d ký tự); tối đa %(max)d ký tự. Hãy đổi tên tệp ngắn hơn rồi chọn lại."
            )
            % {"start": name[:40], "n": len(name), "max": MAX_NAME_CHARS}
        )
    if size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name})
    if size > max_bytes:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size).1f MB); tối đa %(max).0f MB.")
            % {"name": name, "size": size / 1048576, "max": max_bytes / 1048576}
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = sniff(head, upload)
    upload.seek(0)
    if kind not in allowed:
        wanted = ", ".join(KIND_LABELS[k] for k in sorted(allowed))
        raise ValidationError(
            _("Tệp “%(name)s” không phải loại được chấp nhận (%(wanted)s); nội dung tệp không khớp.")
            % {"name": name, "wanted": wanted}
        )
    if kind in ("docx", "xlsx"):  # ZIP containers: refuse one that would unpack to far more than it weighs
        try:
            check_expansion(upload)
        except ArchiveTooLarge as exc:
            raise ValidationError(_("Tệp “%(name)s”: %(reason)s") % {"name": name, "reason": exc.message}) from None
    return kind


# ---------------------------------------------------------------- storage names

_EXTENSION = re.compile(r"^\.[a-z0-9]{1,5}$")


def random_storage_name(folder: str, filename: str) -> str:
    """Return `folder/<random hex><.ext>`: nothing of the uploaded file's name reaches the disk but a plain extension.

    The extension (".pdf", ".docx") is kept so the stored file opens with the right program after a restore; any
    other suffix is dropped. The original name, when a download needs it, is kept encrypted in the row.
    """
    ext = PurePosixPath(filename or "").suffix.lower()
    return f"{folder.strip('/')}/{uuid.uuid4().hex}{ext if _EXTENSION.match(ext) else ''}"
