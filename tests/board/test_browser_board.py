from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/tong-quan/")


def test_the_board_sends_a_recommendation_and_the_principal_answers_it(browser, live_server, personas, board_head):
    ctx = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = ctx.new_page()
    sign_in(page, live_server, "ttnd", personas.password)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Ban TTND").click()
    page.get_by_role("link", name="Gửi kiến nghị").click()
    page.get_by_label("Trích yếu").fill("Công khai bảng chấm công")
    page.get_by_label("Nội dung kiến nghị").fill("Đề nghị công khai tại phòng hội đồng.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã gửi kiến nghị; hạn trả lời")).to_be_visible()
    ctx.close()

    ctx = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = ctx.new_page()
    sign_in(page, live_server, "hieutruong", personas.password)
    panel = page.locator("#panel-board\\.principal")
    assert "Công khai bảng chấm công" in panel.inner_text() and "còn 1" in panel.inner_text()  # 15 or 16 days
    panel.get_by_role("link", name="Công khai bảng chấm công").click()
    page.get_by_role("textbox", name="Trả lời", exact=True).fill("Đã chỉ đạo công khai từ tuần sau.")
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.get_by_text("Đã trả lời kiến nghị.")).to_be_visible()
    expect(page.get_by_text("Đã chỉ đạo công khai từ tuần sau.").first).to_be_visible()
    ctx.close()
