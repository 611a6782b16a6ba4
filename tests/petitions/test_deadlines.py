"""Every petition deadline rule of domain.md §1–§3 on the real calendar (Tết 2024/2025, swapped Saturdays)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from danvan.core.models import AuditEvent
from danvan.petitions import services
from danvan.petitions.choices import Kind, State
from danvan.petitions.models import Petition, PetitionStep
from danvan.workdays import services as wd
from danvan.workdays.models import CalendarChange, DeadlineRule
from tests.petitions.factories import advance, day, local_dt, register

pytestmark = pytest.mark.django_db


def _received(personas, kind, when, **kw):
    with time_machine.travel(local_dt(when), tick=False):
        return register(personas.school, personas.principal, kind=kind, received_at=local_dt(when), **kw)


def _accepted(personas, kind, received, accepted_on, **kw):
    petition = _received(personas, kind, received, **kw)
    with time_machine.travel(local_dt(received), tick=False):
        services.classify(petition, actor=personas.principal, kind=kind)
        services.accept(petition, actor=personas.principal, accepted_on=day(accepted_on))
    return petition


# ---------------------------------------------------------------- acceptance / processing periods


def test_complaint_acceptance_is_10_working_days_across_tet_2025(personas):
    # Luật KN Điều 27; TT 07/2013 Điều 5: 10 working days. Tết 2025: 25/01–02/02 off.
    p = _received(personas, Kind.KHIEU_NAI, "2025-01-20 09:00")
    assert (p.step, p.due_on) == ("thu-ly", day("2025-02-10"))
    assert "Điều 27" in p.deadline_citation and "làm việc" in p.deadline_rule


def test_the_receiving_day_is_the_local_date(personas):
    late = _received(personas, Kind.KHIEU_NAI, "2025-01-20 23:59")
    early = _received(personas, Kind.KHIEU_NAI, "2025-01-21 00:00")
    assert late.due_on == day("2025-02-10")
    assert early.due_on == day("2025-02-11")


def test_denunciation_processing_is_7_working_days_across_tet_2024(personas):
    # Luật TC Điều 24(1): 07 working days; Tết 2024: 08–14/02 off.
    p = _received(personas, Kind.TO_CAO, "2024-02-05 08:00")
    assert (p.step, p.due_on) == ("xu-ly", day("2024-02-21"))


def test_denunciation_processing_with_several_places_is_10_working_days(personas):
    # Luật TC Điều 24(1): up to 10 working days only on its own ground, recorded on the petition.
    p = _received(personas, Kind.TO_CAO, "2024-02-05 08:00")
    with time_machine.travel(local_dt("2024-02-05 09:00"), tick=False):
        services.classify(p, actor=personas.principal, kind=Kind.TO_CAO, is_complex=True)
        assert p.due_on == day("2024-02-21")  # "complex" alone does not lengthen initial processing
        services.extend_initial_processing(p, actor=personas.principal, reason="nhieu-dia-diem")
    assert p.due_on == day("2024-02-26")
    assert "nhiều địa điểm" in p.deadline_rule and "Điều 24(1)" in p.deadline_citation


def test_second_complaint_acceptance_is_10_calendar_days(personas):
    # Luật KN Điều 36: "10 ngày" → calendar days, rolled to the next working day (BLDS Điều 148(5)).
    p = _received(personas, Kind.KHIEU_NAI_LAN_2, "2025-01-20 09:00")
    assert p.due_on == day("2025-02-03")  # 30/01 falls in Tết 2025


def test_feedback_reply_is_10_working_days_with_the_2025_swapped_saturday(personas):
    # Luật TCD Điều 28(1); Saturday 26/04/2025 is a working day, 30/04–04/05 off.
    p = _received(personas, Kind.KIEN_NGHI, "2025-04-22 10:00")
    assert (p.step, p.due_on) == ("tra-loi", day("2025-05-08"))


def test_an_unclassified_petition_gets_the_reception_reply_period(personas):
    p = _received(personas, Kind.CHUA_RO, "2025-04-22 10:00")
    assert p.due_on == day("2025-05-08")
    assert "Điều 28" in p.deadline_citation


# ---------------------------------------------------------------- resolution periods


def test_complaint_resolution_is_30_days_rolled_past_tet(personas):
    # Luật KN Điều 28: 30 days; 01/02/2025 is in Tết → next working day 03/02.
    p = _accepted(personas, Kind.KHIEU_NAI, "2024-12-30 09:00", "2025-01-02")
    assert (p.step, p.due_on) == ("giai-quyet", day("2025-02-03"))


def test_complex_and_remote_complaints_get_45_and_60_days(personas):
    # The longer period follows from the written determination of a complex case (NĐ 124/2020 Điều 3a).
    p = _accepted(
        personas,
        Kind.KHIEU_NAI,
        "2024-12-30 09:00",
        "2025-01-02",
    )
    with time_machine.travel(local_dt("2025-01-02 10:00"), tick=False):
        services.determine_complex(p, actor=personas.principal, criteria=["kn-3a-1b"], determination="Hai nội dung")
    assert p.due_on == day("2025-02-17")  # 16/02 is a Sunday
    q = _received(personas, Kind.KHIEU_NAI, "2024-12-30 09:00")
    with time_machine.travel(local_dt("2024-12-30 10:00"), tick=False):
        services.classify(q, actor=personas.principal, kind=Kind.KHIEU_NAI, is_remote=True)
        services.determine_complex(q, actor=personas.principal, criteria=["kn-3a-1a"], determination="Hai địa điểm")
        services.accept(q, actor=personas.principal, accepted_on=day("2025-01-02"))
    assert q.due_on == day("2025-03-03")  # 60 days


def test_second_complaint_resolution_is_45_days(personas):
    p = _accepted(personas, Kind.KHIEU_NAI_LAN_2, "2024-12-30 09:00", "2025-01-02")
    assert p.due_on == day("2025-02-17")
    assert "Điều 37" in p.deadline_citation


def test_denunciation_resolution_is_30_days_plus_written_extensions(personas):
    # Luật TC Điều 30: 30 days; 01/05/2024 is a holiday → 02/05. One extension of 30 days → 31/05.
    p = _accepted(personas, Kind.TO_CAO, "2024-03-28 09:00", "2024-04-01")
    assert p.due_on == day("2024-05-02")
    with time_machine.travel(local_dt("2024-04-20 10:00"), tick=False):
        services.extend(p, actor=personas.principal, days=30, reason="Nhiều nơi xác minh", grounds=["a"])
    assert p.due_on == day("2024-05-31")
    assert "NĐ 31/2019" in p.deadline_citation


# ---------------------------------------------------------------- sending the decision


def _resolved(personas, kind, resolved_on):
    p = _accepted(personas, kind, "2024-01-02 09:00", "2024-01-03")
    with time_machine.travel(local_dt(f"{resolved_on} 09:00"), tick=False):
        services.start_verification(p, actor=personas.principal)
        if kind != Kind.TO_CAO:
            services.record_verification(p, actor=personas.principal, findings="Đã xác minh")
        if kind == Kind.KHIEU_NAI_LAN_2:
            services.notify_dialogue(
                p,
                actor=personas.principal,
                planned_on=day(resolved_on),
                content="Đối thoại",
                notice_sent_on=day(resolved_on) - dt.timedelta(days=5),
            )
            services.record_dialogue(
                p, actor=personas.principal, held_on=day(resolved_on), participants="Hai bên", minutes="Trao đổi"
            )
        if kind == Kind.TO_CAO:
            services.resolve(
                p, actor=personas.principal, summary="KL", denunciation_conclusion="dung", resolved_on=day(resolved_on)
            )
        else:
            services.resolve(
                p,
                actor=personas.principal,
                summary="QĐ",
                complaint_conclusion="sai",
                complaint_action="giu-nguyen",
                resolved_on=day(resolved_on),
            )
    return p


def test_first_decision_is_sent_within_3_working_days_around_the_2024_swap(personas):
    # Luật KN Điều 32; 29/04–01/05/2024 off, Saturday 04/05/2024 worked.
    p = _resolved(personas, Kind.KHIEU_NAI, "2024-04-25")
    assert (p.step, p.due_on) == ("gui-quyet-dinh", day("2024-05-03"))


def test_second_decision_is_sent_within_7_days(personas):
    p = _resolved(personas, Kind.KHIEU_NAI_LAN_2, "2025-01-20")
    assert p.due_on == day("2025-02-03")  # Luật KN Điều 41; 27/01 in Tết 2025


def test_denunciation_conclusion_is_sent_within_5_working_days(personas):
    p = _resolved(personas, Kind.TO_CAO, "2025-04-24")
    assert (p.step, p.due_on) == ("gui-ket-luan", day("2025-05-05"))  # Luật TC Điều 35


def test_nothing_is_due_once_the_decision_is_sent(personas):
    p = _resolved(personas, Kind.KHIEU_NAI, "2024-04-25")
    services.send_decision(p, actor=personas.principal, sent_on=day("2024-05-02"))
    assert p.due_on is None and p.step == "" and p.next_reminder_at is None


# ---------------------------------------------------------------- colours and recompute


def test_colour_and_working_days_left_follow_the_calendar(personas):
    p = _received(personas, Kind.KHIEU_NAI, "2025-01-20 09:00")  # due 10/02/2025
    assert p.working_days_left(day("2025-01-20")) == 10
    assert p.colour(day("2025-01-20")) == "ok"
    assert p.colour(day("2025-02-04")) == "warn"
    assert p.colour(day("2025-02-11")) == "late"
    with time_machine.travel(local_dt("2025-02-11 08:00"), tick=False):
        assert p in Petition.objects.overdue()


def test_a_new_day_off_moves_open_deadlines_audits_and_tells_the_handler(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    p = _received(personas, Kind.KIEN_NGHI, "2025-04-22 10:00")  # due 08/05/2025
    services.assign(p, personas.clerk.person, actor=personas.principal)
    untouched = _received(personas, Kind.KIEN_NGHI, "2025-03-03 10:00")
    old_untouched = untouched.due_on
    mailoutbox.clear()
    CalendarChange.objects.create(date=day("2025-05-06"), kind="nghi", name="Nghỉ đột xuất")
    with (
        time_machine.travel(local_dt("2025-04-23 08:00"), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        counts = wd.recompute_open_deadlines({personas.school.pk}, (day("2025-05-06"), day("2025-05-06")))
    assert counts["petitions"] == 1
    p.refresh_from_db()
    untouched.refresh_from_db()
    assert p.due_on == day("2025-05-09")
    assert untouched.due_on == old_untouched
    assert AuditEvent.objects.filter(code="petitions.petition.deadline_changed", object_id=str(p.pk)).exists()
    assert PetitionStep.objects.filter(petition=p, code="deadline_changed").exists()
    assert any("Thay đổi hạn" in m.subject for m in mailoutbox)
    assert all("Nguyễn Thị Hoa" not in m.body for m in mailoutbox)


def test_petitions_are_registered_as_a_deadline_source():
    assert "petitions" in wd.deadline_sources()


def test_closed_petitions_are_not_recomputed(personas):
    p = _received(personas, Kind.KIEN_NGHI, "2025-04-22 10:00")
    advance(p, State.GUIDED, principal=personas.principal)
    CalendarChange.objects.create(date=day("2025-05-06"), kind="nghi", name="Nghỉ đột xuất")
    assert wd.recompute_open_deadlines(None, None)["petitions"] == 0


def test_a_complaint_received_from_1_july_2026_is_accepted_within_7_working_days(personas):
    # NĐ 124/2020 Điều 16(1) as amended by NĐ 155/2026 Điều 10, in force 01/7/2026.
    p = _received(personas, Kind.KHIEU_NAI, "2026-07-06 09:00")
    assert p.due_on == day("2026-07-15")
    assert "NĐ 155/2026/NĐ-CP, Điều 10" in p.deadline_citation
    assert "chưa xác nhận" not in p.deadline_rule


def test_a_complaint_received_before_1_july_2026_keeps_10_working_days(personas):
    p = _received(personas, Kind.KHIEU_NAI, "2026-06-22 09:00")
    assert p.due_on == day("2026-07-06")
    assert "Điều 27" in p.deadline_citation


def test_a_removed_rule_leaves_the_petition_without_a_due_date(personas):
    DeadlineRule.objects.filter(kind="phan-anh", step="tra-loi").delete()
    wd.invalidate()
    p = _received(personas, Kind.PHAN_ANH, "2025-04-22 10:00")
    assert p.due_on is None and p.state == State.RECEIVED
