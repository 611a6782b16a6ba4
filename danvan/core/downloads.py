"""Send generated files (exports) as downloads with a safe Content-Disposition."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

from danvan.core.uploads import KINDS, sniff

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    """Return the bytes as a download named `filename` (quoted, or RFC 6266 `filename*` when not ASCII).

    Writing ``filename="…"`` by hand breaks on a Vietnamese code such as "SGDĐT" (Django then MIME-encodes
    the whole header) and on a quote in the name; this is the one place that builds the header.
    """
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def stored_file(file: Any, filename: str, kind: str | None = None) -> FileResponse:
    """Return an uploaded file (a FieldFile) as a download whose type comes from its content, never its name.

    `kind` is the type checked at upload when the model kept it; otherwise the content is sniffed again.
    A file missing from storage is a 404.
    """
    try:
        fh = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    if kind is None:
        kind = sniff(fh.read(8192), fh)
        fh.seek(0)
    return FileResponse(
        fh, as_attachment=True, filename=filename, content_type=KINDS.get(kind or "", "application/octet-stream")
    )
