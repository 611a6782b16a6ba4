"""In a real browser: the preview highlights the missing number and an ambiguous lead with their lines; the clerk
fixes both there, confirms, and the stored plan has what the clerk wrote."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from danvan.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "unsure_number_and_lead.txt"


def test_the_clerk_fixes_what_the_parser_was_unsure_of_in_the_preview(page, live_server, personas):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("vanthu")
    page.get_by_label("Mật khẩu").fill(personas.password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/tong-quan/")
    page.goto(f"{live_server.url}/ke-hoach/nhap/")
    page.get_by_label("Tệp kế hoạch").set_input_files(str(FIXTURE))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.get_by_role("heading", name="Xem trước kế hoạch").first.wait_for()

    # What the parser is unsure of is listed at the top and highlighted where it is corrected.
    unsure = page.locator("#unsure")
    expect(unsure.locator('[data-field="number"]')).to_contain_text("không tìm thấy trong văn bản")
    number = page.locator("#review-number")
    expect(number).to_have_class("field unsure")
    expect(number.get_by_label("Số, ký hiệu")).to_have_value("")
    lead_cell = page.locator('#task-2 td[data-field="lead"]')
    expect(lead_cell).to_have_class("unsure")
    expect(lead_cell).to_contain_text("có nhiều khả năng")
    expect(page.locator("#task-2 .source-line")).to_contain_text(
        "dòng 14: «2 Tổ chức hội nghị cán bộ, công chức, viên chức Hiệu trưởng hoặc Phó hiệu trưởng"
    )
    expect(page.locator('#task-1 td[data-field="lead"]')).not_to_have_class("unsure")

    number.get_by_label("Số, ký hiệu").fill("25/KH-THPTNK")
    lead = lead_cell.get_by_role("textbox", name="Chủ trì")
    expect(lead).to_have_value("Hiệu trưởng hoặc Phó hiệu trưởng")
    lead.fill("Phó hiệu trưởng")
    # A wrong date is caught on the preview, next to its field, and nothing is stored.
    page.locator("#review-date").get_by_label("Ngày ban hành").fill("31/02/2024")
    page.get_by_role("button", name="Xác nhận lưu kế hoạch").click()
    expect(page.locator("#review-date .field-error")).to_be_visible()
    assert not Plan.objects.exists()
    expect(page.locator("#review-number").get_by_label("Số, ký hiệu")).to_have_value("25/KH-THPTNK")
    page.locator("#review-date").get_by_label("Ngày ban hành").fill("18/09/2024")
    page.get_by_role("button", name="Xác nhận lưu kế hoạch").click()

    page.locator("#tasks").wait_for()
    plan = Plan.objects.get()
    assert page.url == f"{live_server.url}/ke-hoach/{plan.pk}/"
    assert plan.number_symbol == "25/KH-THPTNK" and plan.date.isoformat() == "2024-09-18"
    assert list(plan.tasks.order_by("order").values_list("lead", flat=True)) == ["Hiệu trưởng", "Phó hiệu trưởng"]
    expect(page.locator("#tasks").get_by_text("Phó hiệu trưởng", exact=True)).to_be_visible()
