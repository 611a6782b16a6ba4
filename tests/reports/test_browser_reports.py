"""The clerk compiles the 6-month report in a real browser, the principal signs and sends it, the Department sees it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from danvan.plans.models import Plan, Task, TaskPeriod
from danvan.reports.models import ReportObligation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username, password):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/tong-quan/")


def test_compile_sign_submit_and_the_department_matrix(browser, live_server, personas, tmp_path):
    obligation = ReportObligation.objects.create(
        organisation=personas.school,
        kind="6_thang",
        title="Kết quả thực hiện công tác dân vận 6 tháng đầu năm 2023",
        period_start=dt.date(2022, 12, 15),
        period_end=dt.date(2023, 6, 14),
        due=dt.date(2099, 6, 15),
        recipient=personas.department,
    )
    page = browser.new_page(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page.set_default_timeout(20000)
    page.on("dialog", lambda d: d.accept())
    _login(page, live_server, "vanthu", personas.password)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Báo cáo").click()
    page.get_by_role("link", name=obligation.title).click()
    page.get_by_role("button", name="Tổng hợp báo cáo").click()
    page.get_by_role("heading", name="Kết quả đạt được").wait_for()
    expect(page.get_by_role("link", name="Word (.docx)")).to_be_visible()
    page.screenshot(path=str(tmp_path / "detail.png"), full_page=True)
    page.context.clear_cookies()

    _login(page, live_server, "hieutruong", personas.password)
    page.goto(f"{live_server.url}/bao-cao/{obligation.pk}/")
    page.get_by_role("button", name="Duyệt, ký").click()
    page.get_by_role("button", name="Gửi Sở").click()
    page.get_by_text("Đã gửi đúng hạn").first.wait_for()
    page.context.clear_cookies()

    _login(page, live_server, "canboso", personas.password)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Tổng hợp các trường").click()
    page.locator("table.matrix").wait_for()
    expect(page.locator("table.matrix").get_by_text(personas.school.name)).to_be_visible()
    page.locator("table.matrix").get_by_role("link", name="Đã gửi đúng hạn").click()
    page.get_by_label("Ý kiến (bắt buộc khi trả lại)").fill("Bổ sung số liệu tiếp công dân")
    page.get_by_role("button", name="Trả lại").click()
    page.get_by_text("Bổ sung số liệu tiếp công dân").first.wait_for()
    obligation.refresh_from_db()
    assert obligation.status == "returned"
    page.close()


def test_a_task_done_earlier_but_entered_today_counts_in_the_report_of_its_period(browser, live_server, personas):
    today = timezone.localdate()
    done_on = today - dt.timedelta(days=10)
    plan = Plan.objects.create(
        organisation=personas.school,
        year=done_on.year,
        status="published",
        title=f"Kế hoạch công tác dân vận năm {done_on.year}",
    )
    task = Task.objects.create(
        organisation=personas.school,
        plan=plan,
        order=1,
        no="1",
        lead="Hiệu trưởng",
        content="Xây dựng kế hoạch công tác dân vận",
        due_on=done_on,
    )
    TaskPeriod.objects.create(task=task, start=dt.date(done_on.year, 1, 1), end=done_on)
    # The report's data stop yesterday: work entered today without its date would miss it.
    obligation = ReportObligation.objects.create(
        organisation=personas.school,
        kind="nam",
        title="Kết quả thực hiện công tác dân vận năm",
        period_start=dt.date(done_on.year, 1, 1),
        period_end=today - dt.timedelta(days=1),
        due=today + dt.timedelta(days=3),
        recipient=personas.department,
    )
    page = browser.new_page(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page.set_default_timeout(20000)
    _login(page, live_server, "vanthu", personas.password)
    page.goto(f"{live_server.url}/ke-hoach/nhiem-vu/{task.pk}/")
    page.get_by_label("Tình trạng").select_option(label="Hoàn thành")
    page.get_by_label("Tiến độ (%)").fill("100")
    page.get_by_label("Ngày thực hiện").fill(done_on.isoformat())
    page.get_by_role("button", name="Gửi cập nhật").click()
    page.get_by_text("Đã cập nhật tiến độ").wait_for()
    expect(page.get_by_text(f"hoàn thành ngày {done_on:%d/%m/%Y}")).to_be_visible()
    page.goto(f"{live_server.url}/bao-cao/{obligation.pk}/")
    page.get_by_role("button", name="Tổng hợp báo cáo").click()
    page.get_by_role("heading", name="Kết quả đạt được").wait_for()
    expect(page.get_by_text("đã hoàn thành 1 nhiệm vụ").first).to_be_visible()
    page.close()
