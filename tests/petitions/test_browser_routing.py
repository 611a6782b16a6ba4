"""In a real browser: a denunciation of the principal never reaches him; the Department handles it to the end."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from danvan.api.services import create_token
from danvan.org.choices import Position
from danvan.org.models import Membership, Person
from danvan.petitions.models import Petition
from tests.petitions.test_browser_petitions import _fast_forms, open_action, sign_in  # noqa: F401 - autouse fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST = "Lương Thị Mai"
SECOND = "Hồ Văn Tâm"


def denounce(page, live_server, *, role_label, content, name, phone):
    page.goto(f"{live_server.url}{reverse('petitions:public_schools')}")
    page.get_by_role("link", name="Trường THPT Nguyễn Khuyến").click()
    page.get_by_label(re.compile("Tố cáo —")).check()
    if role_label:
        page.get_by_label(role_label, exact=True).check()
    page.get_by_label("Nội dung đơn").fill(content)
    page.get_by_label("Họ và tên").fill(name)
    page.get_by_label("Số điện thoại").fill(phone)
    page.get_by_role("button", name="Gửi đơn").click()
    page.locator("[data-tracking-code]").wait_for()
    return page.locator("[data-tracking-code]").inner_text().strip()


def test_the_principal_never_sees_a_denunciation_of_himself_and_the_department_concludes_it(
    page, browser, live_server, personas
):
    # (1) Two citizens denounce the principal: one ticks "Hiệu trưởng", the other only writes his name, unaccented.
    first = denounce(
        page,
        live_server,
        role_label="Hiệu trưởng",
        name=FIRST,
        phone="0911 222 333",
        content="Tôi tố cáo Hiệu trưởng ép giáo viên thu tiền học thêm của học sinh lớp 12A1.",
    )
    second = denounce(
        page,
        live_server,
        role_label="",
        name=SECOND,
        phone="0944 555 666",
        content="Toi to cao ong Pham Huy Hung da nhan tien de sap xep lop cho hoc sinh.",
    )
    petitions = {p.tracking_code: p for p in Petition.objects.filter(tracking_code__in=[first, second])}
    assert all(p.routed_away and p.handling_body == personas.department for p in petitions.values())

    # (2) The principal: queue, registers and their exports, dashboard, notifications, API — nothing of either.
    principal = sign_in(browser, live_server, "hieutruong", personas.password)
    for name in (
        "petitions:queue",
        "core:dashboard",
        "petitions:register_petitions",
        "petitions:register_reception",
        "notify:notification_list",
        "core:audit_list",
    ):
        principal.goto(f"{live_server.url}{reverse(name)}")
        html = principal.content()
        for text in (first, second, FIRST, SECOND):
            assert text not in html, (name, text)
    for name in ("petitions:register_petitions", "petitions:register_reception"):
        export = principal.request.get(f"{live_server.url}{reverse(name)}?format=xlsx")
        assert export.ok
        cells = " ".join(
            str(c)
            for ws in load_workbook(io.BytesIO(export.body())).worksheets
            for row in ws.iter_rows(values_only=True)
            for c in row
            if c
        )
        for text in (first, second, FIRST, SECOND):
            assert text not in cells, (name, text)
    for p in petitions.values():
        assert principal.goto(f"{live_server.url}{reverse('petitions:detail', args=[p.pk])}").status == 404
    token = create_token(personas.principal, name="kiểm thử").key
    api = principal.request.get(
        f"{live_server.url}/api/v1/petitions?stage=all", headers={"Authorization": f"Bearer {token}"}
    )
    assert api.ok and first not in api.text() and second not in api.text()
    for p in petitions.values():
        assert (
            principal.request.get(
                f"{live_server.url}/api/v1/petitions/{p.pk}", headers={"Authorization": f"Bearer {token}"}
            ).status
            == 404
        )

    # (3) The Director of the Sở finds both, reveals the denouncer (audited) and concludes the first through the pages.
    user = get_user_model().objects.create_user("giamdoc", "gd@example.invalid", personas.password)
    director = Person.objects.create(organisation=personas.department, full_name="Nguyễn Văn Sở", user=user)
    Membership.objects.create(person=director, organisation=personas.department, position=Position.LANH_DAO_SO)
    sở = sign_in(browser, live_server, "giamdoc", personas.password)
    sở.on("dialog", lambda dialog: dialog.accept())
    sở.goto(f"{live_server.url}{reverse('petitions:queue')}")
    sở.get_by_role("link", name=second).wait_for()
    sở.get_by_role("link", name=first).click()
    assert FIRST not in sở.content()
    sở.get_by_role("button", name=re.compile("Xem danh tính")).click()
    sở.locator("[data-identity-name]").wait_for()
    assert sở.locator("[data-identity-name]").inner_text() == FIRST
    sở.goto(f"{live_server.url}{reverse('petitions:detail', args=[petitions[first].pk])}")
    form = open_action(sở, "classify")
    form.get_by_label("Loại đơn").select_option("to-cao")
    form.get_by_role("button", name="Phân loại đơn").click()
    sở.get_by_text("Đã ghi: Phân loại đơn.").wait_for()
    form = open_action(sở, "accept")
    form.get_by_label("Giao cán bộ xử lý").select_option(label="Cán bộ Sở")
    form.get_by_role("button", name="Thụ lý").click()
    sở.get_by_text("Đã ghi: Thụ lý.").wait_for()
    form = open_action(sở, "resolve")
    form.get_by_label("Tóm tắt kết quả giải quyết").fill("Có thu tiền học thêm trái quy định; kiến nghị xử lý kỷ luật.")
    form.get_by_label("Kết luận tố cáo").select_option("dung-mot-phan")
    form.get_by_role("button", name="Ban hành quyết định/kết luận").click()
    sở.get_by_text("Đã ghi: Ban hành quyết định/kết luận.").wait_for()
    form = open_action(sở, "send-decision")
    form.get_by_role("button", name="Gửi quyết định/kết luận").click()
    sở.get_by_text("Đã ghi: Gửi quyết định/kết luận.").wait_for()
    concluded = Petition.objects.get(tracking_code=first)
    assert concluded.state == "decision-sent" and concluded.denunciation_conclusion == "dung-mot-phan"
    assert concluded.handler.organisation == personas.department

    # (4) Still nothing for the principal, after all that handling (audit, notifications, registers).
    for name in ("petitions:queue", "notify:notification_list", "core:audit_list", "petitions:register_petitions"):
        principal.goto(f"{live_server.url}{reverse(name)}")
        html = principal.content()
        assert first not in html and FIRST not in html and "Nguyễn Văn Sở" not in html, name
