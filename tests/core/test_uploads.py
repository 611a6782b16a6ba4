"""Every upload is checked by its content: type, size, and (for .docx/.xlsx) what it would unpack to."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.core.uploads import validate_upload
from danvan.lib import archives


def _docx(payload: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * payload + b"</w:document>")
    return buf.getvalue()


def test_a_docx_that_would_unpack_past_the_limit_is_refused_naming_the_file(monkeypatch):
    monkeypatch.setattr(archives, "MAX_EXPANDED_BYTES", 1_000_000)
    upload = SimpleUploadedFile("bien-ban.docx", _docx(3_000_000))
    assert upload.size < 50_000
    with pytest.raises(ValidationError) as exc:
        validate_upload(upload, allowed={"docx", "pdf"})
    assert "bien-ban.docx" in exc.value.messages[0] and "giải nén" in exc.value.messages[0]


def test_a_normal_docx_passes_and_is_left_ready_to_be_read(monkeypatch):
    monkeypatch.setattr(archives, "MAX_EXPANDED_BYTES", 1_000_000)
    data = _docx(10_000)
    upload = SimpleUploadedFile("bien-ban.docx", data)
    assert validate_upload(upload, allowed={"docx"}) == "docx"
    assert upload.read() == data


def test_a_pdf_disguised_as_docx_is_refused_by_its_content():
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("bien-ban.docx", b"%PDF-1.4\n%%EOF\n"), allowed={"docx"})
    assert "không phải loại được chấp nhận" in exc.value.messages[0]


def test_a_file_name_too_long_to_store_is_refused_with_a_message_saying_so():
    upload = SimpleUploadedFile("đơn khiếu nại " * 20 + ".pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n")
    with pytest.raises(ValidationError) as exc:
        validate_upload(upload, allowed={"pdf"})
    assert "quá dài" in exc.value.messages[0] and "đơn khiếu nại" in exc.value.messages[0]
