"""The clerk imports the seed plan in a real browser: upload, preview with four tasks, confirm, plan page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from danvan.plans.models import Plan
from tests.plans.fixtures_plans import SEED_NAME

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_clerk_uploads_the_seed_previews_and_confirms(page, live_server, personas, shared):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("vanthu")
    page.get_by_label("Mật khẩu").fill(personas.password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/tong-quan/")

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Kế hoạch").click()
    page.get_by_role("link", name="Nhập kế hoạch từ tệp").click()
    page.get_by_label("Tệp kế hoạch").set_input_files(str(shared / "seed" / SEED_NAME))
    page.get_by_role("button", name="Tải lên và xem trước").click()

    page.get_by_role("heading", name="Xem trước kế hoạch").first.wait_for()
    assert page.locator("#preview-tasks tbody tr").count() == 4
    expect(page.get_by_role("heading", name="4 nhiệm vụ")).to_be_visible()
    page.get_by_label("Bộ phận giúp việc").check()
    assert not Plan.objects.exists()
    page.get_by_role("button", name="Xác nhận lưu kế hoạch").click()

    page.locator("#tasks").wait_for()
    plan = Plan.objects.get()
    assert page.url == f"{live_server.url}/ke-hoach/{plan.pk}/"
    assert page.locator("#tasks tbody tr").count() == 4
    expect(page.get_by_text("Đã nhập kế hoạch với 4 nhiệm vụ")).to_be_visible()
    expect(page.locator("#tasks").get_by_text("Các tổ CM")).to_be_visible()
    assert plan.tasks.get(order=3).units.filter(name="Bộ phận giúp việc").exists()
