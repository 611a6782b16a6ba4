"""In a real browser: a unit's year-end evaluation is entered, finalised by the principal and appears in the annual
report; a Department-level award proposed by the school is decided by the Sở (issue #12)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from danvan.emulation import services
from danvan.emulation.choices import RewardForm, RewardKind
from danvan.org.choices import Position
from danvan.org.models import Membership, Organisation, Person
from danvan.reports.models import ReportObligation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/tong-quan/")


def test_a_year_end_unit_evaluation_is_finalised_and_appears_in_the_annual_report(browser, live_server, personas):
    obligation = ReportObligation.objects.create(
        organisation=personas.school,
        kind="nam",
        title="Kết quả thực hiện công tác dân vận năm 2026",
        period_start=dt.date(2025, 12, 15),
        period_end=dt.date(2026, 12, 14),
        due=dt.date(2099, 12, 10),
        recipient=personas.department,
    )
    page = browser.new_page(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page.set_default_timeout(20000)
    sign_in(page, live_server, "hieutruong", personas.password)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Đánh giá đơn vị").click()
    page.get_by_label("Năm").fill("2026")
    page.get_by_label("Kỳ").select_option(label="Tổng kết năm")
    page.get_by_role("button", name="Xem").click()
    page.locator("#unit-evaluations tr", has_text="Công đoàn").get_by_role("link", name="Lập phiếu tự đánh giá").click()
    for i, (_name, points) in enumerate(services.unit_criteria(personas.school)):
        page.locator(f"#id_c{i}").fill(str(points - 2))
    page.get_by_label("Hạn chế, tồn tại").fill("Chưa tổ chức đối thoại định kỳ với người lao động.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#ue-total")).to_have_text("90/100")
    page.get_by_role("button", name="Gửi Hiệu trưởng").click()
    page.locator("#ue-rating-select").select_option(label="Hoàn thành tốt nhiệm vụ")
    page.get_by_label("Nhận xét của Hiệu trưởng").fill("Công đoàn phối hợp tốt.")
    page.get_by_role("button", name="Xếp loại", exact=True).click()
    expect(page.locator("#ue-rating")).to_contain_text("Hoàn thành tốt nhiệm vụ")

    page.goto(f"{live_server.url}/bao-cao/{obligation.pk}/")
    page.get_by_role("button", name="Tổng hợp báo cáo").click()
    page.get_by_role("heading", name="Kết quả đạt được").wait_for()
    table = page.locator("table", has=page.get_by_text("Nhận xét của Hiệu trưởng"))
    expect(page.get_by_text("Tổng kết công tác dân vận của các tổ chức, bộ phận")).to_be_visible()
    expect(table.locator("tr", has_text="Công đoàn")).to_contain_text("Hoàn thành tốt nhiệm vụ")
    page.close()


def test_a_department_level_award_is_decided_by_the_department(browser, live_server, personas):
    school = personas.school
    director = get_user_model().objects.create_user("giamdoc", "gd@example.invalid", personas.password)
    Membership.objects.create(
        person=Person.objects.create(organisation=personas.department, full_name="Giám Đốc", user=director),
        organisation=personas.department,
        position=Position.LANH_DAO_SO,
    )
    campaign = services.create_campaign(school, actor=personas.principal, title="Dân vận khéo năm 2026", year=2026)
    proposal = services.propose_reward(
        campaign,
        school,
        actor=personas.principal,
        kind=RewardKind.COLLECTIVE,
        unit=Organisation.objects.get(parent=school, code="DOAN"),
        form=RewardForm.DIRECTOR_CERT,
        reason="Mô hình thanh niên tình nguyện tiêu biểu",
    )
    page = browser.new_page(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page.set_default_timeout(20000)
    sign_in(page, live_server, "hieutruong", personas.password)
    page.goto(f"{live_server.url}/thi-dua/khen-thuong/{proposal.pk}/")
    expect(page.get_by_text("Giám đốc Sở quyết định")).to_be_visible()
    expect(page.get_by_role("button", name="Duyệt")).to_have_count(0)
    page.context.clear_cookies()

    sign_in(page, live_server, "giamdoc", personas.password)
    page.goto(f"{live_server.url}/thi-dua/khen-thuong/{proposal.pk}/")
    page.get_by_label("Số quyết định").fill("125/QĐ-SGDĐT")
    page.get_by_role("button", name="Duyệt", exact=True).click()
    expect(page.get_by_text("Đã duyệt").first).to_be_visible()
    proposal.refresh_from_db()
    assert proposal.status == "duyet" and proposal.decided_by == director
    page.close()
