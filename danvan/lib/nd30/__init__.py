"""Lay out administrative documents as Nghị định 30/2020/NĐ-CP prescribes (Phụ lục I), as DOCX and PDF.

Django-free: plans, reports, letters and minutes build an OfficialDocument and call build_docx or build_pdf.
"""

from __future__ import annotations

from .docx_builder import build_docx
from .model import (
    DOC_TYPE_ABBREVIATIONS,
    Block,
    Heading,
    Image,
    OfficialDocument,
    Paragraph,
    Table,
    doc_type_abbreviation,
    format_number,
    number_line,
    symbol_for,
    vietnamese_date,
)
from .pdf_builder import build_pdf

__all__ = [
    "DOC_TYPE_ABBREVIATIONS",
    "Block",
    "Heading",
    "Image",
    "OfficialDocument",
    "Paragraph",
    "Table",
    "build_docx",
    "build_pdf",
    "doc_type_abbreviation",
    "format_number",
    "number_line",
    "symbol_for",
    "vietnamese_date",
]
