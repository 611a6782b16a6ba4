"""Lay out administrative documents as Nghị định 30/2020/NĐ-CP prescribes (Phụ lục I), as DOCX and PDF.

Django-free: plans, reports, letters and minutes build an OfficialDocument and call build_docx or build_pdf.
The builders' modules (python-docx, fpdf2, fontTools) are loaded on the first document, not with the package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from danvan.lib.lazy import lazy_module

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

# Not named like the submodules: `from danvan.lib.nd30 import pdf_builder` still imports the real module.
if TYPE_CHECKING:
    from . import docx_builder as _docx_builder
    from . import pdf_builder as _pdf_builder
else:  # loaded on first use (danvan/lib/lazy.py)
    _docx_builder = lazy_module("danvan.lib.nd30.docx_builder")
    _pdf_builder = lazy_module("danvan.lib.nd30.pdf_builder")

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


def build_docx(doc: OfficialDocument) -> bytes:
    """Return the document as DOCX bytes laid out as Phụ lục I prescribes (see docx_builder)."""
    return _docx_builder.build_docx(doc)


def build_pdf(doc: OfficialDocument) -> bytes:
    """Return the document as PDF bytes with the same layout, in the shipped fonts (see pdf_builder)."""
    return _pdf_builder.build_pdf(doc)
