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


def test_a_teacher_sends_a_concern_and_sees_the_principals_answer(browser, live_server, personas):
    ctx = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = ctx.new_page()
    sign_in(page, live_server, "giaovien", personas.password)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Kiến nghị của tôi").click()
    page.get_by_role("link", name="Gửi kiến nghị, phản ánh").click()
    page.get_by_label("Tiêu đề").fill("Phòng học bộ môn cho tổ Toán")
    page.get_by_label("Nội dung kiến nghị, phản ánh").fill("Đề nghị bố trí phòng có máy chiếu cho học kỳ II.")
    page.get_by_label("Gửi tới").select_option(label="Hiệu trưởng")
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_text("Đã gửi kiến nghị; hạn trả lời")).to_be_visible()
    expect(page.get_by_text("Chưa có trả lời.")).to_be_visible()
    ctx.close()

    ctx = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = ctx.new_page()
    sign_in(page, live_server, "hieutruong", personas.password)
    panel = page.locator("#panel-board\\.concerns")
    panel.get_by_role("link", name="Phòng học bộ môn cho tổ Toán").click()
    page.get_by_label("Kết quả gửi người kiến nghị").fill("Nhà trường bố trí phòng 204 từ học kỳ II.")
    page.get_by_role("button", name="Ghi kết quả").click()
    expect(page.get_by_text("Đã ghi kết quả gửi người kiến nghị.")).to_be_visible()
    ctx.close()

    ctx = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = ctx.new_page()
    sign_in(page, live_server, "giaovien", personas.password)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Kiến nghị của tôi").click()
    expect(page.locator("#my-concerns").get_by_text("Đã gửi kết quả")).to_be_visible()
    page.get_by_role("link", name="Phòng học bộ môn cho tổ Toán").click()
    expect(page.locator("#answer")).to_contain_text("Nhà trường bố trí phòng 204 từ học kỳ II.")
    ctx.close()
