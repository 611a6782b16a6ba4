from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from danvan.org.choices import Position
from danvan.org.models import Membership, Person
from danvan.org.services import parse_position

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(rows: list[list[object]], title_rows: int = 0) -> bytes:
    wb = Workbook()
    ws = wb.active
    for _ in range(title_rows):
        ws.append(["DANH SÁCH CÁN BỘ, GIÁO VIÊN"])
    ws.append(["STT", "Họ và tên", "Chức vụ", "Bộ phận", "Email", "Điện thoại"])
    for i, row in enumerate(rows, start=1):
        ws.append([i, *row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def upload(client, school, data: bytes, name: str = "danh-sach.xlsx"):
    return client.post(
        reverse("org:staff_import", args=[school.pk]), {"file": SimpleUploadedFile(name, data, content_type=XLSX)}
    )


def test_the_preview_shows_each_row_and_stores_nothing(clerk_client, school):
    before = Person.objects.count()
    response = upload(
        clerk_client,
        school,
        xlsx(
            [
                ["Nguyễn Thị Lan", "Giáo viên", "Các tổ chuyên môn", "lan@example.vn", "0912 345 678"],
                ["Trần Văn Bình", "Tổ trưởng chuyên môn", "Tổ CM", "", ""],
            ],
            title_rows=2,
        ),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nguyễn Thị Lan" in body and "Trần Văn Bình" in body
    assert "Xác nhận lưu danh sách" in body
    assert Person.objects.count() == before


def test_confirming_stores_people_and_positions(clerk_client, school):
    upload(clerk_client, school, xlsx([["Nguyễn Thị Lan", "PHT", "BGH", "lan@example.vn", "0912345678"]]))
    response = clerk_client.post(reverse("org:staff_import", args=[school.pk]), {"action": "confirm"})
    assert response.status_code == 302
    person = Person.objects.get(full_name="Nguyễn Thị Lan")
    assert person.organisation == school
    membership = Membership.objects.get(person=person)
    assert membership.position == Position.PHO_HIEU_TRUONG
    assert membership.organisation.code == "BGH"


def test_each_bad_row_is_reported_with_its_line_and_nothing_can_be_confirmed(clerk_client, school):
    response = upload(
        clerk_client,
        school,
        xlsx(
            [
                ["Nguyễn Thị Lan", "Giáo viên", "Tổ không tồn tại", "not-an-email", "12"],
                ["", "Giáo viên", "", "", ""],
                ["Lê Văn C", "Phù thủy", "", "", ""],
            ]
        ),
    )
    body = response.content.decode()
    assert "Tổ không tồn tại" in body and "không có trong trường" in body
    assert "Email “not-an-email” không hợp lệ" in body
    assert "Số điện thoại “12” không hợp lệ" in body
    assert "Thiếu họ và tên" in body
    assert "Chức vụ “Phù thủy” không nhận ra" in body
    assert "Xác nhận lưu danh sách" not in body
    confirm = clerk_client.post(reverse("org:staff_import", args=[school.pk]), {"action": "confirm"})
    assert confirm.status_code == 302
    assert not Person.objects.filter(full_name="Lê Văn C").exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused_at_the_field(clerk_client, school):
    response = upload(clerk_client, school, b"MZ\x90\x00 this is an exe", name="danh-sach.xlsx")
    assert response.status_code == 400
    assert "không phải loại được chấp nhận" in response.content.decode()


def test_a_sheet_without_a_name_column_gets_a_clear_message(clerk_client, school):
    wb = Workbook()
    wb.active.append(["a", "b"])
    buf = io.BytesIO()
    wb.save(buf)
    body = upload(clerk_client, school, buf.getvalue()).content.decode()
    assert "Họ và tên" in body


def test_the_exported_list_reads_back_with_every_person(clerk_client, school, principal):
    response = clerk_client.get(reverse("org:staff_export", args=[school.pk]))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("Họ và tên", "Chức vụ", "Bộ phận", "Email", "Điện thoại")
    names = {r[0] for r in rows[1:]}
    assert "Phạm Huy Hùng" in names
    assert "Hiệu Trưởng Khác" not in names


def test_an_exported_list_imports_back_unchanged(clerk_client, school):
    exported = clerk_client.get(reverse("org:staff_export", args=[school.pk])).content
    before = Membership.objects.count()
    upload(clerk_client, school, exported)
    clerk_client.post(reverse("org:staff_import", args=[school.pk]), {"action": "confirm"})
    assert Membership.objects.count() == before


def test_a_chief_accountant_is_recognised_by_title_or_abbreviation():
    assert parse_position("Kế toán trưởng") == Position.KE_TOAN_TRUONG
    assert parse_position("KTT") == Position.KE_TOAN_TRUONG
    assert parse_position("Phó Hiệu trưởng") == Position.PHO_HIEU_TRUONG
