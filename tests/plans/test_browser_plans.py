"""The clerk imports the seed plan in a real browser: upload, preview with four tasks, confirm, plan page."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from danvan.plans.models import Plan, Task
from tests.conftest import SEED_PLAN
from tests.plans.fixtures_plans import simple_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_clerk_uploads_the_seed_previews_and_confirms(page, live_server, personas):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("vanthu")
    page.get_by_label("Mật khẩu").fill(personas.password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/tong-quan/")

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Kế hoạch").click()
    page.get_by_role("link", name="Nhập kế hoạch từ tệp").click()
    page.get_by_label("Tệp kế hoạch").set_input_files(str(SEED_PLAN))
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


def test_the_timeline_month_labels_do_not_run_together_on_a_phone(browser, live_server, personas, school):
    calendar_year = simple_plan(school, tasks=4)
    school_year = Plan.objects.create(organisation=school, year=2020, title="Kế hoạch năm học 2020-2021")
    task = Task.objects.create(organisation=school, plan=school_year, content="Tổng kết", due_on=dt.date(2021, 5, 31))
    task.periods.create(start=dt.date(2020, 9, 1), end=dt.date(2021, 5, 31))
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill("hieutruong")
        page.get_by_label("Mật khẩu").fill(personas.password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server.url}/tong-quan/")
        for lang in ("vi", "en"):
            if lang == "en":
                page.goto(f"{live_server.url}/tong-quan/")
                with page.expect_navigation():
                    page.locator("#lang-select").select_option("en")
            for plan in (calendar_year, school_year):
                page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/tien-do/")
                labels = page.locator(".timeline .scale span")
                boxes = [b for b in (labels.nth(i).bounding_box() for i in range(labels.count())) if b and b["width"]]
                rows: dict[float, list[dict]] = {}
                for b in boxes:
                    rows.setdefault(round(b["y"]), []).append(b)
                assert sum(len(r) for r in rows.values()) >= 5  # quarters and (some) months are shown
                for row in rows.values():
                    row.sort(key=lambda b: b["x"])
                    for left, right in zip(row, row[1:], strict=False):
                        assert left["x"] + left["width"] + 2 <= right["x"], (lang, plan.year, left, right)
                # The page does not scroll sideways.
                assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert page.locator(".timeline .scale").first.inner_text().split() == ["Q4", "Q1", "Q2", "Oct", "Jan/21", "Apr"]
    finally:
        context.close()
