"""Refuse zip-based uploads (.docx, .xlsx) that would unpack to far more than they weigh (zip bombs).

A 10 MB .docx can hold gigabytes of repeated XML; python-docx and openpyxl would unpack it all. The
sizes the archive declares bound what Python's zipfile will ever return, so summing them is enough.
"""

from __future__ import annotations

import io
import zipfile
from typing import IO

from django.utils.translation import gettext as _

MAX_EXPANDED_BYTES = 100 * 1024 * 1024


class ArchiveTooLarge(ValueError):
    """The archive would unpack to more than the limit."""

    def __init__(self, expanded: int, limit: int) -> None:
        super().__init__(f"unpacks to {expanded} bytes (limit {limit})")
        self.expanded, self.limit = expanded, limit

    @property
    def message(self) -> str:
        """Say in Vietnamese why the file is refused."""
        return _("Tệp giải nén ra %(mb)d MB, vượt giới hạn %(limit)d MB; hãy lưu lại tệp bình thường rồi tải lên.") % {
            "mb": self.expanded // 1048576 or 1,
            "limit": self.limit // 1048576 or 1,
        }


def check_expansion(data: bytes | IO[bytes], max_bytes: int | None = None) -> None:
    """Raise ArchiveTooLarge when `data` (bytes or a seekable file) is a zip whose members add up to more than
    `max_bytes`; else do nothing. A file is read from its start and left at its start."""
    limit = max_bytes or MAX_EXPANDED_BYTES
    stream = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    stream.seek(0)
    if stream.read(2) != b"PK":
        stream.seek(0)
        return
    try:
        infos = zipfile.ZipFile(stream).infolist()
    except zipfile.BadZipFile:
        return  # not readable as a zip: the parser reports it in its own words
    finally:
        stream.seek(0)
    expanded = sum(i.file_size for i in infos)
    if expanded > limit:
        raise ArchiveTooLarge(expanded, limit)
