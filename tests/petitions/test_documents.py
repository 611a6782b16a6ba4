"""Official documents: NĐ 30 numbering read back from the DOCX, and no denouncer in what the accused receives."""

from __future__ import annotations

import io

import pytest
from docx import Document

from danvan.petitions import services
from danvan.petitions.choices import Audience, DocumentKind, Kind, State
from danvan.petitions.documents import issue_document
from tests.petitions.factories import advance, record_noticed_dialogue, register

pytestmark = pytest.mark.django_db


def _text(document) -> str:
    document.file.open("rb")
    try:
        doc = Document(io.BytesIO(document.file.read()))
    finally:
        document.file.close()
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def test_the_first_acceptance_notice_is_number_01_tb(personas):
    p = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
    advance(p, State.ACCEPTED, principal=personas.principal)
    doc = p.documents.get(kind=DocumentKind.ACCEPTANCE)
    assert doc.number_text == "01/TB-THPTNK"
    text = _text(doc)
    assert "Số: 01/TB-THPTNK" in text
    assert "TRƯỜNG THPT NGUYỄN KHUYẾN" in text
    assert "THÔNG BÁO" in text
    assert "Nguyễn Thị Hoa" in text  # the complainant's own notice names them


def test_numbers_run_per_type(personas):
    p = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
    advance(p, State.RESOLVED, principal=personas.principal)
    q = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
    advance(q, State.ACCEPTED, principal=personas.principal)
    numbers = sorted(d.number_text for d in p.documents.all()) + sorted(d.number_text for d in q.documents.all())
    assert numbers == ["01/QĐ-THPTNK", "01/TB-THPTNK", "02/TB-THPTNK"]


def test_the_denouncer_never_appears_in_documents_for_the_accused(personas):
    p = register(
        personas.school,
        personas.principal,
        kind=Kind.TO_CAO,
        accused_text="Thầy giáo Trần Văn Dạy",
        accused_person=personas.teacher.person,
    )
    advance(p, State.DECISION_SENT, principal=personas.principal)
    for_accused = list(p.documents.filter(audience=Audience.ACCUSED))
    # Luật TC Điều 29(3), 35: the notice of the content (NĐ 31/2019 Mẫu 06) and the conclusion.
    assert {d.kind for d in for_accused} == {DocumentKind.ACCUSED_NOTICE, DocumentKind.DENUNCIATION_CONCLUSION}
    for doc in for_accused:
        text = _text(doc)
        assert not doc.contains_identity
        for secret in ("Nguyễn Thị Hoa", "0912345678", "0912 345 678", "Lạch Tray", "hoa@example"):
            assert secret not in text, (doc.kind, secret)
        assert "KẾT LUẬN" in text or "THÔNG BÁO" in text
    notice = p.documents.get(kind=DocumentKind.RESULT_NOTICE)
    assert notice.audience == Audience.CITIZEN and "Nguyễn Thị Hoa" in _text(notice)


def test_a_transfer_letter_for_a_denunciation_does_not_name_the_denouncer(personas):
    p = register(personas.school, personas.principal, kind=Kind.TO_CAO)
    services.transfer(p, actor=personas.principal, to_name="Thanh tra thành phố")
    doc = p.documents.get(kind=DocumentKind.TRANSFER)
    text = _text(doc)
    assert "Nguyễn Thị Hoa" not in text and "0912345678" not in text
    assert "/PC-THPTNK" in text


def test_each_decision_produces_its_document(personas):
    p = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
    advance(p, State.VERIFYING, principal=personas.principal)

    record_noticed_dialogue(p, personas.principal)
    services.determine_complex(p, actor=personas.principal, criteria=["kn-3a-1g"], determination="Chứng cứ mâu thuẫn")
    kinds = set(p.documents.values_list("kind", flat=True))
    assert {
        DocumentKind.ACCEPTANCE,
        DocumentKind.DIALOGUE_NOTICE,
        DocumentKind.DIALOGUE,
        DocumentKind.COMPLEXITY,
    } <= kinds
    assert p.complex_document.number_text.endswith("/TB-THPTNK")


def test_documents_are_stored_with_their_file(personas):
    p = register(personas.school, personas.principal, kind=Kind.KIEN_NGHI)
    doc = issue_document(p, DocumentKind.RESULT_NOTICE, audience=Audience.CITIZEN)
    assert doc.file.name.endswith(".docx") and doc.file.size > 1000
