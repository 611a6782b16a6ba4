"""Send generated files (exports) as downloads with a safe Content-Disposition."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

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
