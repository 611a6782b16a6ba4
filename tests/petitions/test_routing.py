"""Whom a petition is about decides who handles it: the accused head never sees the denunciation nor the denouncer."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import time

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from danvan.core.models import AuditEvent
from danvan.core.testing import client_for
from danvan.notify.models import Notification
from danvan.org.choices import OrgKind, Position, SchoolLevel
from danvan.org.models import Membership, Organisation, Person
from danvan.org.services import create_school
from danvan.petitions import antispam, duplicates, registers, services, stats
from danvan.petitions.choices import AccusedRole, Channel, Kind
from danvan.petitions.identity import view_identity
from danvan.petitions.models import Petition, Reception
from danvan.petitions.routing import names_in
from danvan.petitions.services import PetitionError
from tests.petitions.factories import IDENTITY, register

pytestmark = pytest.mark.django_db

DENOUNCER = "Trần Thị Bích"
CONTENT = "Tôi tố cáo việc thu tiền học thêm trái quy định, không có biên lai, ép học sinh lớp 10A3 đi học."


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _public(school, **overrides):
    data = {
        "kind": "to-cao",
        "subject": "Thu tiền học thêm",
        "content": CONTENT,
        "accused_role": "",
        "accused_text": "",
        "identity_choice": "handler-only",
        "full_name": DENOUNCER,
        "address": "12 Lê Lợi, Hải Phòng",
        "phone": "0912 345 678",
        "email": "bich@example.com",
        "website": "",
        "form_token": antispam.issue_token(time.time() - 60),
    }
    data.update(overrides)
    response = Client().post(reverse("petitions:public_submit", args=[school.code]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Petition.objects.order_by("-id").first()


def _director(department):
    user = get_user_model().objects.create_user("giamdoc", "gd@example.invalid", "pw")
    person = Person.objects.create(organisation=department, full_name="Nguyễn Văn Sở", user=user)
    Membership.objects.create(person=person, organisation=department, position=Position.LANH_DAO_SO)
    return user


# ---------------------------------------------------------------- who it is about


def test_a_citizen_who_ticks_the_principal_reaches_the_department_at_once(personas):
    p = _public(personas.school, accused_role=AccusedRole.HEAD)
    assert p.accused_role == AccusedRole.HEAD
    assert p.handling_body == personas.department and p.routed_away
    assert "Điều 12(1)" in p.conflict_note


def test_a_citizen_who_ticks_teacher_but_names_the_principal_is_still_routed_up(personas):
    p = _public(
        personas.school,
        accused_role=AccusedRole.STAFF,
        content=CONTENT + " Người chỉ đạo việc này là thầy Phạm Huy Hùng.",
    )
    assert p.accused_role == AccusedRole.HEAD
    assert p.accused_person == personas.principal.person
    assert p.handling_body == personas.department and p.routed_away


def test_a_name_without_diacritics_is_recognised(personas):
    p = _public(personas.school, accused_text="thay Pham Huy Hung, hieu truong")
    assert p.accused_role == AccusedRole.HEAD and p.routed_away
    assert names_in("gui ong NGUYEN VAN A.", "Nguyễn Văn A")
    assert not names_in("Nguyễn Văn Anh", "Nguyễn Văn A")  # whole words only
    assert not names_in("thầy Hùng", "Hùng")  # a given name alone moves nothing


def test_a_deputy_named_in_the_text_sends_it_up(personas):
    deputy_user = _deputy(personas.school)
    p = register(
        personas.school, personas.clerk, kind=Kind.TO_CAO, content="Tố cáo bà Lê Thị Phó ép giáo viên nộp tiền."
    )
    assert p.accused_role == AccusedRole.DEPUTY and p.accused_person == deputy_user.person
    assert p.handling_body == personas.department


def test_a_denunciation_of_the_school_itself_goes_to_the_department(personas):
    p = _public(personas.school, accused_role=AccusedRole.SCHOOL)
    assert p.handling_body == personas.department and p.routed_away


def test_a_denunciation_of_a_teacher_stays_with_the_school(personas):
    p = _public(personas.school, accused_role=AccusedRole.STAFF, accused_text="cô Giáo Viên tổ Toán")
    assert p.handling_body == personas.school and not p.routed_away
    assert p in Petition.objects.visible_to(personas.principal)


def test_a_complaint_naming_the_principal_stays_with_the_principal_who_decides_it(personas):
    p = register(
        personas.school,
        personas.clerk,
        kind=Kind.KHIEU_NAI,
        content="Khiếu nại quyết định kỷ luật do Hiệu trưởng Phạm Huy Hùng ký.",
    )
    assert p.handling_body == personas.school and not p.routed_away  # NĐ 124/2020 Điều 13


def test_an_unknown_role_is_refused_with_a_message(personas):
    with pytest.raises(PetitionError, match="Chọn người bị tố cáo"):
        register(personas.school, personas.clerk, kind=Kind.TO_CAO, accused_role="ong-noi")


def test_reclassifying_as_about_the_principal_reroutes_and_back(personas):
    p = register(personas.school, personas.clerk, kind=Kind.CHUA_RO, content="Đề nghị làm rõ khoản thu quỹ lớp.")
    assert p.handling_body == personas.school
    # The head honestly classifies it as a denunciation of himself: it leaves the school at once.
    services.classify(p, actor=personas.principal, kind=Kind.TO_CAO, accused_role=AccusedRole.HEAD)
    assert p.handling_body == personas.department and p.routed_away
    assert p not in Petition.objects.visible_to(personas.clerk)
    assert p not in Petition.objects.visible_to(personas.principal)
    director = _director(personas.department)
    services.classify(p, actor=director, kind=Kind.TO_CAO, accused_role=AccusedRole.STAFF)
    assert p.handling_body == personas.school and not p.routed_away


# ---------------------------------------------------------------- the competent superior from the tree


def _commune_school(personas):
    commune = Organisation.objects.create(kind=OrgKind.DEPARTMENT, name="UBND phường Lê Chân", code="UBNDLC")
    school = create_school(personas.department, name="Trường THCS Lê Chân", code="THCSLC")
    school.school_level = SchoolLevel.THCS
    school.managing_body = commune
    school.save()
    return commune, school


def test_a_thcs_schools_denunciation_of_its_head_goes_to_its_commune(personas):
    commune, school = _commune_school(personas)
    user = get_user_model().objects.create_user("htlc", "ht@example.invalid", "pw")
    head = Person.objects.create(organisation=school, full_name="Vũ Thị Hằng", user=user)
    Membership.objects.create(
        person=head, organisation=Organisation.objects.get(parent=school, code="BGH"), position=Position.HIEU_TRUONG
    )
    officer_user = get_user_model().objects.create_user("canboxa", "cbx@example.invalid", "pw")
    officer = Person.objects.create(organisation=commune, full_name="Cán Bộ Xã", user=officer_user)
    Membership.objects.create(person=officer, organisation=commune, position=Position.CAN_BO_SO)

    p = _public(school, content=CONTENT + " Hiệu trưởng Vu Thi Hang chỉ đạo.")
    assert p.handling_body == commune and p.routed_away
    assert p not in Petition.objects.visible_to(user)
    # Not the Sở either: it is not the competent body for a THCS school (NĐ 142/2025/NĐ-CP).
    assert p not in Petition.objects.visible_to(personas.department_officer)
    assert p in Petition.objects.visible_to(officer_user)


def test_department_of_reads_the_tree_and_the_recorded_body(personas):
    commune, school = _commune_school(personas)
    assert services.department_of(school) == commune
    assert services.department_of(personas.school) == personas.department


# ---------------------------------------------------------------- every surface, seen by the accused principal


@pytest.fixture
def routed(personas):
    """A denunciation of the principal through the public form, and a reception naming him."""
    p = _public(personas.school, accused_role=AccusedRole.HEAD)
    reception = services.register_reception(
        personas.school,
        actor=personas.clerk,
        content="Ông Nguyễn Văn Dân tố cáo thầy Phạm Huy Hùng thu tiền trái phép.",
        citizen_name="Nguyễn Văn Dân",
        citizen_phone="0987654321",
        is_denunciation=True,
    )
    return p, reception


def test_the_principal_sees_nothing_in_the_queue_dashboard_and_detail(personas, routed):
    p, _reception = routed
    client = client_for(personas.principal)
    for url in (reverse("petitions:queue"), reverse("core:dashboard"), f"{reverse('petitions:queue')}?q=hoc+them"):
        body = client.get(url).content.decode()
        assert p.tracking_code not in body and DENOUNCER not in body
    assert client.get(reverse("petitions:detail", args=[p.pk])).status_code == 404
    assert client.post(reverse("petitions:identity", args=[p.pk])).status_code == 404


def test_the_school_registers_and_their_exports_hold_nothing_of_it(personas, routed):
    p, reception = routed
    year = timezone.localdate().year
    rows = registers.petition_register(personas.school, year=year, user=personas.principal)
    assert p.pk not in {r["id"] for r in rows}
    assert p.pk not in {r["id"] for r in registers.petition_register(personas.school, year=year)}
    [row] = [
        r
        for r in registers.reception_register(personas.school, year=year, user=personas.principal)
        if r["id"] == reception.pk
    ]
    assert (
        row["withheld"] and row["name_address"] == "" and "Hùng" not in row["content"] and "Dân" not in row["content"]
    )
    client = client_for(personas.principal)
    for name in ("petitions:register_petitions", "petitions:register_reception"):
        body = client.get(reverse(name)).content.decode()
        assert p.tracking_code not in body and "Nguyễn Văn Dân" not in body and DENOUNCER not in body
        data = client.get(reverse(name), {"format": "xlsx"}).content
        cells = " ".join(
            str(c)
            for ws in load_workbook(io.BytesIO(data)).worksheets
            for r in ws.iter_rows(values_only=True)
            for c in r
            if c
        )
        assert p.tracking_code not in cells and "Nguyễn Văn Dân" not in cells and DENOUNCER not in cells


def test_the_departments_register_holds_it_with_the_identity_for_its_head(personas, routed):
    p, reception = routed
    director = _director(personas.department)
    year = timezone.localdate().year
    rows = registers.petition_register(personas.department, year=year, user=director)
    [row] = [r for r in rows if r["id"] == p.pk]
    assert row["petitioner"] == DENOUNCER
    [rrow] = [
        r
        for r in registers.reception_register(personas.department, year=year, user=director)
        if r["id"] == reception.pk
    ]
    assert rrow["name_address"].startswith("Nguyễn Văn Dân") and not rrow.get("withheld")
    assert reception in Reception.objects.visible_to(director)
    assert reception not in Reception.objects.visible_to(personas.principal)


def test_the_schools_figures_do_not_count_it_the_departments_do(personas, routed):
    p, _reception = routed
    now = timezone.now()
    start, end = now - dt.timedelta(days=1), now + dt.timedelta(days=1)
    assert stats.petition_stats([personas.school.pk], start, end)["received"] == 0
    assert stats.petition_stats([personas.school.pk], start, end)["receptions"] == 0
    assert stats.petition_stats([personas.department.pk], start, end)["received"] == 1
    by_org = stats.petition_stats_by_org([personas.school.pk, personas.department.pk], start, end)
    assert by_org[personas.school.pk]["received"] == 0 and by_org[personas.department.pk]["received"] == 1
    assert stats.outcomes_for_board(personas.school) == []


def test_the_duplicate_check_never_offers_it_to_the_school(personas, routed):
    p, _reception = routed
    found = duplicates.find_candidates(personas.school, CONTENT, name=DENOUNCER, user=personas.principal)
    assert p.pk not in {c.petition.pk for c in found}
    assert p.pk not in {c.petition.pk for c in duplicates.find_candidates(personas.school, CONTENT)}
    director = _director(personas.department)
    assert p.pk in {c.petition.pk for c in duplicates.find_candidates(personas.school, CONTENT, user=director)}


def test_the_principals_audit_log_and_notifications_never_name_it_nor_who_looked(personas, routed):
    p, _reception = routed
    director = _director(personas.department)
    view_identity(director, p, purpose="giải quyết tố cáo")
    services.assign(p, personas.department_officer.person, actor=director)
    body = client_for(personas.principal).get(reverse("core:audit_list")).content.decode()
    assert p.tracking_code not in body and "Nguyễn Văn Sở" not in body and "xem danh tính" not in body
    assert not AuditEvent.objects.visible_to(personas.principal).filter(code="petitions.identity.viewed").exists()
    assert AuditEvent.objects.filter(code="petitions.identity.viewed", organisation=personas.department).exists()
    assert not Notification.objects.filter(recipient=personas.principal).exists()
    assert Notification.objects.filter(recipient=personas.department_officer).exists()


def test_a_clerk_entering_it_is_told_where_it_went_not_shown_it(personas):
    client = client_for(personas.clerk)
    response = client.post(
        reverse("petitions:petition_create"),
        {
            "channel": Channel.LETTER,
            "received_at": "2026-12-01T09:00",
            "transferred_from": "",
            "identity_visibility": "handler-only",
            "full_name": "Nguyễn Thị Hoa",
            "address": "",
            "phone": "",
            "email": "",
            "signers_count": 1,
            "items-TOTAL_FORMS": 1,
            "items-INITIAL_FORMS": 0,
            "items-MIN_NUM_FORMS": 0,
            "items-MAX_NUM_FORMS": 10,
            "items-0-kind": Kind.TO_CAO,
            "items-0-subject": "",
            "items-0-content": CONTENT,
            "items-0-accused_role": AccusedRole.HEAD,
            "items-0-accused_text": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "cơ quan quản lý cấp trên" in response.content.decode()
    p = Petition.objects.order_by("-id").first()
    assert p.routed_away and p not in Petition.objects.visible_to(personas.clerk)


# ---------------------------------------------------------------- conflict of interest declared


def test_the_head_declaring_a_conflict_sends_the_petition_up(personas):
    p = register(
        personas.school,
        personas.clerk,
        kind=Kind.TO_CAO,
        content="Tố cáo cô Giáo Viên thu tiền.",
        accused_person=personas.teacher.person,
    )
    assert p.handling_body == personas.school
    services.declare_conflict(p, actor=personas.principal, declaration="Người bị tố cáo là em ruột tôi")
    assert p.handling_body == personas.department and p.routed_away and "NĐ 31/2019" in p.conflict_note
    assert p not in Petition.objects.visible_to(personas.principal)


def test_a_handler_declaring_a_conflict_steps_aside_and_cannot_be_given_it_again(personas):
    p = register(personas.school, personas.clerk, kind=Kind.KIEN_NGHI, content="Đề nghị sửa mái nhà xe.")
    clerk_person = personas.clerk.person
    services.assign(p, clerk_person, actor=personas.principal)
    services.declare_conflict(p, actor=personas.clerk, declaration="Tôi là người được giao mua sắm")
    assert p.handler is None and p.handling_body == personas.school
    with pytest.raises(PetitionError, match="khai xung đột"):
        services.assign(p, clerk_person, actor=personas.principal)
    with pytest.raises(PetitionError, match="quan hệ"):
        services.declare_conflict(p, actor=personas.principal, declaration=" ")


def test_an_outsider_cannot_declare_a_conflict_on_a_schools_petition(personas):
    p = register(personas.school, personas.clerk, kind=Kind.KIEN_NGHI, content="Đề nghị sửa mái nhà xe.")
    with pytest.raises(PetitionError):
        services.declare_conflict(p, actor=personas.other_principal, declaration="x")


def test_the_conflict_page_works_and_another_school_gets_404(personas):
    p = register(
        personas.school,
        personas.clerk,
        kind=Kind.TO_CAO,
        content="Tố cáo cô Giáo Viên thu tiền.",
        accused_person=personas.teacher.person,
    )
    url = reverse("petitions:declare_conflict", args=[p.pk])
    assert client_for(personas.other_principal).post(url, {"declaration": "x"}).status_code == 404
    assert client_for(personas.principal).get(url).status_code == 405
    response = client_for(personas.principal).post(url, {"declaration": "Em ruột tôi"})
    assert response.status_code == 302 and response.url == reverse("petitions:queue")
    p.refresh_from_db()
    assert p.routed_away


def _deputy(school):
    user = get_user_model().objects.create_user("pht", "pht@example.invalid", "pw")
    person = Person.objects.create(organisation=school, full_name="Lê Thị Phó", user=user)
    Membership.objects.create(
        person=person,
        organisation=Organisation.objects.get(parent=school, code="BGH"),
        position=Position.PHO_HIEU_TRUONG,
    )
    return user


def test_identity_kept_out_of_a_routed_petition_for_the_deputy_too(personas):
    deputy = _deputy(personas.school)
    p = register(
        personas.school, personas.clerk, kind=Kind.TO_CAO, identity=dict(IDENTITY), content="Tố cáo thầy Phạm Huy Hùng."
    )
    assert p not in Petition.objects.visible_to(deputy)


def test_the_citizen_is_told_the_denunciation_went_to_the_managing_body(personas):
    data = {
        "kind": "to-cao",
        "subject": "",
        "content": CONTENT,
        "accused_role": AccusedRole.HEAD,
        "accused_text": "",
        "identity_choice": "handler-only",
        "full_name": DENOUNCER,
        "address": "",
        "phone": "0912 345 678",
        "email": "",
        "website": "",
        "form_token": antispam.issue_token(time.time() - 60),
    }
    response = Client().post(reverse("petitions:public_submit", args=[personas.school.code]), data, follow=True)
    body = response.content.decode()
    assert "data-routed" in body and personas.department.name in body


def test_a_walk_in_denouncing_the_principal_is_withheld_from_the_schools_reception_book(personas):
    client = client_for(personas.clerk)
    response = client.post(
        reverse("petitions:reception_create"),
        {
            "received_at": "2026-12-01T09:00",
            "citizen_name": "Phan Văn Lộc",
            "citizen_address": "",
            "citizen_phone": "",
            "citizen_id_number": "",
            "people_count": 1,
            "content": "Công dân tố cáo việc thu tiền trái phép.",
            "prior_handling": "",
            "requests": "",
            "outcome": "petition",
            "result_summary": "",
            "is_denunciation": "on",
            "accused_role": AccusedRole.HEAD,
            "items-TOTAL_FORMS": 0,
            "items-INITIAL_FORMS": 0,
            "items-MIN_NUM_FORMS": 0,
            "items-MAX_NUM_FORMS": 10,
        },
        follow=True,
    )
    assert response.status_code == 200
    reception = Reception.objects.get()
    assert reception.routed_to == personas.department
    assert reception.petitions.get().routed_away
    body = (
        client_for(personas.principal)
        .get(reverse("petitions:register_reception"), {"tu": "2026-11-01", "den": "2026-12-31"})
        .content.decode()
    )
    assert "Phan Văn Lộc" not in body and "Thuộc thẩm quyền của cơ quan quản lý cấp trên" in body


def test_a_link_to_a_routed_petition_is_not_shown_on_the_schools_page(personas):
    ours = register(personas.school, personas.clerk, kind=Kind.KIEN_NGHI, content="Đề nghị công khai khoản thu.")
    routed = register(personas.school, personas.clerk, kind=Kind.TO_CAO, content="Tố cáo thầy Phạm Huy Hùng thu tiền.")
    director = _director(personas.department)
    services.link(routed, ours, actor=director, reason="Cùng khoản thu")
    body = client_for(personas.principal).get(reverse("petitions:detail", args=[ours.pk])).content.decode()
    assert routed.tracking_code not in body
    body = client_for(director).get(reverse("petitions:detail", args=[ours.pk])).content.decode()
    assert routed.tracking_code in body


def test_entries_written_before_a_reclassification_leave_the_principals_audit_log(personas):
    deputy = _deputy(personas.school)
    p = register(personas.school, personas.clerk, kind=Kind.CHUA_RO, content="Đề nghị làm rõ khoản thu quỹ lớp.")
    assert AuditEvent.objects.visible_to(personas.principal).for_object(p).exists()
    services.classify(p, actor=deputy, kind=Kind.TO_CAO, accused_role=AccusedRole.HEAD)
    assert not AuditEvent.objects.visible_to(personas.principal).for_object(p).exists()
    assert AuditEvent.objects.for_object(p).count() >= 2  # nothing was removed: the trail is append-only
    body = client_for(personas.principal).get(reverse("core:audit_list")).content.decode()
    assert p.tracking_code not in body


def test_a_recommendation_greeting_the_principal_by_name_stays_with_the_school(personas):
    p = register(
        personas.school,
        personas.clerk,
        kind=Kind.KIEN_NGHI,
        content="Kính gửi thầy Hiệu trưởng Phạm Huy Hùng. Đề nghị nhà trường sửa mái che nhà xe.",
    )
    assert p.handling_body == personas.school and not p.routed_away and p.accused_person is None


def test_the_department_sends_back_a_denunciation_that_only_greeted_the_principal(personas):
    p = register(
        personas.school,
        personas.clerk,
        kind=Kind.TO_CAO,
        content="Kính gửi: Ông Phạm Huy Hùng, Hiệu trưởng. Tôi tố cáo cô Giáo Viên thu tiền học thêm.",
    )
    assert p.routed_away  # a name in the letter: routed up first, the safe side for the denouncer
    director = _director(personas.department)
    services.classify(
        p, actor=director, kind=Kind.TO_CAO, accused_role=AccusedRole.STAFF, accused_person=personas.teacher.person
    )
    assert not p.routed_away and p.handling_body == personas.school
    assert p.accused_person == personas.teacher.person
    assert p not in Petition.objects.visible_to(personas.teacher)


def test_a_reception_about_the_principal_is_a_protected_denunciation_even_unticked(personas):
    reception = services.register_reception(
        personas.school,
        actor=personas.clerk,
        content="Công dân phản ánh.",
        citizen_name="Phan Văn Lộc",
        accused_role=AccusedRole.HEAD,
    )
    assert reception.is_denunciation and reception.routed_to == personas.department
    teacher_case = services.register_reception(
        personas.school,
        actor=personas.clerk,
        is_denunciation=True,
        content="Tố cáo cô Giáo Viên.",
        accused_role=AccusedRole.STAFF,
    )
    assert teacher_case.routed_to is None
    with pytest.raises(PetitionError):
        services.register_reception(personas.school, actor=personas.clerk, content="x", accused_role="ong")


def test_the_migration_marks_petitions_already_sent_up_and_their_reception(personas):
    reception = services.register_reception(
        personas.school, actor=personas.clerk, content="Tố cáo.", citizen_name="Phan Văn Lộc", is_denunciation=True
    )
    p = services.petition_from_reception(
        reception,
        actor=personas.clerk,
        subject="",
        content="Tố cáo.",
        kind=Kind.TO_CAO,
        accused_person=personas.principal.person,
    ).petition
    Petition.objects.filter(pk=p.pk).update(routed_away=False)  # as before this change
    Reception.objects.filter(pk=reception.pk).update(routed_to=None)
    importlib.import_module("danvan.petitions.migrations.0007_accused_role_and_routing").mark_routed(apps, None)
    p.refresh_from_db()
    reception.refresh_from_db()
    assert p.routed_away and reception.routed_to == personas.department


def test_the_reception_page_of_a_routed_reception_is_404_for_the_principal_and_open_to_the_department(personas):
    reception = services.register_reception(
        personas.school,
        actor=personas.clerk,
        content="Tố cáo thu tiền.",
        citizen_name="Phan Văn Lộc",
        accused_role=AccusedRole.HEAD,
    )
    url = reverse("petitions:reception_detail", args=[reception.pk])
    assert client_for(personas.principal).get(url).status_code == 404
    director = _director(personas.department)
    body = client_for(director).get(url).content.decode()
    assert "Phan Văn Lộc" in body
    assert AuditEvent.objects.filter(code="petitions.identity.viewed", organisation=personas.department).exists()
    assert not AuditEvent.objects.visible_to(personas.principal).filter(code="petitions.identity.viewed").exists()
