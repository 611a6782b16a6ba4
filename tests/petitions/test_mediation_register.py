"""The mediation register: groups of mediators, numbered cases with or without a petition, outcomes in the figures,
the list page scoped to the school, minutes read back from the DOCX with the petitioner masked."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from docx import Document

from danvan.core.models import AuditEvent
from danvan.core.testing import assert_forbidden, assert_isolated, assert_method_not_allowed, client_for
from danvan.org.models import Person
from danvan.petitions import services, stats
from danvan.petitions.choices import Kind, MediationOutcome, State
from danvan.petitions.models import Mediation
from danvan.petitions.services import PetitionError
from tests.petitions.factories import advance, register

pytestmark = pytest.mark.django_db


def _group(personas, school=None, actor=None):
    school = school or personas.school
    for n in range(3 - Person.objects.filter(organisation=school).count()):
        Person.objects.create(organisation=school, full_name=f"Giáo viên {n + 1}")
    staff = list(Person.objects.filter(organisation=school))
    return services.save_mediation_group(
        school, actor=actor or personas.principal, name="Tổ hòa giải Ban TTND", members=staff, leader=staff[0]
    )


def _case(personas, group, *, outcome=MediationOutcome.THANH, held_on=None, **kw):
    values = {
        "subject": "Mâu thuẫn giữa hai phụ huynh lớp 11A2 tại cổng trường",
        "parties": "Bà Đỗ Thị Lan (phụ huynh em An); ông Vũ Văn Bình (phụ huynh em Bảo)",
        "agreement": "Hai bên xin lỗi nhau, không tái diễn." if outcome == MediationOutcome.THANH else "",
    }
    values.update(kw)
    return services.record_mediation_case(
        personas.school,
        actor=personas.principal,
        group=group,
        held_on=held_on or timezone.localdate(),
        outcome=outcome,
        **values,
    )


def test_a_case_is_numbered_per_school_and_year_audited_and_mediated_by_the_group(personas):
    group = _group(personas)
    first = _case(personas, group)
    second = _case(personas, group, outcome=MediationOutcome.HOAN)
    year = timezone.localdate().year
    assert (first.code, second.code) == (f"01/{year}", f"02/{year}")
    assert set(first.board_members.all()) == set(group.members.all())  # no mediator named: the group's
    assert AuditEvent.objects.filter(code="petitions.mediation.recorded", object_id=str(first.pk)).exists()
    assert AuditEvent.objects.filter(code="petitions.mediation_group.saved", object_id=str(group.pk)).exists()


def test_it_refuses_what_the_register_cannot_hold(personas):
    group = _group(personas)
    with pytest.raises(PetitionError, match="thỏa thuận"):
        _case(personas, group, agreement="")  # hòa giải thành without the agreement
    with pytest.raises(PetitionError, match="sau hôm nay"):
        _case(personas, group, held_on=timezone.localdate() + dt.timedelta(days=1))
    outsider = Person.objects.get(user=personas.other_principal)
    with pytest.raises(PetitionError, match="cán bộ của đơn vị"):
        _case(personas, group, mediators=[outsider])
    with pytest.raises(PetitionError, match="03 hòa giải viên"):
        services.save_mediation_group(
            personas.school, actor=personas.principal, name="Tổ 2", members=[Person.objects.get(user=personas.clerk)]
        )
    with pytest.raises(PetitionError, match="quyền"):
        services.record_mediation_case(
            personas.school, actor=personas.teacher, held_on=timezone.localdate(), outcome="hoan", subject="x"
        )
    other_group = _group(personas, personas.other_school, personas.other_principal)
    with pytest.raises(PetitionError, match="tổ hòa giải"):
        _case(personas, other_group)
    assert Mediation.objects.count() == 0


def test_a_denunciation_is_never_mediated(personas):
    petition = register(personas.school, personas.principal, kind=Kind.TO_CAO)
    advance(petition, State.ACCEPTED, principal=personas.principal)
    with pytest.raises(PetitionError):
        services.record_mediation(
            petition, actor=personas.principal, held_on=timezone.localdate(), outcome=MediationOutcome.KHONG_THANH
        )


def test_outcomes_of_cases_with_and_without_a_petition_reach_the_figures(personas):
    group = _group(personas)
    petition = register(personas.school, personas.principal, kind=Kind.KIEN_NGHI)
    advance(petition, State.ACCEPTED, principal=personas.principal)
    today = timezone.localdate()
    services.record_mediation(
        petition,
        actor=personas.principal,
        held_on=today,
        outcome=MediationOutcome.THANH,
        group=group,
        agreement="Phúc khảo bài thi.",
        parties="Nguyễn Thị Hoa; GVCN",
    )
    _case(personas, group)
    _case(personas, group, outcome=MediationOutcome.CHAM_DUT)
    other_group = _group(personas, personas.other_school, personas.other_principal)
    services.record_mediation_case(
        personas.other_school,
        actor=personas.other_principal,
        group=other_group,
        held_on=today,
        outcome=MediationOutcome.HOAN,
        subject="Ở trường khác",
    )
    tz = timezone.get_current_timezone()
    start = dt.datetime(today.year, 1, 1, tzinfo=tz)
    end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    got = stats.petition_stats([personas.school.pk], start, end)
    assert got["mediations"] == 3
    assert got["mediation_outcomes"] == {"thanh": 2, "cham-dut": 1}
    assert stats.petition_stats([personas.other_school.pk], start, end)["mediation_outcomes"] == {"hoan": 1}


def test_the_register_page_filters_and_the_minutes_mask_the_petitioner(personas):
    group = _group(personas)
    petition = register(personas.school, personas.principal, kind=Kind.KIEN_NGHI)
    advance(petition, State.ACCEPTED, principal=personas.principal)
    on_petition = services.record_mediation(
        petition,
        actor=personas.principal,
        held_on=timezone.localdate(),
        outcome=MediationOutcome.KHONG_THANH,
        group=group,
        parties="Bà Nguyễn Thị Hoa, phụ huynh; thầy chủ nhiệm",
    )
    walk_in = _case(personas, group)
    clerk = client_for(personas.clerk)  # reads petitions, may not see the petitioner
    page = clerk.get("/don-thu/hoa-giai/")
    assert page.status_code == 200
    html = page.content.decode()
    assert walk_in.subject in html and petition.tracking_code in html
    assert "Nguyễn Thị Hoa" not in html
    only_failed = clerk.get("/don-thu/hoa-giai/", {"outcome": "khong-thanh"}).content.decode()
    assert petition.tracking_code in only_failed and walk_in.subject not in only_failed
    by_code = clerk.get("/don-thu/hoa-giai/", {"q": petition.tracking_code.replace("-", " ").lower()})
    assert walk_in.subject not in by_code.content.decode() and petition.tracking_code in by_code.content.decode()
    by_number = clerk.get("/don-thu/hoa-giai/", {"q": walk_in.code}).content.decode()
    assert walk_in.subject in by_number and petition.tracking_code not in by_number
    # Out-of-range filters are a message on the page, never a 500.
    bad = clerk.get("/don-thu/hoa-giai/", {"year": "10000", "group": "99999999999999999999999", "page": "-3"})
    assert bad.status_code == 200 and "Năm" in bad.content.decode()

    docx = Document(io.BytesIO(clerk.get(f"/don-thu/hoa-giai/{on_petition.pk}/bien-ban/").content))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "BIÊN BẢN" in text and "thầy chủ nhiệm" in text and "Nguyễn Thị Hoa" not in text
    assert "Hòa giải không thành" in text
    principal_docx = Document(
        io.BytesIO(client_for(personas.principal).get(f"/don-thu/hoa-giai/{walk_in.pk}/bien-ban/").content)
    )
    assert "Bà Đỗ Thị Lan" in "\n".join(p.text for p in principal_docx.paragraphs)

    assert_isolated(
        personas.other_principal, [f"/don-thu/hoa-giai/{walk_in.pk}/bien-ban/", f"/don-thu/hoa-giai/to/{group.pk}/"]
    )
    assert_forbidden(personas.teacher, ["/don-thu/hoa-giai/", "/don-thu/hoa-giai/moi/"], method="get")
    assert_forbidden(personas.clerk, ["/don-thu/hoa-giai/moi/", f"/don-thu/hoa-giai/to/{group.pk}/"])
    assert_method_not_allowed(personas.principal, f"/don-thu/hoa-giai/{walk_in.pk}/bien-ban/", "post")


def test_the_case_form_refuses_boundary_values_with_a_field_message(personas):
    group = _group(personas)
    client = client_for(personas.principal)
    for held_on in ("0001-01-01", "9999-12-31", "2026-13-32"):
        response = client.post(
            "/don-thu/hoa-giai/moi/",
            {"subject": "Vụ việc", "parties": "A; B", "held_on": held_on, "group": group.pk, "outcome": "hoan"},
        )
        assert response.status_code == 400, held_on
        assert "Ngày" in response.content.decode() or "ngày" in response.content.decode()
    response = client.post(
        "/don-thu/hoa-giai/moi/",
        {
            "subject": "x" * 1_000_000,
            "parties": "A",
            "held_on": "2026-12-01",
            "outcome": "hoan",
            "mediators": ["99999999999999999999"],
        },
    )
    assert response.status_code == 400
    response = client.post(
        "/don-thu/hoa-giai/moi/",
        {
            "subject": "Tranh cãi trong giờ họp phụ huynh",
            "parties": "A; B",
            "held_on": "2026-12-01",
            "group": group.pk,
            "outcome": "hoan",
        },
    )
    assert response.status_code == 302
    assert Mediation.objects.get().subject == "Tranh cãi trong giờ họp phụ huynh"
