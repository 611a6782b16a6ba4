"""The clerk uploads the seed a second time in a real browser: the import is refused, naming and linking the plan."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from danvan.plans import services
from danvan.plans.models import Plan
from tests.conftest import SEED_PLAN
from tests.plans.fixtures_plans import SEED_NAME, publish, seed_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_second_import_of_the_published_plan_is_refused_with_a_link_to_it(page, live_server, personas):
    raw = seed_bytes()
    preview = services.preview_import(raw, SEED_NAME, personas.school)
    with SEED_PLAN.open("rb") as fh:
        first = publish(
            services.import_plan(
                preview.data, organisation=personas.school, actor=personas.clerk, source_file=fh, source_name=SEED_NAME
            )
        )

    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("vanthu")
    page.get_by_label("Mật khẩu").fill(personas.password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/tong-quan/")

    page.goto(f"{live_server.url}/ke-hoach/nhap/")
    page.get_by_label("Tệp kế hoạch").set_input_files(str(SEED_PLAN))
    page.get_by_role("button", name="Tải lên và xem trước").click()

    refusal = page.locator("#duplicate")
    expect(refusal).to_be_visible()
    expect(refusal.get_by_role("heading")).to_have_text("Kế hoạch này đã có — không nhập lại")
    expect(refusal).to_contain_text("01/KH-THPTNK")
    expect(refusal).to_contain_text("Thực hiện công tác dân vận năm 2023")
    expect(page.get_by_role("button", name="Xác nhận lưu kế hoạch")).to_have_count(0)

    refusal.get_by_role("link", name="Mở kế hoạch đã có").click()
    page.wait_for_url(f"{live_server.url}/ke-hoach/{first.pk}/")
    expect(page.locator("h1")).to_contain_text("Thực hiện công tác dân vận năm 2023")
    assert Plan.objects.count() == 1
