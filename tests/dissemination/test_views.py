from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.core.testing import assert_forbidden, assert_isolated, assert_method_not_allowed, client_for
from danvan.dissemination import services
from danvan.dissemination.models import LegalDocument, StudySession

pytestmark = pytest.mark.django_db
D = dt.date


def test_pages_render(session, docs, principal, teacher, school):
    for user in (principal, teacher):
        client = client_for(user)
        for url in [
            reverse("dissemination:document_list"),
            reverse("dissemination:document_detail", args=[docs[0].pk]),
            reverse("dissemination:not_studied", args=[docs[0].pk]),
            reverse("dissemination:session_detail", args=[session.pk]),
        ]:
            assert client.get(url).status_code == 200, url
    assert client_for(principal).get(reverse("dissemination:session_create")).status_code == 200


@pytest.mark.parametrize("q", ["23-QĐ/TW", "23-qđ/tw", "23-QD", "dân vận", "dan van", "HAI PHONG"])
def test_the_document_search_ignores_case_and_diacritics(docs, principal, q):
    html = client_for(principal).get(reverse("dissemination:document_list"), {"q": q}).content.decode()
    assert "446-QĐ/TU" in html if q in ("dân vận", "dan van", "HAI PHONG") else "23-QĐ/TW" in html
    if q.lower().startswith("23"):
        assert "446-QĐ/TU" not in html


def test_another_school_gets_404_and_sees_no_sessions(session, docs, other_principal, school):
    urls = [
        reverse("dissemination:session_detail", args=[session.pk]),
        reverse("dissemination:session_minutes", args=[session.pk]),
    ]
    assert_isolated(other_principal, urls)
    assert_isolated(
        other_principal, [reverse("dissemination:session_attendance", args=[session.pk])], methods=("post",)
    )
    assert_isolated(other_principal, [reverse("dissemination:not_studied", args=[docs[0].pk]) + f"?org={school.pk}"])
    html = client_for(other_principal).get(reverse("dissemination:document_detail", args=[docs[0].pk])).content
    assert "Hội nghị quán triệt" not in html.decode()  # the document is shared, the session is not


def test_a_teacher_gets_403_on_writes(session, teacher):
    assert_forbidden(
        teacher,
        [
            reverse("dissemination:session_attendance", args=[session.pk]),
            reverse("dissemination:session_create"),
            reverse("dissemination:document_create"),
        ],
    )


def test_wrong_methods_get_405(session, docs, principal):
    assert_method_not_allowed(principal, reverse("dissemination:session_attendance", args=[session.pk]), "get")
    for url in [
        reverse("dissemination:document_list"),
        reverse("dissemination:session_detail", args=[session.pk]),
        reverse("dissemination:document_detail", args=[docs[0].pk]),
        reverse("dissemination:session_minutes", args=[session.pk]),
    ]:
        assert_method_not_allowed(principal, url, "post")


def test_recording_a_session_with_minutes_and_attendance(docs, principal, clerk, teacher, task, school):
    client = client_for(principal)
    pdf = SimpleUploadedFile("bb.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
    r = client.post(
        reverse("dissemination:session_create"),
        {
            "title": "Sinh hoạt tổ",
            "held_on": "2023-03-01",
            "documents": [docs[0].pk],
            "format": "sinh-hoat-to",
            "task": task.pk,
            "minutes": pdf,
        },
    )
    s = StudySession.objects.get()
    assert r["Location"] == reverse("dissemination:session_detail", args=[s.pk])
    client.post(
        reverse("dissemination:session_attendance", args=[s.pk]), {"present": [clerk.person.pk, teacher.person.pk]}
    )
    html = client.get(r["Location"]).content.decode()
    assert "2/3" in html and "Lịch sử thay đổi" in html
    download = client.get(reverse("dissemination:session_minutes", args=[s.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Content-Type"] == "application/pdf"
    not_yet = client.get(reverse("dissemination:not_studied", args=[docs[0].pk])).content.decode()
    assert "Phạm Huy Hùng" in not_yet and "Văn Thư" not in not_yet


def test_a_bad_minutes_file_is_refused_on_the_form(docs, principal):
    r = client_for(principal).post(
        reverse("dissemination:session_create"),
        {
            "title": "x",
            "held_on": "2023-03-01",
            "documents": [docs[0].pk],
            "format": "hoi-nghi",
            "minutes": SimpleUploadedFile("bb.pdf", b"\x00\x01\x02 binary"),
        },
    )
    assert r.status_code == 400 and "không phải loại" in r.content.decode()
    assert not StudySession.objects.exists()


def test_adding_a_document_through_the_form(principal):
    r = client_for(principal).post(
        reverse("dissemination:document_create"), {"number": "15-CT/TU", "date": "2022-11-21", "issuer": "BTV Thành ủy"}
    )
    doc = LegalDocument.objects.get()
    assert r["Location"] == reverse("dissemination:document_detail", args=[doc.pk]) and doc.doc_type == "Chỉ thị"


def test_lists_use_a_constant_number_of_queries(docs, school, principal, django_assert_max_num_queries):
    client = client_for(principal)
    url = reverse("dissemination:document_list")
    client.get(url)
    services.ensure_legal_documents([{"number": f"{i}/QĐ-UBND"} for i in range(1, 15)])
    for i in range(5):
        services.create_session(school, actor=principal, title=f"S{i}", held_on=D(2023, 1, 1 + i), documents=docs)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    detail = reverse("dissemination:document_detail", args=[docs[0].pk])
    client.get(detail)
    with django_assert_max_num_queries(14):
        assert client.get(detail).status_code == 200


def test_a_session_without_attendance_ticks_nobody_and_says_so(session, principal, teacher):
    url = reverse("dissemination:session_detail", args=[session.pk])
    page = client_for(principal).get(url).content.decode()
    # The page says 0 present: the boxes must agree, or saving would mark everyone present by accident.
    assert "Chưa điểm danh" in page and 'name="present"' in page and " checked" not in page
    assert "data-check-all" in page
    client_for(principal).post(
        reverse("dissemination:session_attendance", args=[session.pk]), {"present": [teacher.person.pk]}
    )
    page = client_for(principal).get(url).content.decode()
    assert "Chưa điểm danh" not in page and page.count(" checked") == 1
