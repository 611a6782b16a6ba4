"""core.storage is the one way a user's file is kept: accept_upload checks it, save_upload stores only that."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import danvan
from danvan.core.storage import AcceptedUpload, accept_upload, save_upload
from danvan.petitions import services as petition_services
from danvan.petitions.choices import AttachmentKind
from danvan.petitions.models import PetitionAttachment
from tests.petitions.factories import register

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_an_accepted_upload_knows_its_real_type_size_digest_and_bare_name():
    accepted = accept_upload(SimpleUploadedFile("C:\\\\Thư mục\\\\đơn thư.pdf", PDF), allowed={"pdf"})
    assert (accepted.kind, accepted.size, accepted.sha256) == ("pdf", len(PDF), hashlib.sha256(PDF).hexdigest())
    assert accepted.name == "đơn thư.pdf"  # no folder of the sender's machine


def test_a_file_whose_content_is_not_an_allowed_type_is_refused_whatever_its_name():
    with pytest.raises(ValidationError, match="không phải loại được chấp nhận"):
        accept_upload(SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf"), allowed={"pdf"})


def test_only_an_accepted_upload_can_be_saved():
    with pytest.raises(TypeError):
        save_upload(object(), SimpleUploadedFile("x.pdf", PDF))  # type: ignore[arg-type]
    assert isinstance(accept_upload(SimpleUploadedFile("x.pdf", PDF), allowed={"pdf"}), AcceptedUpload)


def test_no_module_but_core_storage_writes_an_upload_into_a_file_field():
    # Generated files (a PDF, a .docx, an OCR layer) are written as ContentFile; a user's file only by save_upload.
    call = re.compile(r"\.save\(([^()]|\([^()]*\))*,\s*(?!ContentFile)[a-z_]+,\s*save=False\)")
    root = Path(danvan.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.glob("**/*.py")
        if path.name != "storage.py" and call.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.django_db
def test_a_redacted_copy_is_checked_and_stored_by_core_storage(school, principal, clerk):
    petition = register(school, clerk)
    original = PetitionAttachment.objects.create(
        petition=petition, organisation=school, file=SimpleUploadedFile("goc.pdf", PDF), size=len(PDF)
    )
    copy = petition_services.attach_redacted_copy(original, SimpleUploadedFile("che.pdf", PDF), actor=principal)
    copy.refresh_from_db()
    assert (copy.kind, copy.size, copy.sha256) == (AttachmentKind.PDF, len(PDF), hashlib.sha256(PDF).hexdigest())
    assert not copy.contains_identity and copy.redacted_of == original
    assert "che" not in copy.file.name and copy.file.read() == PDF
    with pytest.raises(petition_services.PetitionError, match="không phải loại được chấp nhận"):
        petition_services.attach_redacted_copy(
            original, SimpleUploadedFile("che.pdf", b"MZ\x90\x00\x03"), actor=principal
        )
