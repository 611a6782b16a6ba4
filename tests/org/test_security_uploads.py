"""A staff list that would unpack to far more than it weighs, or holds absurdly many rows, is refused."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from danvan.lib import archives
from danvan.org import services

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet(n: int) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["Họ và tên", "Chức vụ", "Bộ phận", "Email", "Điện thoại"])
    for i in range(n):
        ws.append([f"Người {i}", "Giáo viên", "", "", ""])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def post(client, school, data):
    return client.post(
        reverse("org:staff_import", args=[school.pk]), {"file": SimpleUploadedFile("ds.xlsx", data, content_type=XLSX)}
    )


def test_it_refuses_an_xlsx_that_unpacks_past_the_limit(clerk_client, school, monkeypatch):
    monkeypatch.setattr(archives, "MAX_EXPANDED_BYTES", 20_000)
    response = post(clerk_client, school, sheet(500))
    assert "giải nén" in " ".join(response.context["form"].errors["file"])
    assert "danvan_staff_preview" not in clerk_client.session


def test_it_refuses_more_rows_than_a_school_has_staff(clerk_client, school, monkeypatch):
    monkeypatch.setattr(services, "MAX_STAFF_ROWS", 50)
    response = post(clerk_client, school, sheet(51))
    assert "50" in " ".join(response.context["form"].errors["file"])
    assert "danvan_staff_preview" not in clerk_client.session
