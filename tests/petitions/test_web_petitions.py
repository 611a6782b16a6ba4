"""Staff pages: queue, petition file, actions, identity page, entry, duplicates endpoint, registers; isolation."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from danvan.core.models import AuditEvent
from danvan.core.testing import assert_forbidden, assert_isolated, assert_method_not_allowed, client_for
from danvan.org.models import Person
from danvan.petitions import duplicates, services
from danvan.petitions.choices import Channel, IdentityVisibility, Kind, State
from danvan.petitions.models import Petition, PetitionAttachment, PetitionLink, Reception
from danvan.petitions.panels import petitions_panel
from danvan.petitions.registers import petition_register
from danvan.petitions.registers_xlsx import petition_xlsx

from .factories import IDENTITY, register


@pytest.fixture
def petition(school, clerk):
    p = register(school, clerk, kind=Kind.KHIEU_NAI)
    duplicates.index_petition(p)
    return p


@pytest.fixture
def denunciation(school, clerk):
    return register(school, clerk, kind=Kind.TO_CAO, content="Tôi là Nguyễn Thị Hoa, tố cáo thầy X thu tiền trái phép.")


def staff_urls(p):
    return [
        reverse("petitions:detail", args=[p.pk]),
    ]


def write_urls(p):
    return [
        reverse("petitions:identity", args=[p.pk]),
        reverse("petitions:action", args=[p.pk, "classify"]),
        reverse("petitions:link", args=[p.pk]),
    ]


# ---------------------------------------------------------------- queue


def test_queue_lists_open_petitions_by_urgency_with_days_left(principal_client, school, clerk, petition):
    other = register(school, clerk, kind=Kind.KIEN_NGHI, content="Đề nghị sửa mái che nhà xe học sinh.")
    response = principal_client.get(reverse("petitions:queue"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["p"].pk for r in rows] == sorted(
        [petition.pk, other.pk], key=lambda pk: (Petition.objects.get(pk=pk).due_on, -pk)
    )
    assert all(r["colour"] in ("ok", "warn", "late") for r in rows)
    assert petition.tracking_code in response.text


def test_queue_search_works_with_and_without_diacritics_but_never_on_identity(principal_client, petition):
    for q in ("phúc khảo", "phuc khao", "PHUC KHAO"):
        response = principal_client.get(reverse("petitions:queue"), {"q": q, "stage": ""})
        assert [r["p"].pk for r in response.context["rows"]] == [petition.pk], q
    response = principal_client.get(reverse("petitions:queue"), {"q": "Hoa", "stage": ""})
    assert response.context["rows"] == []
    response = principal_client.get(reverse("petitions:queue"), {"q": "0912345678", "stage": ""})
    assert response.context["rows"] == []


def test_queue_filters_by_kind_stage_handler_and_window(principal_client, school, clerk, principal, petition):
    register(school, clerk, kind=Kind.KIEN_NGHI, content="Đề nghị lắp thêm quạt phòng học lớp 11A2.")
    q = principal_client.get(reverse("petitions:queue"), {"kind": "khieu-nai", "stage": "open"}).context["rows"]
    assert [r["p"].pk for r in q] == [petition.pk]
    q = principal_client.get(reverse("petitions:queue"), {"handler": "none"}).context["rows"]
    assert len(q) == 2
    q = principal_client.get(reverse("petitions:queue"), {"window": "late"}).context["rows"]
    assert q == []
    q = principal_client.get(reverse("petitions:queue"), {"stage": "closed"}).context["rows"]
    assert q == []


def test_the_status_filter_shows_what_the_queue_lists(principal_client, petition):
    for params in ({}, {"kind": "khieu-nai"}):
        page = principal_client.get(reverse("petitions:queue"), params).text
        assert (
            '<option value="open" selected>' in page
            and '<option value="" selected>' not in page.split('name="stage"')[1].split("</select>")[0]
        )
    page = principal_client.get(reverse("petitions:queue"), {"stage": ""}).text
    assert '<option value="" selected>' in page.split('name="stage"')[1].split("</select>")[0]


def test_queue_uses_a_constant_number_of_queries(principal_client, school, clerk, django_assert_max_num_queries):
    for i in range(3):
        register(school, clerk, content=f"Nội dung đơn số {i} về việc thu chi quỹ lớp.")
    principal_client.get(reverse("petitions:queue"))
    with django_assert_max_num_queries(12) as small:
        principal_client.get(reverse("petitions:queue"))
    for i in range(20):
        register(school, clerk, content=f"Nội dung khác số {i} về cơ sở vật chất.")
    with django_assert_max_num_queries(len(small.captured_queries)):
        principal_client.get(reverse("petitions:queue"))


def test_queue_is_scoped_to_the_school(other_principal, petition):
    response = client_for(other_principal).get(reverse("petitions:queue"), {"stage": ""})
    assert response.status_code == 200
    assert response.context["rows"] == []


def test_teacher_cannot_open_the_queue(teacher_client, petition):
    assert teacher_client.get(reverse("petitions:queue")).status_code == 403


def test_a_teacher_the_head_assigns_opens_and_handles_that_petition_only(
    teacher, teacher_client, principal, school, clerk, petition
):

    other = register(school, clerk, kind=Kind.KIEN_NGHI, content="Đề nghị sửa mái che nhà xe.")
    assert teacher_client.get(reverse("petitions:detail", args=[petition.pk])).status_code == 403
    services.assign(petition, teacher.person, actor=principal)
    page = teacher_client.get(reverse("petitions:detail", args=[petition.pk]))
    assert page.status_code == 200 and "Xem danh tính" in page.text  # the handler may see who sent it
    response = teacher_client.post(
        reverse("petitions:action", args=[petition.pk, "classify"]), {"classify-kind": "khieu-nai"}
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.state == State.CLASSIFIED
    assert teacher_client.get(reverse("petitions:detail", args=[other.pk])).status_code == 404
    assert teacher_client.get(reverse("petitions:queue")).status_code == 403


def test_bulk_assignment_assigns_each_selected_petition(principal_client, school, clerk, principal, petition):
    second = register(school, clerk, content="Phản ánh về nhà vệ sinh khu B.")
    response = principal_client.post(
        reverse("petitions:bulk_assign"), {"ids": [petition.pk, second.pk], "handler": clerk.person.pk}
    )
    assert response.status_code == 302
    assert set(Petition.objects.filter(handler=clerk.person).values_list("pk", flat=True)) == {petition.pk, second.pk}


def test_bulk_assignment_is_post_only_and_needs_handle(teacher, clerk, principal, petition):
    assert_method_not_allowed(principal, reverse("petitions:bulk_assign"), "get")
    assert_forbidden(teacher, [reverse("petitions:bulk_assign")], data={"ids": [petition.pk], "handler": 1})


def test_bulk_assignment_cannot_touch_another_school(other_principal, petition):
    handler = Person.objects.filter(organisation=other_principal.person.organisation).first()
    response = client_for(other_principal).post(
        reverse("petitions:bulk_assign"), {"ids": [petition.pk], "handler": handler.pk}
    )
    assert response.status_code == 404
    petition.refresh_from_db()
    assert petition.handler_id is None


# ---------------------------------------------------------------- petition file


def test_petition_page_shows_timeline_actions_and_audit_without_identity(principal_client, petition):
    response = principal_client.get(reverse("petitions:detail", args=[petition.pk]))
    assert response.status_code == 200
    assert "Nguyễn Thị Hoa" not in response.text and "0912345678" not in response.text
    assert "[đã che]" in response.text
    actions = [f["action"] for f in response.context["action_forms"]]
    assert "classify" in actions and "assign" in actions
    assert "Nhật ký thay đổi" in response.text


def test_identity_page_is_audited_and_shows_identity_to_the_principal(principal_client, principal, petition):
    before = AuditEvent.objects.filter(code="petitions.identity.viewed").count()
    response = principal_client.post(reverse("petitions:identity", args=[petition.pk]))
    assert response.status_code == 200
    assert IDENTITY["full_name"] in response.text
    assert AuditEvent.objects.filter(code="petitions.identity.viewed").count() == before + 1


def test_identity_page_refuses_the_clerk_and_records_the_attempt(clerk_client, denunciation):
    response = clerk_client.post(reverse("petitions:identity", args=[denunciation.pk]))
    assert response.status_code == 403
    assert "Nguyễn Thị Hoa" not in response.content.decode()
    assert AuditEvent.objects.filter(code="petitions.identity.denied").exists()


def test_identity_page_is_post_only(principal, petition):
    assert_method_not_allowed(principal, reverse("petitions:identity", args=[petition.pk]), "get")


def test_an_action_runs_its_service_and_a_domain_error_is_a_message(principal_client, petition):
    url = reverse("petitions:action", args=[petition.pk, "classify"])
    response = principal_client.post(url, {"classify-kind": "khieu-nai"})
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.state == State.CLASSIFIED
    response = principal_client.post(
        reverse("petitions:action", args=[petition.pk, "resolve"]), {"resolve-summary": "x"}
    )
    assert response.status_code == 403  # not allowed in this state: no button, no action
    response = principal_client.post(reverse("petitions:action", args=[petition.pk, "accept"]), {})
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.state == State.ACCEPTED


def test_an_invalid_action_form_shows_errors(principal_client, petition):
    response = principal_client.post(reverse("petitions:action", args=[petition.pk, "classify"]), {})
    assert response.status_code == 400
    assert "classify-kind" in response.text


def test_staff_views_are_isolated_forbidden_and_method_checked(other_principal, teacher, principal, petition):
    assert_isolated(other_principal, staff_urls(petition))
    assert_isolated(other_principal, write_urls(petition), methods=("post",))
    assert_forbidden(teacher, write_urls(petition), method="post")
    assert_forbidden(teacher, staff_urls(petition), method="get")
    assert_method_not_allowed(principal, reverse("petitions:detail", args=[petition.pk]), "post")
    assert_method_not_allowed(principal, reverse("petitions:action", args=[petition.pk, "classify"]), "get")
    assert_method_not_allowed(principal, reverse("petitions:link", args=[petition.pk]), "get")


def test_link_and_merge_record_the_reason(principal_client, school, clerk, principal, petition):
    twin = register(
        school,
        clerk,
        kind=Kind.KHIEU_NAI,
        content="Toi la Nguyen Thi Hoa, dien thoai 0912345678. De nghi xem xet lai diem thi hoc ky cua em Le Van Nam.",
    )
    duplicates.index_petition(twin)
    page = principal_client.get(reverse("petitions:detail", args=[twin.pk]))
    assert petition.pk in [c.petition.pk for c in page.context["candidates"]]
    response = principal_client.post(
        reverse("petitions:link", args=[twin.pk]),
        {"other": petition.pk, "reason": "Cùng nội dung, gửi lần hai", "mode": "merge"},
    )
    assert response.status_code == 302
    twin.refresh_from_db()
    assert twin.duplicate_of_id == petition.pk and twin.merged and twin.state == State.FILED
    assert PetitionLink.objects.filter(from_petition=twin, to_petition=petition).exists()
    assert twin.steps.filter(code="merged").exists()


# ---------------------------------------------------------------- entry


def test_clerk_registers_a_walk_in_with_two_contents(clerk_client, school):
    data = {
        "org": school.pk,
        "received_at": "2026-11-20T09:30",
        "citizen_name": "Phạm Văn Long",
        "citizen_address": "5 Trần Phú",
        "citizen_phone": "0987654321",
        "citizen_id_number": "",
        "people_count": 1,
        "content": "Phản ánh thu tiền và khiếu nại điểm rèn luyện.",
        "prior_handling": "",
        "requests": "",
        "outcome": "petition",
        "result_summary": "",
        "items-TOTAL_FORMS": 3,
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 10,
        "items-0-kind": "phan-anh",
        "items-0-subject": "Thu tiền",
        "items-0-content": "Thu tiền quỹ lớp không rõ ràng.",
        "items-1-kind": "khieu-nai",
        "items-1-subject": "Điểm rèn luyện",
        "items-1-content": "Khiếu nại quyết định hạ điểm rèn luyện của con tôi.",
        "items-2-kind": "chua-ro",
        "items-2-content": "",
    }
    response = clerk_client.post(reverse("petitions:reception_create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    reception = Reception.objects.get()
    petitions = list(reception.petitions.order_by("id"))
    assert [p.kind for p in petitions] == ["phan-anh", "khieu-nai"]
    assert all(p.channel == "walk-in" for p in petitions)
    assert petitions[0].identity.full_name == "Phạm Văn Long"
    assert PetitionLink.objects.filter(from_petition=petitions[1], to_petition=petitions[0]).exists()
    assert petitions[0].fingerprints.count() == 16


def test_clerk_registers_a_letter_with_its_scan(clerk_client, school):
    data = {
        "org": school.pk,
        "channel": "letter",
        "received_at": "2026-11-20T09:30",
        "transferred_from": "",
        "identity_visibility": "handler-only",
        "full_name": "Lê Thị Mai",
        "address": "",
        "phone": "0905123456",
        "email": "",
        "signers_count": 1,
        "scan": [SimpleUploadedFile("don.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")],
        "items-TOTAL_FORMS": 1,
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 10,
        "items-0-kind": "kien-nghi",
        "items-0-subject": "Sân trường",
        "items-0-content": "Đề nghị lát lại sân trường.",
    }
    response = clerk_client.post(reverse("petitions:petition_create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    p = Petition.objects.get()
    assert p.channel == "letter"
    att = p.attachments.get()
    assert att.is_original and att.contains_identity


def test_entry_keeps_input_when_nothing_is_filled(clerk_client, school):
    data = {
        "org": school.pk,
        "channel": "email",
        "received_at": "2026-11-20T09:30",
        "identity_visibility": "anonymous",
        "signers_count": 1,
        "full_name": "",
        "phone": "",
        "email": "",
        "items-TOTAL_FORMS": 1,
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 10,
        "items-0-kind": "kien-nghi",
        "items-0-subject": "Giữ lại tiêu đề",
        "items-0-content": "",
    }
    response = clerk_client.post(reverse("petitions:petition_create"), data)
    assert response.status_code == 400
    assert "Giữ lại tiêu đề" in response.text
    assert Petition.objects.count() == 0


def test_entry_pages_are_forbidden_to_teachers_and_check_methods(teacher, clerk, other_principal, school):
    urls = [
        reverse("petitions:reception_create"),
        reverse("petitions:petition_create"),
        reverse("petitions:duplicate_candidates"),
    ]
    assert_forbidden(teacher, urls, method="post")
    assert_method_not_allowed(clerk, reverse("petitions:duplicate_candidates"), "get")
    response = client_for(other_principal).get(reverse("petitions:petition_create"), {"org": school.pk})
    assert response.status_code == 404


def test_duplicate_endpoint_finds_same_content_without_diacritics_and_same_phone(clerk_client, school, petition):
    response = clerk_client.post(
        reverse("petitions:duplicate_candidates"),
        {
            "text": "De nghi xem xet lai diem thi hoc ky cua em Le Van Nam. Toi la Nguyen Thi Hoa, dien thoai 0912345678.",
        },
    )
    assert response.status_code == 200
    found = response.json()["candidates"]
    assert [c["code"] for c in found] == [petition.tracking_code]
    assert "Nguyễn Thị Hoa" not in response.content.decode("utf-8")
    response = clerk_client.post(reverse("petitions:duplicate_candidates"), {"text": "", "phone": "+84 912 345 678"})
    assert [c["code"] for c in response.json()["candidates"]] == [petition.tracking_code]
    assert "Cùng số điện thoại" in response.json()["candidates"][0]["reasons"]


def test_the_duplicate_check_never_tells_the_clerk_who_sent_a_denunciation(
    clerk_client, principal_client, denunciation
):
    typed = {"text": "Một việc khác hẳn", "name": "Nguyễn Thị Hoa", "phone": "0912 345 678"}
    clerk_sees = clerk_client.post(reverse("petitions:duplicate_candidates"), typed).json()["candidates"]
    assert denunciation.tracking_code not in [c["code"] for c in clerk_sees]
    head_sees = principal_client.post(reverse("petitions:duplicate_candidates"), typed).json()["candidates"]
    assert [c["code"] for c in head_sees] == [denunciation.tracking_code]  # the head may see the denouncer
    assert set(head_sees[0]["reasons"]) == {"Cùng họ tên người gửi", "Cùng số điện thoại"}


# ---------------------------------------------------------------- registers


def test_registers_render_and_export_xlsx(principal_client, clerk_client, school, petition):
    clerk_client.post(
        reverse("petitions:reception_create"),
        {
            "org": school.pk,
            "received_at": "2026-11-20T09:30",
            "citizen_name": "Phạm Văn Long",
            "people_count": 2,
            "content": "Hỏi về chế độ miễn học phí.",
            "outcome": "answered",
            "items-TOTAL_FORMS": 0,
            "items-INITIAL_FORMS": 0,
            "items-MIN_NUM_FORMS": 0,
            "items-MAX_NUM_FORMS": 10,
        },
    )
    params = {"tu": "2026-01-01", "den": "2026-12-31"}
    page = principal_client.get(reverse("petitions:register_reception"), params)
    assert page.status_code == 200 and "Phạm Văn Long" in page.text and "@media print" in page.text
    xlsx = principal_client.get(reverse("petitions:register_reception"), {**params, "format": "xlsx"})
    assert xlsx.status_code == 200
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws.cell(5, 1).value == "STT" and ws.cell(5, 3).value == "Họ tên, địa chỉ"
    assert ws.cell(6, 3).value == "Phạm Văn Long" and ws.cell(6, 7).value == 2
    xlsx = principal_client.get(
        reverse("petitions:register_petitions"), {"tu": "2000-01-01", "den": "2100-01-01", "format": "xlsx"}
    )
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws.cell(5, 3).value == "Mã đơn"
    assert ws.cell(6, 3).value == petition.tracking_code


def test_registers_are_forbidden_to_teachers_and_isolated(teacher, other_principal, school):
    for name in ("register_reception", "register_petitions"):
        assert_forbidden(teacher, [reverse(f"petitions:{name}")], method="get")
        response = client_for(other_principal).get(reverse(f"petitions:{name}"), {"org": school.pk})
        assert response.status_code == 404
        assert_method_not_allowed(other_principal, reverse(f"petitions:{name}"), "post")


def test_dashboard_panel_shows_late_and_due_petitions(principal_client, principal, petition):
    class R:
        user = principal

    ctx = petitions_panel(R())
    assert set(ctx) >= {"late", "due", "counts"}


# ---------------------------------------------------------------- files


def test_attachments_with_identity_need_the_identity_right_and_are_audited(
    principal_client, clerk_client, school, clerk, denunciation
):

    att = PetitionAttachment(
        petition=denunciation,
        organisation=school,
        original_name="don-goc.pdf",
        contains_identity=True,
        is_original=True,
    )
    att.file.save("don-goc.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    url = reverse("petitions:attachment", args=[denunciation.pk, att.pk])
    page = clerk_client.get(reverse("petitions:detail", args=[denunciation.pk]))
    assert url not in page.text and page.context["hidden_attachments"] == 1
    assert clerk_client.get(url).status_code == 403
    response = principal_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(code="petitions.identity.viewed", object_id=str(denunciation.pk)).exists()


def test_documents_download_as_docx(principal_client, principal, petition):
    services.classify(petition, actor=principal, kind=Kind.KHIEU_NAI)
    services.accept(petition, actor=principal)
    doc = petition.documents.filter(contains_identity=False).first() or petition.documents.first()
    page = principal_client.get(reverse("petitions:detail", args=[petition.pk]))
    assert doc.number_text in page.text
    response = principal_client.get(reverse("petitions:document", args=[petition.pk, doc.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_file_downloads_are_isolated_and_get_only(other_principal, principal, petition):
    url = reverse("petitions:attachment", args=[petition.pk, 1])
    assert_isolated(other_principal, [url, reverse("petitions:document", args=[petition.pk, 1])])
    assert_method_not_allowed(principal, url, "post")


def test_the_dashboard_shows_the_petitions_panel(principal_client, petition):
    response = principal_client.get(reverse("home"), follow=True)
    assert "Đơn thư sắp đến hạn, quá hạn" in response.content.decode()


def test_the_clerk_without_handle_cannot_link(clerk_client, school, clerk, petition):
    other = register(school, clerk, content="Một đơn khác về việc khác hẳn.")
    response = clerk_client.post(
        reverse("petitions:link", args=[petition.pk]), {"other": other.pk, "reason": "x", "mode": "link"}
    )
    assert response.status_code == 403
    assert not PetitionLink.objects.filter(from_petition=petition).exists()


def test_a_domain_error_becomes_a_message_and_keeps_the_form(principal_client, petition):
    response = principal_client.post(
        reverse("petitions:action", args=[petition.pk, "file"]), {"file-reason": "khac", "file-note": ""}
    )
    assert response.status_code == 400
    assert "Ghi rõ lý do lưu đơn" in response.text
    petition.refresh_from_db()
    assert petition.state == State.RECEIVED


def test_bulk_assignment_never_redirects_off_site(principal_client, clerk, petition):
    response = principal_client.post(
        reverse("petitions:bulk_assign"),
        {"ids": [petition.pk], "handler": clerk.person.pk, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("petitions:queue")


def test_register_exports_keep_citizens_formulas_as_text(school, clerk):
    formula = '=HYPERLINK("https://evil.example","Bấm vào đây")'
    services.register_petition(
        school,
        actor=clerk,
        subject=formula,
        content=formula,
        channel=Channel.LETTER,
        kind=Kind.KIEN_NGHI,
        identity=dict(IDENTITY),
        identity_visibility=IdentityVisibility.HANDLER_ONLY,
    )
    year = dt.date.today().year
    rows = petition_register(school, year=year)
    data = petition_xlsx(school, rows, dt.date(year, 1, 1), dt.date(year, 12, 31))
    cells = [c.value for row in load_workbook(io.BytesIO(data)).active.iter_rows() for c in row if c.value]
    assert any("HYPERLINK" in str(v) for v in cells)  # the citizen's text is there…
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)  # …as text, not a formula


def test_switching_language_on_a_form_shown_again_with_errors_returns_to_its_page(principal_client, petition):
    detail = reverse("petitions:detail", args=[petition.pk])
    page = principal_client.post(
        reverse("petitions:action", args=[petition.pk, "classify"]), {}, HTTP_REFERER=f"http://testserver{detail}"
    )
    assert page.status_code == 400  # the form again, with its errors, at the POST-only address
    next_url = re.search(r'name="next" type="hidden" value="([^"]*)"', page.text).group(1)
    assert next_url.endswith(detail)
    response = principal_client.post(reverse("set_language"), {"language": "vi", "next": next_url})
    assert response.status_code == 302 and response["Location"].endswith(detail)


def test_the_trail_on_the_petition_page_reads_as_names_not_internal_values(principal_client, school, petition):
    page = principal_client.get(reverse("petitions:detail", args=[petition.pk])).text
    trail = page[page.index("Nhật ký") :]
    assert school.name in trail  # the school, not its id
    assert "Danh tính người gửi đơn: Họ và tên" in trail and "[đã ẩn]" in trail
    for internal in ("Secret hash", "Search text", "secret_hash", "petitionidentity.", "name_hmac"):
        assert internal not in trail


def test_an_english_reader_exports_the_official_register_in_vietnamese(principal_client, petition):
    principal_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    params = {"tu": "2000-01-01", "den": "2100-01-01"}
    with translation.override(settings.LANGUAGE_CODE):
        page = principal_client.get(reverse("petitions:register_petitions"), params).text
        data = principal_client.get(reverse("petitions:register_petitions"), {**params, "format": "xlsx"}).content
    assert "Petition code" in page and "Mã đơn" not in page  # the page follows the reader's language…
    cells = [c.value for row in load_workbook(io.BytesIO(data)).active.iter_rows() for c in row if c.value]
    assert "Mã đơn" in cells and "Khiếu nại lần đầu" in cells  # …the register stays the official Vietnamese form
    assert not any(isinstance(v, str) and "complaint" in v.lower() for v in cells)
