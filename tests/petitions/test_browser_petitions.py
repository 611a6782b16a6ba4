"""End to end in a real browser: a parent's complaint from the public form to the reply, and a protected denunciation."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection

from danvan.core.models import AuditEvent
from danvan.petitions import duplicates, services
from danvan.petitions.choices import Kind, State
from danvan.petitions.models import Petition
from danvan.workdays import services as wd
from tests.petitions.factories import advance, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_forms(settings, transactional_db):
    # The public form refuses submissions made under 3 s after display; a script types faster than that.
    settings.DANVAN_PETITION_MIN_SECONDS = 0
    # The deadline rules a data migration seeded are there: tests/conftest.py's _seeded_rule_tables sees to it.
    wd.invalidate()
    cache.clear()


def sign_in(browser, live_server, username, password):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/tong-quan/")
    return page


def submit_public(page, live_server, *, kind_label, content, name, phone):
    page.goto(f"{live_server.url}/don-thu/cong-khai/gui/")
    page.get_by_role("link", name="Trường THPT Nguyễn Khuyến").click()
    page.get_by_label(re.compile(kind_label)).check()
    page.get_by_label("Nội dung đơn").fill(content)
    page.get_by_label("Họ và tên").fill(name)
    page.get_by_label("Số điện thoại").fill(phone)
    page.get_by_role("button", name="Gửi đơn").click()
    page.get_by_role("heading", name="Nhà trường đã nhận đơn của bạn").wait_for()
    code = page.locator("[data-tracking-code]").inner_text().strip()
    link = page.locator("[data-secret-link]").get_attribute("href")
    return code, link


def open_action(page, action):
    page.locator(f"details[data-action='{action}'] > summary").click()
    return page.locator(f"details[data-action='{action}'] form")


def test_a_parents_complaint_goes_from_the_form_to_the_reply(page, browser, live_server, personas):
    # (1) The parent sends a complaint on the public form, on a phone-sized screen.
    page.set_viewport_size({"width": 390, "height": 844})
    code, link = submit_public(
        page,
        live_server,
        kind_label="Khiếu nại —",
        content="Con tôi là em Trần Minh Khoa lớp 11A2 bị hạ hạnh kiểm mà không được giải thích. Đề nghị xem xét lại.",
        name="Trần Văn Quang",
        phone="0912 345 678",
    )
    petition = Petition.objects.get(tracking_code=code)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải giấy biên nhận (PDF)").click()
    assert download.value.suggested_filename == f"bien-nhan-{code}.pdf"

    # (2) The clerk sees it in the queue; the principal classifies it and decides to accept it.
    clerk = sign_in(browser, live_server, "vanthu", personas.password)
    clerk.goto(f"{live_server.url}/don-thu/")
    clerk.get_by_role("link", name=code).click()
    assert "Trần Văn Quang" not in clerk.content()
    principal = sign_in(browser, live_server, "hieutruong", personas.password)
    asked = []  # final decisions are confirmed in the browser before they are sent
    principal.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    principal.goto(f"{live_server.url}/don-thu/{petition.pk}/")
    form = open_action(principal, "classify")
    form.get_by_label("Loại đơn").select_option("khieu-nai")
    form.get_by_role("button", name="Phân loại đơn").click()
    principal.get_by_text("Đã ghi: Phân loại đơn.").wait_for()
    form = open_action(principal, "accept")
    form.get_by_label("Giao cán bộ xử lý").select_option(label="Phạm Huy Hùng")
    form.get_by_role("button", name="Thụ lý").click()
    principal.get_by_text("Đã ghi: Thụ lý.").wait_for()

    # (3) The handler records a mediation, resolves, sends the decision and replies.
    form = open_action(principal, "record-mediation")
    form.get_by_label("Ngày hòa giải").fill("2026-11-27")
    form.get_by_label("Kết quả").select_option("thanh")
    form.get_by_label("Thành phần").fill("Phụ huynh, giáo viên chủ nhiệm, Ban TTND")
    form.get_by_label("Nội dung thỏa thuận").fill("Nhà trường họp lại hội đồng xếp loại hạnh kiểm.")
    form.get_by_role("button", name="Ghi biên bản hòa giải").click()
    principal.get_by_text("Đã ghi: Ghi biên bản hòa giải.").wait_for()
    # No complaint decision without a recorded verification result (Luật KN Điều 29).
    form = open_action(principal, "start-verification")
    form.get_by_role("button", name="Bắt đầu xác minh").click()
    principal.get_by_text("Đã ghi: Bắt đầu xác minh.").wait_for()
    form = open_action(principal, "record-verification")
    form.get_by_role("textbox", name="Kết quả xác minh").fill("Hạnh kiểm bị hạ khi chưa họp hội đồng.")
    form.get_by_role("button", name="Ghi kết quả xác minh").click()
    principal.get_by_text("Đã ghi: Ghi kết quả xác minh.").wait_for()
    form = open_action(principal, "resolve")
    form.get_by_label("Tóm tắt kết quả giải quyết").fill("Điều chỉnh lại hạnh kiểm sau hòa giải.")
    form.get_by_label("Kết luận khiếu nại").select_option("dung")
    form.get_by_label("Xử lý quyết định, hành vi bị khiếu nại").select_option("sua-doi")
    form.get_by_role("button", name="Ban hành quyết định/kết luận").click()
    principal.get_by_text("Đã ghi: Ban hành quyết định/kết luận.").wait_for()
    form = open_action(principal, "send-decision")
    form.get_by_role("button", name="Gửi quyết định/kết luận").click()
    principal.get_by_text("Đã ghi: Gửi quyết định/kết luận.").wait_for()
    form = open_action(principal, "reply")
    form.get_by_role("textbox").fill("Nhà trường đã điều chỉnh hạnh kiểm của em Trần Minh Khoa. Xin cảm ơn phụ huynh.")
    form.get_by_role("button", name="Trả lời công dân").click()
    principal.get_by_text("Đã ghi: Trả lời công dân.").wait_for()
    assert [m.split("”")[0].lstrip("“") for m in asked] == [
        "Thụ lý",
        "Ban hành quyết định/kết luận",
        "Gửi quyết định/kết luận",
        "Trả lời công dân",
    ]

    # (4) The parent opens the secret link and reads the reply (the student's name masked).
    page.goto(link)
    page.get_by_role("heading", name=re.compile("Trả lời của nhà trường")).wait_for()
    reply = page.locator("[data-reply]").inner_text()
    assert "điều chỉnh hạnh kiểm" in reply and "Trần Minh Khoa" not in reply
    assert "Trần Văn Quang" not in page.content()
    page.get_by_label("Hài lòng", exact=True).check()
    page.get_by_role("button", name="Gửi ý kiến").click()
    page.get_by_text("Cảm ơn bạn đã cho ý kiến.").wait_for()
    petition.refresh_from_db()
    assert petition.state == "replied" and petition.satisfaction == "satisfied"
    assert petition.mediations.filter(outcome="thanh").exists()


def test_a_denouncers_identity_is_seen_only_by_the_handler_and_the_look_is_audited(
    page, browser, live_server, personas
):

    code, link = submit_public(
        page,
        live_server,
        kind_label="Tố cáo —",
        content="Tôi tố cáo giáo viên bộ môn thu tiền học thêm bắt buộc trong giờ chính khóa.",
        name="Đỗ Thị Hạnh",
        phone="0987 654 321",
    )
    petition = Petition.objects.get(tracking_code=code)
    services.assign(petition, personas.clerk.person, actor=personas.principal)

    # The public status page shows no identity.
    page.goto(link)
    page.locator("[data-stage]").wait_for()
    assert "Đỗ Thị Hạnh" not in page.content() and "0987" not in page.content()

    # A teacher cannot open the file nor the identity.
    teacher = sign_in(browser, live_server, "giaovien", personas.password)
    response = teacher.goto(f"{live_server.url}/don-thu/{petition.pk}/")
    assert response.status == 403
    assert "Đỗ Thị Hạnh" not in teacher.content()

    # The assigned handler sees the masked file, then reveals the identity on purpose.
    handler = sign_in(browser, live_server, "vanthu", personas.password)
    handler.goto(f"{live_server.url}/don-thu/{petition.pk}/")
    assert "Đỗ Thị Hạnh" not in handler.content()
    handler.get_by_role("button", name=re.compile("Xem danh tính")).click()
    handler.locator("[data-identity-name]").wait_for()
    assert handler.locator("[data-identity-name]").inner_text() == "Đỗ Thị Hạnh"
    viewed = AuditEvent.objects.filter(code="petitions.identity.viewed", object_id=str(petition.pk))
    assert viewed.filter(actor=personas.clerk).exists()

    # The database column holds no plaintext.
    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name, phone FROM petitions_petitionidentity WHERE petition_id = %s", [petition.pk])
        full_name, phone = cursor.fetchone()
    assert "Đỗ Thị Hạnh" not in full_name and "Hạnh" not in full_name and "654" not in phone


def test_the_clerk_sees_a_likely_duplicate_while_typing_without_diacritics(browser, live_server, personas):
    duplicates.connect_signals()
    earlier = register(
        personas.school,
        personas.clerk,
        kind="kien-nghi",
        content="Đề nghị nhà trường sửa lại mái che khu để xe của học sinh vì trời mưa bị dột nặng.",
    )
    clerk = sign_in(browser, live_server, "vanthu", personas.password)
    clerk.goto(f"{live_server.url}/don-thu/tiep-nhan/")
    clerk.locator("#id_items-0-content").fill(
        "De nghi nha truong sua lai mai che khu de xe cua hoc sinh vi troi mua bi dot nang."
    )
    box = clerk.locator("#dup-candidates")
    box.get_by_role("link", name=earlier.tracking_code).wait_for()
    assert "Nội dung gần giống" in box.inner_text()


def test_the_queue_reads_on_a_phone_without_sideways_scrolling(browser, live_server, personas):
    register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
    page = sign_in(browser, live_server, "hieutruong", personas.password)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/don-thu/")
    badge = page.locator("table.stack .badge").first
    badge.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = badge.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # the days left are on screen, not behind a scroll
    assert "Trạng thái" in page.locator("table.stack tbody td[data-label]").nth(1).evaluate(
        "td => getComputedStyle(td, '::before').content"
    )


def test_a_complaint_is_suspended_and_resumed_from_its_page(browser, live_server, personas):
    petition = register(personas.school, personas.principal, kind=Kind.KHIEU_NAI)
    advance(petition, State.VERIFYING, principal=personas.principal)
    principal = sign_in(browser, live_server, "hieutruong", personas.password)
    asked = []
    principal.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    principal.goto(f"{live_server.url}/don-thu/{petition.pk}/")
    assert principal.locator("details[data-action='resume']").count() == 0
    form = open_action(principal, "suspend")
    form.get_by_label("Căn cứ tạm đình chỉ").select_option("kn-11a-1b")
    form.get_by_label("Lý do").fill("Chờ kết quả phúc khảo của Sở Giáo dục và Đào tạo")
    form.get_by_label("Ngày ban hành").fill("2026-11-20")
    form.get_by_role("button", name="Tạm đình chỉ giải quyết").click()
    principal.get_by_text("Đã ghi: Tạm đình chỉ giải quyết.").wait_for()
    assert principal.locator("[data-state]").inner_text() == "Tạm đình chỉ giải quyết"
    assert principal.locator("details[data-action='suspend']").count() == 0
    form = open_action(principal, "resume")
    form.get_by_label("Ngày ban hành quyết định tiếp tục").fill("2026-11-30")
    form.get_by_role("button", name="Tiếp tục giải quyết").click()
    principal.get_by_text("Đã ghi: Tiếp tục giải quyết.").wait_for()
    line = principal.locator("[data-suspension]").inner_text()
    assert "tạm đình chỉ từ 20/11/2026 đến 30/11/2026: 10 ngày không tính vào thời hạn" in line
    assert [m.split("”")[0].lstrip("“") for m in asked] == ["Tạm đình chỉ giải quyết", "Tiếp tục giải quyết"]
    petition.refresh_from_db()
    assert petition.state == State.VERIFYING
    numbers = [d.kind for d in petition.documents.order_by("id")]
    assert numbers[-2:] == ["qd-tam-dinh-chi", "qd-tiep-tuc"]
    assert services.dialogue_required(petition) == ""
