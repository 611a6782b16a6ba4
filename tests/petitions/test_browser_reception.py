"""In a real browser: the clerk plans the head's reception day, and a citizen sees it on the school's public page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from danvan.petitions.models import HeadReceptionDay
from danvan.workdays import services as wd
from tests.petitions.test_browser_petitions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_calendar(transactional_db):
    # The deadline rules a data migration seeded are there (tests/conftest.py's _seeded_rule_tables); the
    # per-process calendar must not remember another test's.
    wd.invalidate()


def test_the_clerk_plans_a_head_reception_day_and_the_public_page_shows_it(page, browser, live_server, personas):
    day = timezone.localdate() + dt.timedelta(days=10)
    clerk = sign_in(browser, live_server, "vanthu", personas.password)
    clerk.goto(f"{live_server.url}/don-thu/lich-tiep/")
    expect(clerk.get_by_role("status")).to_contain_text("Tháng chưa có lịch tiếp")
    clerk.get_by_label("Ngày tiếp").fill(day.isoformat())
    clerk.get_by_label("Từ giờ").fill("07:30")
    clerk.get_by_label("Đến giờ").fill("10:30")
    clerk.get_by_label("Địa điểm tiếp công dân").fill("Phòng tiếp công dân, nhà A")
    clerk.get_by_label("Người đứng đầu tiếp").select_option(label="Phạm Huy Hùng")
    clerk.get_by_label("Thành phần tham dự (được công khai)").fill("Chủ tịch Công đoàn trường")
    clerk.get_by_label("Dự kiến nội dung (được công khai; không ghi thông tin cá nhân)").fill("Các khoản thu")
    clerk.get_by_role("button", name="Lập lịch", exact=True).click()
    expect(clerk.locator("table")).to_contain_text("Phòng tiếp công dân, nhà A")
    assert HeadReceptionDay.objects.filter(date=day, organisation=personas.school).exists()
    clerk.get_by_label("Nơi tiếp công dân").fill("Phòng tiếp công dân, nhà A")
    clerk.get_by_label("Thời gian tiếp công dân thường xuyên").fill("Sáng thứ Ba hằng tuần")
    clerk.get_by_role("button", name="Công bố", exact=True).click()
    expect(clerk.get_by_text("Phòng tiếp công dân, nhà A — Sáng thứ Ba hằng tuần")).to_be_visible()

    # A citizen, not signed in, opens the school's public form and follows the link to the schedule.
    page.goto(f"{live_server.url}/don-thu/cong-khai/gui/{personas.school.code}/")
    page.get_by_role("link", name="Lịch tiếp công dân của Hiệu trưởng").click()
    expect(page.locator("h1")).to_have_text("Lịch tiếp công dân của người đứng đầu")
    schedule = page.locator("ul.schedule")
    expect(schedule).to_contain_text(f"{day:%d/%m/%Y}, 07:30–10:30")
    expect(schedule).to_contain_text("Phòng tiếp công dân, nhà A")
    expect(schedule).to_contain_text("Phạm Huy Hùng")
    expect(schedule).to_contain_text("Chủ tịch Công đoàn trường")
    expect(page.get_by_text("Sáng thứ Ba hằng tuần")).to_be_visible()
    clerk.context.close()
