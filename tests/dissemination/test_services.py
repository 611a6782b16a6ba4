from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.core.models import AuditEvent
from danvan.dissemination import services
from danvan.dissemination.models import Attendance, LegalDocument
from danvan.org.models import Organisation, Person

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("23-QĐ/TW", "23-QĐ/TW"),
        ("23 – qđ/tw", "23-QĐ/TW"),
        ("Số: 09/KH-SGDĐT", "9/KH-SGDĐT"),
        ("26/CT-UBND ", "26/CT-UBND"),
        ("23\u2011QĐ/TW", "23-QĐ/TW"),
    ],
)
def test_numbers_are_normalised(raw, key):
    assert services.normalise_number(raw) == key


def test_ensure_legal_documents_gets_or_creates_by_normalised_number(docs):
    assert [d.number for d in docs] == ["23-QĐ/TW", "446-QĐ/TU"]
    assert docs[0].doc_type == "Quyết định" and docs[0].date == D(2021, 7, 30)
    again = services.ensure_legal_documents(
        [
            {"number": "23 - qđ/tw"},
            {"number": "446-QĐ/TU", "date": None},
            {"number": "26/CT-UBND", "date": "31/12/2021", "issuer": "UBND TP"},
        ]
    )
    assert again[:2] == docs
    assert LegalDocument.objects.count() == 3
    assert again[2].doc_type == "Chỉ thị" and again[2].date == D(2021, 12, 31)


def test_ensure_fills_blank_fields_without_overwriting(db):
    [doc] = services.ensure_legal_documents([{"number": "07-CT/TU"}])
    services.ensure_legal_documents([{"number": "07-CT/TU", "date": "2021-09-08", "title": "Điểm nóng"}])
    services.ensure_legal_documents([{"number": "07-CT/TU", "title": "Khác"}])
    doc.refresh_from_db()
    assert doc.date == D(2021, 9, 8) and doc.title == "Điểm nóng"


def test_ensure_skips_empty_numbers_and_duplicates(db):
    docs = services.ensure_legal_documents([{"number": ""}, {"number": "15-CT/TU"}, {"number": "15-ct/tu"}])
    assert len(docs) == 1


def test_the_same_number_from_another_issuer_is_another_document(docs, principal):
    other = services.create_document(actor=principal, number="23-QĐ/TW", issuer="Tỉnh ủy khác")
    assert other.pk not in {d.pk for d in docs}
    with pytest.raises(services.DisseminationError, match="đã có"):
        services.create_document(actor=principal, number="23-qđ/tw", issuer="Bộ Chính trị")
    assert services.ensure_legal_documents([{"number": "23-QĐ/TW", "issuer": "Tỉnh ủy khác"}]) == [other]


def test_a_teacher_cannot_add_documents_or_sessions(teacher, school, docs):
    with pytest.raises(services.DisseminationError):
        services.create_document(actor=teacher, number="1/QĐ")
    with pytest.raises(services.DisseminationError):
        services.create_session(school, actor=teacher, title="x", held_on=D(2023, 1, 1), documents=docs)


def test_a_session_needs_a_document_and_own_unit_and_task(school, other_school, principal, docs, task):
    with pytest.raises(services.DisseminationError, match="ít nhất một văn bản"):
        services.create_session(school, actor=principal, title="x", held_on=D(2023, 1, 1), documents=[])
    with pytest.raises(services.DisseminationError, match="Bộ phận"):
        services.create_session(
            school,
            actor=principal,
            title="x",
            held_on=D(2023, 1, 1),
            documents=docs,
            organiser_unit=Organisation.objects.get(parent=other_school, code="CD"),
        )
    with pytest.raises(services.DisseminationError, match="đơn vị khác"):
        services.create_session(other_school, actor=None, title="x", held_on=D(2023, 1, 1), documents=docs, task=task)
    s = services.create_session(school, actor=principal, title="x", held_on=D(2023, 1, 1), documents=docs, task=task)
    assert s.task == task and s.expected_count == 3  # the school's active staff
    assert list(task.study_sessions.all()) == [s]


def test_minutes_are_checked_by_content(school, principal, docs):
    fake = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 not a pdf \x00", content_type="application/pdf")
    with pytest.raises(services.DisseminationError, match="không phải loại"):
        services.create_session(school, actor=principal, title="x", held_on=D(2023, 1, 1), documents=docs, minutes=fake)
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n%%EOF\n")
    s = services.create_session(school, actor=principal, title="x", held_on=D(2023, 1, 1), documents=docs, minutes=pdf)
    assert s.minutes.name.startswith("quan-triet/") and s.minutes.read().startswith(b"%PDF")


def test_attendance_marks_the_staff_and_can_be_changed(session, principal, clerk, teacher, other_school):
    assert services.record_attendance(session, actor=principal, present=[clerk.person.pk, teacher.person.pk]) == (2, 3)
    assert set(Attendance.objects.filter(session=session, present=False).values_list("person", flat=True)) == {
        principal.person.pk
    }
    assert services.record_attendance(session, actor=principal, present=[principal.person.pk]) == (1, 3)
    outsider = Person.objects.create(organisation=other_school, full_name="Ngoài")
    with pytest.raises(services.DisseminationError, match="không thuộc đơn vị"):
        services.record_attendance(session, actor=principal, present=[outsider.pk])
    assert AuditEvent.objects.filter(code="dissemination.studysession.attendance").count() == 2


def test_not_studied_lists_staff_never_present_for_the_document(school, principal, clerk, teacher, docs, session):
    services.record_attendance(session, actor=principal, present=[clerk.person.pk])
    other = services.create_session(school, actor=principal, title="Tổ", held_on=D(2023, 3, 1), documents=docs[1:])
    services.record_attendance(other, actor=principal, present=[teacher.person.pk])
    assert list(services.not_studied(docs[0], school)) == sorted(
        [principal.person, teacher.person], key=lambda p: p.full_name
    )
    assert list(services.not_studied(docs[1], school)) == [principal.person]
