"""Citizen reception under NĐ 154/2026/NĐ-CP: refusal grounds and the Mẫu 01/TCD deadline, Mẫu 01/02/TCD documents,
identity papers, the head's reception days (services, without HTTP)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from docx import Document

from danvan.core.models import AuditEvent
from danvan.petitions import services
from danvan.petitions.choices import (
    NOTICE_GROUNDS,
    REFUSAL_CLAUSE,
    DocumentKind,
    IdentityPaper,
    Kind,
    ReceptionOutcome,
    RefusalGround,
)
from danvan.petitions.services import PetitionError
from danvan.workdays import services as wd
from danvan.workdays.choices import ChangeKind
from danvan.workdays.models import CalendarChange
from tests.petitions.factories import local_dt, register

pytestmark = pytest.mark.django_db


def _text(docx_bytes: bytes) -> str:
    doc = Document(io.BytesIO(docx_bytes))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _day_off(day: dt.date) -> None:
    CalendarChange.objects.get_or_create(
        date=day, kind=ChangeKind.DAY_OFF, organisation=None, defaults={"name": "Ngày Văn hóa Việt Nam"}
    )
    wd.invalidate()


def _refused(personas, ground=RefusalGround.REPEAT_NO_NEW_FACTS, at="2026-11-23 09:00", **kw):
    return services.register_reception(
        personas.school,
        actor=personas.clerk,
        received_at=local_dt(at),
        citizen_name="Lê Văn Tâm",
        citizen_address="9 Trần Phú, Ngô Quyền",
        citizen_id_number="031080001234",
        id_paper=IdentityPaper.CAN_CUOC,
        kind=Kind.KIEN_NGHI,
        content="Kiến nghị lại việc phân lớp năm học 2025-2026, không có tình tiết mới",
        outcome=ReceptionOutcome.REFUSED,
        refusal_ground=ground,
        **kw,
    )


# ---------------------------------------------------------------- refusal grounds (Điều 4)


def test_every_refusal_ground_carries_its_clause():
    assert set(REFUSAL_CLAUSE) == set(RefusalGround.values)
    points = [REFUSAL_CLAUSE[g].split()[1] for g in RefusalGround if g.value.startswith("nd154")]
    assert points == ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k"]
    assert NOTICE_GROUNDS == {RefusalGround.LAW_SETTLED, RefusalGround.REPEAT_NO_NEW_FACTS}


def test_the_refusal_notice_is_due_three_working_days_later_skipping_a_holiday(personas):
    _day_off(dt.date(2026, 11, 24))  # Tue 24/11/2026, Ngày Văn hóa Việt Nam (NQ 28/2026/QH16)
    reception = _refused(personas)
    # Mon 23/11 grounds → Wed 25, Thu 26, Fri 27 (Tue 24 is off): NĐ 154/2026 Điều 4(3).
    assert reception.refusal_notice_due_on == dt.date(2026, 11, 27)
    assert reception.refusal_notice_owed
    assert not reception.refusal_notice_late(dt.date(2026, 11, 27))
    assert reception.refusal_notice_late(dt.date(2026, 11, 30))
    assert AuditEvent.objects.filter(code="petitions.reception.refused").exists()


def test_a_ground_explained_in_person_owes_no_notice_and_cannot_get_one(personas, principal):
    reception = _refused(personas, ground=RefusalGround.WEAPONS)
    assert reception.refusal_notice_due_on is None
    with pytest.raises(PetitionError, match="Điều 4"):
        services.issue_refusal_notice(reception, actor=principal)


def test_a_refusal_needs_its_ground(personas):
    with pytest.raises(PetitionError, match="căn cứ từ chối"):
        services.register_reception(
            personas.school, actor=personas.clerk, content="x", outcome=ReceptionOutcome.REFUSED
        )
    reception = services.register_reception(personas.school, actor=personas.clerk, content="x")
    with pytest.raises(PetitionError, match="căn cứ từ chối"):
        services.update_reception_result(
            reception, actor=personas.clerk, outcome=ReceptionOutcome.REFUSED, result_summary=""
        )


def test_the_decree_grounds_do_not_apply_before_it_took_effect(personas):
    with pytest.raises(PetitionError, match="01/7/2026"):
        _refused(personas, at="2026-06-15 09:00")


def test_a_refusal_decided_later_counts_from_the_day_its_grounds_are_established(personas):
    reception = services.register_reception(
        personas.school, actor=personas.clerk, content="Khiếu nại lại", received_at=local_dt("2026-11-02 08:00")
    )
    services.refuse_reception(
        reception, actor=personas.clerk, ground=RefusalGround.LAW_SETTLED, grounds_on=dt.date(2026, 11, 5)
    )
    reception.refresh_from_db()
    assert reception.outcome == ReceptionOutcome.REFUSED
    assert reception.refusal_notice_due_on == wd.add_working_days(dt.date(2026, 11, 5), 3, organisation=personas.school)


# ---------------------------------------------------------------- Mẫu 01/TCD


def test_the_refusal_notice_is_a_numbered_form_01_tcd(personas, principal):
    reception = _refused(personas)
    with time_machine.travel(local_dt("2026-11-25 10:00"), tick=False):
        doc = services.issue_refusal_notice(reception, actor=principal)
    reception.refresh_from_db()
    assert reception.refusal_notice_on == dt.date(2026, 11, 25) and not reception.refusal_notice_owed
    assert doc.kind == DocumentKind.REFUSAL_NOTICE and doc.number_text == "01/TB-THPTNK"
    text = _text(doc.file.read())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Số: 01/TB-THPTNK" in text
    assert "THÔNG BÁO" in text and "Về việc từ chối tiếp công dân" in text
    assert "Kính gửi: ông (bà) Lê Văn Tâm" in text
    assert "031080001234 (Số căn cước)" in text and "9 Trần Phú, Ngô Quyền" in text
    assert "điểm h khoản 1 và khoản 3 Điều 4 Nghị định số 154/2026/NĐ-CP" in text
    assert "từ chối tiếp nhận nội dung kiến nghị, phản ánh" in text
    assert "Lưu: VT, hồ sơ" in text and "Phạm Huy Hùng" in text  # signed by the head
    with pytest.raises(PetitionError, match="Đã ban hành"):
        services.issue_refusal_notice(reception, actor=principal)


def test_only_the_head_issues_the_refusal_notice(personas, clerk):
    with pytest.raises(PetitionError):
        services.issue_refusal_notice(_refused(personas), actor=clerk)


# ---------------------------------------------------------------- Mẫu 02/TCD


def test_the_receipt_lists_the_documents_received(personas, clerk):
    reception = services.register_reception(
        personas.school,
        actor=clerk,
        received_at=local_dt("2026-11-20 09:30"),
        citizen_name="Phạm Văn Long",
        citizen_id_number="001234567890",
        id_paper=IdentityPaper.DINH_DANH,
        content="Khiếu nại điểm thi",
        kind=Kind.KHIEU_NAI,
        in_competence=True,
    )
    doc = services.issue_reception_receipt(
        reception,
        actor=clerk,
        copies=2,
        items=["Đơn khiếu nại, 02 trang, bản gốc", "Bảng điểm học kỳ I, 01 trang, bản phô tô"],
    )
    assert doc.kind == DocumentKind.RECEIPT_TCD and doc.number_text == "01/GBN-THPTNK"
    text = _text(doc.file.read())
    assert "GIẤY BIÊN NHẬN" in text and "Thông tin, tài liệu" in text
    assert "Vào 09 giờ 30 ngày 20 tháng 11 năm 2026" in text  # when the documents were handed over
    assert "Tôi là Văn Thư" in text and "Đã nhận của ông (bà) Phạm Văn Long" in text
    assert "001234567890 (Số định danh cá nhân)" in text
    assert "1. Đơn khiếu nại, 02 trang, bản gốc" in text and "2. Bảng điểm học kỳ I, 01 trang, bản phô tô" in text
    assert "được lập thành 02 bản, giao cho người cung cấp thông tin, tài liệu 01 bản" in text
    assert "NGƯỜI CUNG CẤP THÔNG TIN, TÀI LIỆU" in text and "NGƯỜI NHẬN" in text
    with pytest.raises(PetitionError, match="ít nhất một"):
        services.issue_reception_receipt(reception, actor=clerk, items=["  "])


def test_a_petition_received_in_person_gets_a_receipt_and_a_letter_does_not(personas, clerk):
    reception = services.register_reception(
        personas.school, actor=clerk, content="Kiến nghị về bán trú", citizen_name="Đỗ Thị Hạnh"
    )
    petition = services.petition_from_reception(reception, actor=clerk, subject="Bán trú", kind=Kind.KIEN_NGHI).petition
    doc = services.issue_petition_receipt(petition, actor=clerk, items=["Đơn kiến nghị, 01 trang"])
    assert doc.petition == petition and "Đỗ Thị Hạnh" in _text(doc.file.read())

    letter = register(personas.school, clerk)
    with pytest.raises(PetitionError, match="trực tiếp"):
        services.issue_petition_receipt(letter, actor=clerk, items=["Đơn"])


def test_an_identity_number_needs_the_kind_of_paper(personas, clerk):
    with pytest.raises(PetitionError, match="Điều 12"):
        services.register_reception(personas.school, actor=clerk, content="x", citizen_id_number="0310")


# ---------------------------------------------------------------- the head's reception days (Điều 10, 11)


def _head_person(personas):
    return personas.principal.person


def test_the_head_plans_a_reception_day_and_a_deputy_may_not_stand_in(personas, clerk, teacher):
    with time_machine.travel(local_dt("2026-12-07 08:00"), tick=False):
        day = services.plan_head_reception(
            personas.school,
            actor=clerk,
            date=dt.date(2026, 12, 15),
            start_time=dt.time(7, 30),
            end_time=dt.time(11, 0),
            place="Phòng tiếp công dân, tầng 1",
            head=_head_person(personas),
            participants="Chủ tịch Công đoàn",
            content="Tiếp phụ huynh về các khoản thu",
        )
        assert AuditEvent.objects.filter(code="petitions.head_day.planned").exists()
        with pytest.raises(PetitionError, match="Điều 10"):
            services.plan_head_reception(
                personas.school,
                actor=clerk,
                date=dt.date(2026, 12, 16),
                start_time=dt.time(8, 0),
                end_time=dt.time(9, 0),
                place="P1",
                head=teacher.person,
            )
        with pytest.raises(PetitionError, match="Giờ kết thúc"):
            services.plan_head_reception(
                personas.school,
                actor=clerk,
                date=dt.date(2026, 12, 16),
                start_time=dt.time(9, 0),
                end_time=dt.time(8, 0),
                place="P1",
                head=_head_person(personas),
            )
        with pytest.raises(PetitionError, match="đã qua"):
            services.plan_head_reception(
                personas.school,
                actor=clerk,
                date=dt.date(2026, 12, 1),
                start_time=dt.time(8, 0),
                end_time=dt.time(9, 0),
                place="P1",
                head=_head_person(personas),
            )
        with pytest.raises(PetitionError):
            services.plan_head_reception(
                personas.school,
                actor=teacher,
                date=dt.date(2026, 12, 16),
                start_time=dt.time(8, 0),
                end_time=dt.time(9, 0),
                place="P1",
                head=_head_person(personas),
            )
    assert day.place == "Phòng tiếp công dân, tầng 1"


def test_months_of_the_school_year_without_a_head_day_are_listed(personas, clerk):
    with time_machine.travel(local_dt("2026-12-07 08:00"), tick=False):
        services.plan_head_reception(
            personas.school,
            actor=clerk,
            date=dt.date(2026, 12, 15),
            start_time=dt.time(7, 30),
            end_time=dt.time(11, 0),
            place="P1",
            head=_head_person(personas),
        )
        services.plan_head_reception(
            personas.school,
            actor=clerk,
            date=dt.date(2027, 2, 3),
            start_time=dt.time(7, 30),
            end_time=dt.time(11, 0),
            place="P1",
            head=_head_person(personas),
        )
        missing = services.months_without_head_day(personas.school)
    assert [f"{m:%m/%Y}" for m in missing] == [
        "01/2027",
        "03/2027",
        "04/2027",
        "05/2027",
        "06/2027",
        "07/2027",
        "08/2027",
    ]


def test_a_reception_by_the_head_is_linked_to_the_planned_day(personas, clerk):
    with time_machine.travel(local_dt("2026-12-07 08:00"), tick=False):
        day = services.plan_head_reception(
            personas.school,
            actor=clerk,
            date=dt.date(2026, 12, 15),
            start_time=dt.time(7, 30),
            end_time=dt.time(11, 0),
            place="P1",
            head=_head_person(personas),
        )
    reception = services.register_reception(
        personas.school, actor=clerk, content="Hỏi học phí", received_at=local_dt("2026-12-15 08:00"), head_session=day
    )
    assert reception.by_head and reception.officer == _head_person(personas) and reception.head_session == day
    with pytest.raises(PetitionError, match="cùng ngày"):
        services.register_reception(
            personas.school, actor=clerk, content="x", received_at=local_dt("2026-12-16 08:00"), head_session=day
        )
    services.cancel_head_reception(day, actor=clerk)
    with pytest.raises(PetitionError, match="đã hủy"):
        services.register_reception(
            personas.school, actor=clerk, content="x", received_at=local_dt("2026-12-15 09:00"), head_session=day
        )
