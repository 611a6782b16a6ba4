"""In a real browser: the principal finds a parent by phone, sees the open case refused, erases the closed one."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.cache import cache
from playwright.sync_api import expect

from danvan.petitions.choices import State
from danvan.petitions.models import PetitionIdentity
from danvan.workdays import services as wd
from tests.petitions.factories import advance, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _seeded(transactional_db):
    importlib.import_module("danvan.workdays.migrations.0002_seed_rules_and_official_changes").seed(apps, None)
    wd.invalidate()
    cache.clear()


def test_the_principal_answers_an_erasure_request(browser, live_server, personas):
    principal = personas.principal
    open_case = register(personas.school, principal)
    closed_case = register(personas.school, principal)
    advance(closed_case, State.CLOSED, principal=principal)

    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("hieutruong")
    page.get_by_label("Mật khẩu").fill(personas.password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/tong-quan/")

    page.get_by_role("link", name="Dữ liệu cá nhân").first.click()
    page.get_by_role("heading", name="Yêu cầu của chủ thể dữ liệu").wait_for()
    page.get_by_label("Số điện thoại").fill("0912.345.678")
    page.get_by_role("main").get_by_role("button", name="Tìm").click()  # the top bar has its own search

    open_row = page.locator(f"tr[data-petition='{open_case.tracking_code}']")
    expect(open_row).to_contain_text("Không được xóa")
    expect(open_row).to_contain_text("đang được giải quyết")
    closed_row = page.locator(f"tr[data-petition='{closed_case.tracking_code}']")
    closed_row.get_by_role("link", name="Xóa dữ liệu cá nhân…").click()

    page.get_by_role("button", name="Xóa dữ liệu cá nhân").click()
    expect(page.locator(".field-error")).to_contain_text("Đánh dấu ô xác nhận trước khi xóa.")
    page.get_by_label("Tôi xác nhận người yêu cầu đã được xác minh").check()
    page.get_by_role("button", name="Xóa dữ liệu cá nhân").click()
    expect(page.get_by_text("Đã xóa danh tính và ẩn danh nội dung đơn")).to_be_visible()

    assert PetitionIdentity.objects.get(petition=closed_case).full_name == ""
    assert PetitionIdentity.objects.get(petition=open_case).full_name == "Nguyễn Thị Hoa"
    context.close()
