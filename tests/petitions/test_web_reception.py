"""Reception pages under NĐ 154/2026: the Mẫu 03/TCD register (page and XLSX), a reception's documents, the head's
reception days and their public page; isolation (404), read-only roles (403), wrong methods (405)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from danvan.core.testing import client_for
from danvan.petitions import services
from danvan.petitions.choices import IdentityPaper, Kind, ReceptionOutcome, RefusalGround
from danvan.petitions.models import HeadReceptionDay, Reception
from tests.petitions.factories import local_dt
from tests.petitions.test_registers import MAU_03_TCD

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused(personas):
    return services.register_reception(
        personas.school,
        actor=personas.clerk,
        received_at=local_dt("2026-11-23 09:00"),
        citizen_name="Lê Văn Tâm",
        citizen_address="9 Trần Phú",
        citizen_id_number="031080001234",
        id_paper=IdentityPaper.CAN_CUOC,
        kind=Kind.KIEN_NGHI,
        content="Kiến nghị lại việc phân lớp",
        outcome=ReceptionOutcome.REFUSED,
        refusal_ground=RefusalGround.REPEAT_NO_NEW_FACTS,
    )


@pytest.fixture
def head_day(personas):
    with time_machine.travel(local_dt("2026-12-07 08:00"), tick=False):
        return services.plan_head_reception(
            personas.school,
            actor=personas.clerk,
            date=dt.date(2026, 12, 15),
            start_time=dt.time(7, 30),
            end_time=dt.time(11, 0),
            place="Phòng tiếp công dân, tầng 1",
            head=personas.principal.person,
            participants="Chủ tịch Công đoàn",
            content="Các khoản thu học kỳ II",
        )


def test_the_register_page_and_xlsx_have_the_13_columns_of_form_03_tcd(principal_client, refused):
    params = {"tu": "2026-01-01", "den": "2026-12-31"}
    page = principal_client.get(reverse("petitions:register_reception"), params)
    assert page.status_code == 200
    heads = [h.strip() for h in page.text.split("<thead>")[1].split("</tr>")[0].split('<th scope="col">')[1:]]
    assert [h.removesuffix("</th>") for h in heads] == MAU_03_TCD
    assert "Lê Văn Tâm, 9 Trần Phú" in page.text and "QUÁ HẠN" in page.text  # notice owed since 26/11
    xlsx = principal_client.get(reverse("petitions:register_reception"), {**params, "format": "xlsx"})
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert [ws.cell(5, i).value for i in range(1, 14)] == MAU_03_TCD and ws.cell(5, 14).value is None
    row = [ws.cell(6, i).value for i in range(1, 14)]
    assert row[0] == 1 and isinstance(row[1], dt.datetime) and row[1].date() == dt.date(2026, 11, 23)
    assert row[2] == "Lê Văn Tâm, 9 Trần Phú" and row[3] == "Số căn cước: 031080001234"
    assert row[5] == "Kiến nghị" and "điểm h khoản 1 Điều 4" in row[12]


def test_the_register_xlsx_keeps_a_formula_as_text(principal_client, personas):
    services.register_reception(
        personas.school,
        actor=personas.clerk,
        content='=HYPERLINK("http://x","y")',
        received_at=local_dt("2026-11-20 09:00"),
    )
    xlsx = principal_client.get(
        reverse("petitions:register_reception"), {"tu": "2026-01-01", "den": "2026-12-31", "format": "xlsx"}
    )
    cell = load_workbook(io.BytesIO(xlsx.content)).active.cell(6, 5)
    assert cell.data_type == "s" and not str(cell.value).startswith("=")


def test_a_denouncer_stays_masked_in_the_register_for_the_clerk(clerk_client, personas):
    services.register_reception(
        personas.school,
        actor=personas.clerk,
        content="Tố cáo thu tiền",
        kind=Kind.TO_CAO,
        citizen_name="Hoàng Thị Mai",
        citizen_id_number="0310",
        id_paper=IdentityPaper.HO_CHIEU,
        received_at=local_dt("2026-11-20 09:00"),
    )
    page = clerk_client.get(reverse("petitions:register_reception"), {"tu": "2026-01-01", "den": "2026-12-31"})
    assert "Hoàng Thị Mai" not in page.text and "0310" not in page.text


def test_the_head_issues_the_refusal_notice_and_downloads_it(principal_client, refused):
    url = reverse("petitions:reception_refusal_notice", args=[refused.pk])
    response = principal_client.post(url)
    assert response.status_code == 302
    doc = refused.documents.get()
    download = principal_client.get(reverse("petitions:reception_document", args=[refused.pk, doc.pk]))
    assert download.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(b"".join(download.streaming_content))).paragraphs)
    assert "Về việc từ chối tiếp công dân" in text
    detail = principal_client.get(reverse("petitions:reception_detail", args=[refused.pk]))
    assert doc.number_text in detail.text


def test_the_clerk_issues_a_receipt_from_the_reception_page(clerk_client, personas):
    reception = services.register_reception(
        personas.school, actor=personas.clerk, content="Khiếu nại điểm", citizen_name="Phạm Văn Long"
    )
    response = clerk_client.post(
        reverse("petitions:reception_receipt", args=[reception.pk]),
        {"items": "Đơn khiếu nại, 02 trang\nBảng điểm, 01 trang", "copies": 2},
    )
    assert response.status_code == 302
    assert reception.documents.get().items == "Đơn khiếu nại, 02 trang\nBảng điểm, 01 trang"
    empty = clerk_client.post(reverse("petitions:reception_receipt", args=[reception.pk]), {"items": "", "copies": 2})
    assert empty.status_code == 400


def test_another_schools_reception_and_head_day_are_404(personas, refused, head_day):
    outsider = client_for(personas.other_principal)
    for url in (reverse("petitions:reception_detail", args=[refused.pk]),):
        assert outsider.get(url).status_code == 404
    for url in (
        reverse("petitions:reception_refusal_notice", args=[refused.pk]),
        reverse("petitions:reception_receipt", args=[refused.pk]),
        reverse("petitions:reception_refuse", args=[refused.pk]),
        reverse("petitions:head_day_cancel", args=[head_day.pk]),
    ):
        assert outsider.post(url, {"items": "x", "copies": 2}).status_code == 404


def test_read_only_roles_get_403(personas, refused, head_day, teacher_client, clerk_client):
    officer = client_for(personas.department_officer)  # sees the school's register, may not write to it
    assert officer.get(reverse("petitions:reception_detail", args=[refused.pk])).status_code == 200
    assert officer.post(reverse("petitions:reception_refusal_notice", args=[refused.pk])).status_code == 403
    assert officer.post(reverse("petitions:head_day_cancel", args=[head_day.pk])).status_code == 403
    assert clerk_client.post(reverse("petitions:reception_refusal_notice", args=[refused.pk])).status_code == 403
    assert teacher_client.get(reverse("petitions:reception_detail", args=[refused.pk])).status_code == 403
    assert teacher_client.get(reverse("petitions:head_days")).status_code == 403


def test_wrong_methods_get_405(principal_client, refused, head_day):
    assert principal_client.post(reverse("petitions:reception_detail", args=[refused.pk])).status_code == 405
    assert principal_client.get(reverse("petitions:reception_refusal_notice", args=[refused.pk])).status_code == 405
    assert principal_client.get(reverse("petitions:reception_receipt", args=[refused.pk])).status_code == 405
    assert principal_client.get(reverse("petitions:head_day_cancel", args=[head_day.pk])).status_code == 405
    assert principal_client.put(reverse("petitions:head_days")).status_code == 405
    school_code = refused.organisation.code
    assert principal_client.post(reverse("petitions:public_head_schedule", args=[school_code])).status_code == 405


def test_the_public_page_lists_the_next_head_days_and_nothing_else(client, personas, refused, head_day):
    with time_machine.travel(local_dt("2026-12-07 08:00"), tick=False):
        services.plan_head_reception(
            personas.school,
            actor=personas.clerk,
            date=dt.date(2026, 12, 20),
            start_time=dt.time(8, 0),
            end_time=dt.time(10, 0),
            place="Phòng họp",
            head=personas.principal.person,
        )
        gone = services.plan_head_reception(
            personas.school,
            actor=personas.clerk,
            date=dt.date(2026, 12, 22),
            start_time=dt.time(8, 0),
            end_time=dt.time(10, 0),
            place="Hội trường hủy",
            head=personas.principal.person,
        )
        services.cancel_head_reception(gone, actor=personas.clerk)
        HeadReceptionDay.objects.create(
            organisation=personas.school,
            date=dt.date(2026, 12, 1),
            start_time=dt.time(8),
            end_time=dt.time(9),
            place="Buổi đã qua",
            head=personas.principal.person,
        )
        page = client.get(reverse("petitions:public_head_schedule", args=[personas.school.code]))
    assert page.status_code == 200
    text = page.text
    assert text.index("15/12/2026") < text.index("20/12/2026")
    assert "07:30–11:00" in text and "Phòng tiếp công dân, tầng 1" in text and "Phạm Huy Hùng" in text
    assert "Chủ tịch Công đoàn" in text and "Các khoản thu học kỳ II" in text
    assert "Hội trường hủy" not in text and "Buổi đã qua" not in text
    assert "Lê Văn Tâm" not in text and "phân lớp" not in text  # no reception, no citizen
    assert "Nơi tiếp công dân" not in text  # none published yet
    assert client.get(reverse("petitions:public_head_schedule", args=["KHONGCO"])).status_code == 404


def test_the_dashboard_warns_of_months_without_a_head_day_and_late_notices(principal_client, refused):
    with time_machine.travel(local_dt("2026-12-07 08:00"), tick=False):
        page = principal_client.get("/tong-quan/")
    assert page.status_code == 200
    assert "chưa có lịch tiếp công dân của người đứng đầu trong tháng" in page.text and "12/2026" in page.text
    assert f"{refused.refusal_notice_due_on:%d/%m/%Y} — quá hạn" in page.text  # the owed refusal notice, late


def test_planning_a_head_day_through_the_page(clerk_client, personas):
    with time_machine.travel(local_dt("2026-12-07 08:00"), tick=True):
        response = clerk_client.post(
            reverse("petitions:head_days"),
            {
                "org": personas.school.pk,
                "date": "2026-12-18",
                "start_time": "14:00",
                "end_time": "16:30",
                "place": "Phòng tiếp công dân",
                "head": personas.principal.person.pk,
                "session_kind": "dinh-ky",
            },
        )
        assert response.status_code == 302
        bad = clerk_client.post(
            reverse("petitions:head_days"),
            {
                "org": personas.school.pk,
                "date": "2026-12-18",
                "start_time": "16:00",
                "end_time": "14:00",
                "place": "P",
                "head": personas.principal.person.pk,
                "session_kind": "dinh-ky",
            },
        )
        assert bad.status_code == 400 and "Giờ kết thúc" in bad.text
    assert HeadReceptionDay.objects.get().end_time == dt.time(16, 30)


def test_the_queue_warns_of_a_late_refusal_notice(principal_client, refused):
    with time_machine.travel(local_dt("2026-12-07 08:00"), tick=False):
        page = principal_client.get(reverse("petitions:queue"))
    assert "1 thông báo từ chối tiếp công dân quá hạn 03 ngày làm việc" in page.text


def test_a_refused_reception_entered_through_the_form_owes_a_notice(clerk_client, personas):
    response = clerk_client.post(
        reverse("petitions:reception_create"),
        {
            "org": personas.school.pk,
            "received_at": "2026-11-20T09:30",
            "citizen_name": "Vũ Văn Hải",
            "citizen_id_number": "031099000111",
            "id_paper": "can-cuoc",
            "people_count": 1,
            "kind": "kien-nghi",
            "content": "Kiến nghị lại việc xếp lớp, không có tình tiết mới.",
            "outcome": "refused",
            "refusal_ground": "nd154-4-1-h",
            "items-TOTAL_FORMS": 0,
            "items-INITIAL_FORMS": 0,
            "items-MIN_NUM_FORMS": 0,
            "items-MAX_NUM_FORMS": 10,
        },
    )
    assert response.status_code == 302

    reception = Reception.objects.get(organisation=personas.school)
    assert reception.refusal_notice_due_on is not None and reception.id_paper == "can-cuoc"
    missing_paper = clerk_client.post(
        reverse("petitions:reception_create"),
        {
            "org": personas.school.pk,
            "received_at": "2026-11-20T09:30",
            "citizen_id_number": "0310",
            "people_count": 1,
            "content": "x",
            "outcome": "answered",
            "items-TOTAL_FORMS": 0,
            "items-INITIAL_FORMS": 0,
            "items-MIN_NUM_FORMS": 0,
            "items-MAX_NUM_FORMS": 10,
        },
    )
    assert missing_paper.status_code == 400 and "Điều 12(1)" in missing_paper.text


def test_a_denouncers_reception_and_its_receipt_stay_hidden_from_the_clerk(clerk_client, principal_client, personas):
    reception = services.register_reception(
        personas.school,
        actor=personas.clerk,
        kind=Kind.TO_CAO,
        citizen_name="Hoàng Thị Mai",
        citizen_address="7 Đà Nẵng",
        content="Hoàng Thị Mai tố cáo việc thu tiền dạy thêm",
        received_at=local_dt("2026-11-20 09:00"),
    )
    doc = services.issue_reception_receipt(reception, actor=personas.clerk, items=["Bản tường trình, 02 trang"])
    page = clerk_client.get(reverse("petitions:reception_detail", args=[reception.pk]))
    assert page.status_code == 200 and "Hoàng Thị Mai" not in page.text and "7 Đà Nẵng" not in page.text
    url = reverse("petitions:reception_document", args=[reception.pk, doc.pk])
    assert clerk_client.get(url).status_code == 403
    assert principal_client.get(url).status_code == 200  # the head holds petitions.identity; the look is audited
    outsider = client_for(personas.other_principal)
    assert outsider.get(url).status_code == 404


def test_a_walk_in_petition_gets_its_receipt_from_the_petition_page(clerk_client, personas):
    reception = services.register_reception(
        personas.school, actor=personas.clerk, content="Kiến nghị bán trú", citizen_name="Đỗ Thị Hạnh"
    )
    petition = services.petition_from_reception(
        reception, actor=personas.clerk, subject="Bán trú", kind=Kind.KIEN_NGHI
    ).petition
    page = clerk_client.get(reverse("petitions:detail", args=[petition.pk]))
    assert "Lập giấy biên nhận thông tin, tài liệu (Mẫu 02/TCD)" in page.text
    response = clerk_client.post(
        reverse("petitions:petition_receipt", args=[petition.pk]), {"items": "Đơn kiến nghị, 01 trang", "copies": 2}
    )
    assert response.status_code == 302
    assert petition.documents.get().number_text == "01/GBN-THPTNK"
    assert clerk_client.get(reverse("petitions:petition_receipt", args=[petition.pk])).status_code == 405


def test_the_published_reception_place_and_hours_show_on_the_public_page(clerk_client, client, personas):
    response = clerk_client.post(
        reverse("petitions:reception_place"),
        {
            "org": personas.school.pk,
            "noi-place": "Phòng tiếp công dân, tầng 1 nhà A",
            "noi-regular_hours": "Thứ Ba và thứ Năm, 7 giờ 30 – 11 giờ",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("petitions:public_head_schedule", args=[personas.school.code]))
    assert "Phòng tiếp công dân, tầng 1 nhà A" in page.text and "Thứ Ba và thứ Năm" in page.text
    teacher = client_for(personas.teacher)
    assert teacher.post(reverse("petitions:reception_place"), {"noi-place": "x"}).status_code == 403
    assert clerk_client.get(reverse("petitions:reception_place")).status_code == 405
