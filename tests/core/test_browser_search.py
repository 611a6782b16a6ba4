"""In a real browser: the principal types a petition's code in the top bar's search box and opens the petition."""

from __future__ import annotations

import pytest

from danvan.petitions.choices import Kind
from tests.petitions.factories import register
from tests.petitions.test_browser_petitions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_top_bar_search_finds_a_petition_by_code(browser, live_server, personas):
    petition = register(personas.school, personas.principal, kind=Kind.KIEN_NGHI)
    page = sign_in(browser, live_server, "hieutruong", personas.password)
    box = page.get_by_role("search", name="Tìm trong hệ thống").get_by_role("searchbox")
    box.fill(petition.tracking_code.replace("-", "").lower())  # as a citizen reads it out on the phone
    box.press("Enter")
    results = page.get_by_role("region", name="Đơn thư")
    link = results.get_by_role("link", name=petition.tracking_code)
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/don-thu/{petition.pk}/")
    assert petition.tracking_code in page.locator("h1").inner_text()
    page.context.close()
