"""In a real browser: a citizen opens a published plan's public page and downloads its PDF."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.plans.fixtures_plans import publish, simple_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_downloads_the_published_plan_as_pdf(page, live_server, school):
    cache.clear()
    plan = simple_plan(school, year=2026, recipients=["Sở GD&ĐT Hải Phòng;", "Đăng Website;", "Lưu: VT."])
    publish(plan)
    page.goto(f"{live_server.url}/ke-hoach/cong-khai/{school.code}/")
    page.get_by_role("link", name=plan.title).click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải kế hoạch (PDF)").click()
    download = info.value
    assert download.suggested_filename == f"ke-hoach-{school.code}-2026-{plan.pk}.pdf"
    with open(download.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"
