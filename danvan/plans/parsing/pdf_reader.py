"""Convert a PDF with a text layer into lines with pypdf."""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING

from danvan.lib.lazy import lazy_module

from .errors import PlanParseError

if TYPE_CHECKING:
    import pypdf
else:  # loaded on first use (danvan/lib/lazy.py): most imports are text or DOCX
    pypdf = lazy_module("pypdf")


def pdf_to_lines(data: bytes) -> list[str]:
    """Return the text lines of every page; raise PlanParseError for a corrupt or image-only PDF."""
    # pypdf logs every recoverable oddity of real-world PDFs; the parser reports its own warnings instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:  # noqa: BLE001
                raise PlanParseError(
                    "Tệp PDF được mã hóa bằng mật khẩu, không đọc được.", code="pdf_encrypted"
                ) from exc
        pages = [page.extract_text() or "" for page in reader.pages]
    except PlanParseError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types for a damaged file
        raise PlanParseError("Tệp PDF bị hỏng hoặc không đọc được.", code="pdf_corrupt") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise PlanParseError(
            "Tệp PDF không có lớp văn bản (có thể là bản quét); cần PDF có chữ hoặc tệp DOCX.", code="pdf_no_text"
        )
    return text.split("\n")
