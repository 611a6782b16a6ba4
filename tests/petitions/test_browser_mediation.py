"""In a real browser: the principal records a mediation held at the school and sees it in the register's figures."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from danvan.org.models import Person
from danvan.petitions import services
from tests.petitions.test_browser_petitions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_recorded_case_appears_in_the_register_and_its_figures(browser, live_server, personas):
    cache.clear()
    staff = list(Person.objects.filter(organisation=personas.school))
    services.save_mediation_group(personas.school, actor=personas.principal, name="Tổ hòa giải Ban TTND", members=staff)
    page = sign_in(browser, live_server, "hieutruong", personas.password)
    page.goto(f"{live_server.url}/don-thu/hoa-giai/")
    page.get_by_role("link", name="Ghi vụ việc hòa giải").click()
    page.get_by_label("Vụ việc").first.fill("Hai học sinh lớp 10A1 xô xát, phụ huynh đến trường phản ánh")
    page.get_by_role("textbox", name="Các bên", exact=True).fill("Phụ huynh em Minh; phụ huynh em Long")
    page.get_by_label("Ngày hòa giải").fill("2026-12-04")
    page.get_by_label("Tổ hòa giải").select_option(label="Tổ hòa giải Ban TTND")
    page.get_by_label("Kết quả").select_option("thanh")
    page.get_by_label("Nội dung thỏa thuận").fill("Hai gia đình thống nhất, các em xin lỗi nhau.")
    page.get_by_role("button", name="Ghi vào sổ").click()
    page.get_by_text("vào sổ hòa giải").wait_for()
    stats = page.locator("section[aria-labelledby='mediation-stats']")
    assert stats.get_by_role("row", name="Hòa giải thành").locator("td").inner_text() == "1"
    assert page.locator("#mediation-total").inner_text() == "1"
    row = page.get_by_role("row").filter(has_text="xô xát")
    assert "Phụ huynh em Minh" in row.inner_text() and "Hòa giải thành" in row.inner_text()
    page.context.close()
