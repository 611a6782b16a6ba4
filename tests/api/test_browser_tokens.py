"""In a real browser: create a token on the page, call the API with it, revoke it after confirming."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _me(base: str, key: str) -> int:
    request = urllib.request.Request(f"{base}/api/v1/me", headers={"Authorization": f"Bearer {key}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            assert json.loads(response.read())["username"] == "giaovien"
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_a_teacher_creates_uses_and_revokes_a_token(page, live_server, personas):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next=/api/tokens/")
    page.get_by_label("Tên đăng nhập").fill("giaovien")
    page.get_by_label("Mật khẩu").fill(personas.password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/api/tokens/")
    page.get_by_label("Tên gợi nhớ").fill("Bảng tính của tổ")
    page.get_by_label("Thời hạn").select_option("30")
    page.get_by_role("button", name="Tạo khóa").click()
    key = page.get_by_label("Khóa API").input_value()
    assert re.fullmatch(r"dv_[A-Za-z0-9_\-]{43}", key)
    assert _me(live_server.url, key) == 200

    page.get_by_role("link", name="Thu hồi").click()
    assert "không thể hoàn tác" in page.content()
    page.get_by_role("button", name="Thu hồi khóa").click()
    page.wait_for_url(f"{live_server.url}/api/tokens/")
    expect(page.get_by_text("Đã thu hồi").first).to_be_visible()
    assert key not in page.content()
    assert _me(live_server.url, key) == 401
