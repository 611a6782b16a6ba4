"""Walk the demo school as each role in a real browser: dashboard, navigation, every page the menu links to."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from danvan.core.context import acting_as
from danvan.core.registry import demo
from tests.db_snapshot import DatabaseSnapshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "danvan2026"

# role -> (dashboard panels that must be shown, navigation entries that must be there, entries that must not)
ROLES: dict[str, tuple[set[str], set[str], set[str]]] = {
    "hieutruong": (
        {"petitions-deadlines", "plans_tasks", "reports.due", "board.principal"},
        {"Tổng quan", "Kế hoạch", "Đơn thư", "Sổ tiếp công dân", "Ban TTND", "Báo cáo", "Tổ chức & nhân sự"},
        {"Tổng hợp các trường"},
    ),
    "vanthu": (
        {"petitions-deadlines", "plans_tasks", "reports.due"},
        {"Tổng quan", "Kế hoạch", "Đơn thư", "Sổ tiếp công dân", "Báo cáo"},
        {"Ban TTND", "Tổng hợp các trường"},
    ),
    "totruong": (
        {"reports.due"},
        {"Tổng quan", "Kế hoạch", "Việc của tôi"},
        {"Đơn thư", "Sổ tiếp công dân", "Ban TTND", "Tổng hợp các trường"},
    ),
    "ttnd": (
        {"board.head", "reports.due"},
        {"Tổng quan", "Ban TTND"},
        {"Đơn thư", "Sổ tiếp công dân", "Tổng hợp các trường"},
    ),
    "giaovien": (
        {"plans_my_tasks", "reports.due"},
        {"Tổng quan", "Kế hoạch", "Việc của tôi"},
        {"Đơn thư", "Sổ tiếp công dân", "Ban TTND", "Tổng hợp các trường"},
    ),
    "so.canbo": (
        {"petitions-deadlines", "reports.department"},
        {"Tổng quan", "Kế hoạch", "Báo cáo", "Tổng hợp các trường"},
        {"Ban TTND"},
    ),
}

# Text a user must never see: Python's None, booleans, template syntax left unrendered, raw choice codes.
LEAKS = re.compile(r"\bNone\b|\bTrue\b|\bFalse\b|\{\{|\}\}|\{%|%\}|\b[A-Z]{3,}_[A-Z_]{2,}\b")


@pytest.fixture(scope="module")
def demo_snapshot():
    snapshot = DatabaseSnapshot()
    yield snapshot
    snapshot.close()


def _load_demo() -> None:
    with acting_as(label="test"):
        demo.run()


@pytest.fixture
def demo_data(transactional_db, demo_snapshot):
    """Give each test the demo school, loaded once per module (on SQLite) and copied back for every test."""
    demo_snapshot.load(_load_demo)


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/tong-quan/")


def _visible_text_problems(page) -> list[str]:
    return sorted({m.group(0) for m in LEAKS.finditer(page.inner_text("body"))})


def test_each_role_sees_its_dashboard_panels_and_only_the_menu_it_may_use(page, live_server, demo_data):
    base = live_server.url
    for username, (panels, must_show, must_hide) in ROLES.items():
        page.context.clear_cookies()
        _sign_in(page, base, username)

        shown_panels = set(page.eval_on_selector_all("section.panel", "els => els.map(e => e.id.slice(6))"))
        assert panels <= shown_panels, f"{username}: missing dashboard panels {panels - shown_panels}"
        assert _visible_text_problems(page) == [], f"{username}: dashboard shows raw values"

        nav = page.get_by_role("navigation", name="Điều hướng chính")
        entries = dict(nav.locator("a").evaluate_all("els => els.map(e => [e.textContent.trim(), e.href])"))
        assert must_show <= set(entries), f"{username}: menu lacks {must_show - set(entries)}"
        assert not (must_hide & set(entries)), f"{username}: menu offers {must_hide & set(entries)}"

        for label, href in entries.items():
            response = page.goto(href)
            assert response is not None and response.status == 200, (
                f"{username}: {label} ({href}) answered {response and response.status}"
            )
            assert _visible_text_problems(page) == [], (
                f"{username}: {label} ({href}) shows {_visible_text_problems(page)}"
            )
            current = nav.locator("a[aria-current=page]").all_inner_texts()
            assert current == [label], f"{username}: on {label} the menu marks {current} as current"


def test_only_staff_managers_see_the_staff_import_button(page, live_server, demo_data):
    base = live_server.url
    for username, expected in (("giaovien", False), ("vanthu", True)):
        page.context.clear_cookies()
        _sign_in(page, base, username)
        page.goto(f"{base}/to-chuc/")
        page.get_by_role("link", name="Trường THPT Nguyễn Khuyến").first.click()
        page.wait_for_load_state()
        assert page.get_by_role("link", name="Nhập danh sách cán bộ").count() == (1 if expected else 0), username


def test_the_teacher_cannot_open_the_petition_queue(page, live_server, demo_data):
    base = live_server.url
    _sign_in(page, base, "giaovien")
    response = page.goto(f"{base}/don-thu/")
    assert response is not None and response.status == 403


def test_the_department_sees_the_aggregated_report_of_its_schools(page, live_server, demo_data):
    base = live_server.url
    _sign_in(page, base, "so.canbo")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Tổng hợp các trường").click()
    page.get_by_role("link", name="Báo cáo tổng hợp").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Báo cáo tổng hợp các trường")).to_be_visible()
    assert _visible_text_problems(page) == []


def test_the_public_pages_answer_without_an_account(page, live_server, demo_data):
    base = live_server.url
    for path in (
        "/don-thu/cong-khai/gui/",
        "/don-thu/cong-khai/gui/THPTNK/",
        "/don-thu/cong-khai/theo-doi/",
        "/ke-hoach/cong-khai/THPTNK/",
    ):
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, path
        assert "/tai-khoan/dang-nhap/" not in page.url, path
        assert _visible_text_problems(page) == [], path
        # A citizen who lands on any public page can find the petition form and the tracking page.
        menu = page.get_by_role("navigation", name="Điều hướng chính")
        assert menu.get_by_role("link", name="Gửi đơn").count() == 1, path
        assert menu.get_by_role("link", name="Tra cứu đơn đã gửi").count() == 1, path
