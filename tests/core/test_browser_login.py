from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_principal_signs_in_and_sees_the_dashboard(page, live_server, personas):
    page.goto(f"{live_server.url}/")
    assert "Đăng nhập" in page.title()
    page.get_by_label("Tên đăng nhập").fill("hieutruong")
    page.get_by_label("Mật khẩu").fill(personas.password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/tong-quan/")
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()
    expect(page.get_by_text("Trường THPT Nguyễn Khuyến").first).to_be_visible()
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    expect(nav.get_by_role("link", name="Tổ chức & nhân sự")).to_be_visible()


def test_a_wrong_password_shows_an_error_summary(page, live_server, personas):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("hieutruong")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    alert = page.get_by_role("alert")
    assert "không đúng" in alert.inner_text()


def test_the_layout_works_on_a_phone(browser, live_server, personas):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("hieutruong")
    page.get_by_label("Mật khẩu").fill(personas.password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/tong-quan/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 380, "the page must not scroll sideways on a phone"
    toggle = page.get_by_role("button", name="Danh mục")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    context.close()
