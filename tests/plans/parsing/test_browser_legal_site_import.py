"""A plan copied from a legal-document website (boilerplate, `|` tables, `**` bold, hard wraps) imports whole."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from danvan.plans.models import Plan

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "school_plan_from_legal_site.txt"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_clerk_imports_a_plan_pasted_from_a_legal_site(page, live_server, personas):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("vanthu")
    page.get_by_label("Mật khẩu").fill(personas.password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/tong-quan/")

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Kế hoạch").click()
    page.get_by_role("link", name="Nhập kế hoạch từ tệp").click()
    page.get_by_label("Tệp kế hoạch").set_input_files(str(FIXTURE))
    page.get_by_role("button", name="Tải lên và xem trước").click()

    page.get_by_role("heading", name="Xem trước kế hoạch").first.wait_for()
    # The preview shows what it read in the fields the clerk may correct.
    expect(page.locator("#review-number input")).to_have_value("12/KH-THPTNK")
    expect(page.locator("#review-issuer input")).to_have_value("TRƯỜNG THPT NGUYỄN KHUYẾN")
    expect(page.locator("#review-parent_number input")).to_have_value("09/KH-SGDĐT")
    expect(page.locator("#review-parent_date input")).to_have_value("31/01/2025")
    assert page.locator("#preview-tasks tbody tr").count() == 3
    # Nothing of the site is left: no boilerplate, no table or bold marks in what the clerk reviews.
    body = page.locator("main").inner_text()
    for gone in ("Đang tải", "Số hiệu", "Bản quyền", "**", "|"):
        assert gone not in body
    page.get_by_role("button", name="Xác nhận lưu kế hoạch").click()

    page.locator("#tasks").wait_for()
    plan = Plan.objects.get()
    assert (plan.number, plan.symbol, plan.date) == (12, "KH-THPTNK", dt.date(2025, 2, 15))
    assert (plan.issuer, plan.parent_number, plan.parent_date) == (
        "TRƯỜNG THPT NGUYỄN KHUYẾN",
        "09/KH-SGDĐT",
        dt.date(2025, 1, 31),
    )
    assert plan.signer_name == "Nguyễn Văn An"
    assert [t.content[:25] for t in plan.tasks.order_by("order")] == [
        "Tuyên truyền các văn bản ",
        "Thực hiện quy chế dân chủ",
        "Tổ chức phong trào thi đu",
    ]
    assert page.locator("#tasks tbody tr").count() == 3
