"""In a real browser: an administrator adds a day off from the calendar page; the petition shows why its deadline moved."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from danvan.petitions.choices import Kind
from tests.petitions.factories import day, local_dt, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/tong-quan/")


def test_an_administrator_adds_a_day_off_and_the_petition_page_says_why(page, live_server, personas):
    with time_machine.travel(local_dt("2026-11-18 09:00"), tick=False):
        petition = register(
            personas.school, personas.principal, kind=Kind.KHIEU_NAI, received_at=local_dt("2026-11-18 09:00")
        )
    assert petition.due_on == day("2026-11-30")  # 07 working days, Tuesday 24/11 off (NQ 28/2026/QH16)
    principal = personas.principal
    principal.is_superuser = True
    principal.save(update_fields=["is_superuser"])

    sign_in(page, live_server, principal.username, personas.password)
    page.goto(f"{live_server.url}/lich/nam/2026/")
    row = page.get_by_role("row").filter(has_text="24/11/2026")
    expect(row).to_contain_text("Ngày Văn hóa Việt Nam")
    expect(row).to_contain_text("NQ 28/2026/QH16")
    expect(page.locator("tr.wd-extra-row").filter(has_text="10/01/2026")).to_contain_text("CV 12729/VPCP-KGVX")

    page.get_by_role("link", name="Thêm ngày nghỉ hoặc ngày làm bù").click()
    page.locator("input[name=date]").fill("26/11/2026")
    page.locator("select[name=kind]").select_option("nghi")
    page.locator("input[name=name]").fill("Nghỉ do bão")
    page.locator("input[name=document]").fill("QĐ 99/QĐ-UBND")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist, .success").first).to_be_visible()

    page.goto(f"{live_server.url}{_detail_url(petition)}")
    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text("Hạn 30/11/2026 → 01/12/2026")
    expect(timeline).to_contain_text("do ngày 26/11/2026 chuyển thành ngày nghỉ — Nghỉ do bão (QĐ 99/QĐ-UBND)")


def _detail_url(petition):
    return reverse("petitions:detail", args=[petition.pk])
