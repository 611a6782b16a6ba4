"""In Chromium, with the Content-Security-Policy on: no page breaks and the private link keeps its secret local."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from danvan.petitions import services
from danvan.petitions.choices import Kind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch(page):
    """Collect the policy violations the page reports, and every URL it requests."""
    violations, urls = [], []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: urls.append(r.url))
    return violations, urls


def sign_in(page, live_server, personas):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("hieutruong")
    page.get_by_label("Mật khẩu").fill(personas.password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/tong-quan/")


def test_pages_with_inline_styles_scripts_and_handlers_work_under_the_policy(page, live_server, personas):
    violations, _urls = watch(page)
    sign_in(page, live_server, personas)
    # The register prints with a nonce'd <style>; the reception form runs the nonce'd duplicate-search script.
    page.goto(live_server.url + reverse("petitions:register_petitions"))
    page.goto(live_server.url + reverse("petitions:petition_create"))
    assert page.evaluate("document.querySelectorAll('script[nonce]').length") >= 1
    # The language switch submits on change through danvan.js (it had an inline onchange handler).
    page.get_by_label("Ngôn ngữ").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Language").select_option("vi")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    assert violations == []


def test_the_private_link_opens_the_status_page_without_sending_its_secret(page, live_server, personas):
    registered = services.register_petition(
        personas.school,
        actor=personas.clerk,
        subject="Phản ánh",
        channel="letter",
        kind=Kind.PHAN_ANH,
        content="Nhà xe của trường bị dột, đề nghị sửa.",
        identity={"full_name": "Nguyễn Thị Hoa"},
    )
    code = registered.petition.tracking_code
    violations, urls = watch(page)
    page.goto(f"{live_server.url}{reverse('petitions:public_track_link')}#{code}:{registered.secret}")
    page.wait_for_url(re.compile(re.escape(reverse("petitions:public_status", args=[code])) + "$"))
    expect(page.locator("[data-stage]")).to_be_visible()
    assert not [u for u in urls if registered.secret in u]  # no request line carried it
    assert registered.secret not in page.evaluate("window.location.href")
    assert violations == []


def test_the_admin_and_the_api_docs_work_under_the_policy(page, live_server, personas, django_user_model):
    django_user_model.objects.create_superuser("quantri", "quantri@example.invalid", personas.password)
    violations, _urls = watch(page)
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill(personas.password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/tong-quan/")
    page.goto(f"{live_server.url}/quan-tri/core/user/add/")
    expect(page.locator("#user_form")).to_be_visible()
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.locator(".swagger-ui .info")).to_be_visible()
    assert violations == []
