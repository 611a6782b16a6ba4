from __future__ import annotations

import datetime as dt

import pytest

from danvan.board import services
from danvan.board.choices import BoardRole, Channel, FeedbackStatus, PeriodKind, RecommendationStatus
from danvan.board.models import BoardMember, BoardRecommendation
from danvan.core.models import AuditEvent
from danvan.notify.models import Notification
from danvan.org.choices import Position
from danvan.org.models import Membership
from tests.board.conftest import make_staff, roles

pytestmark = pytest.mark.django_db

D = dt.date


ELECTED = D(2025, 9, 15)


def elect(org, people, actor, deputies=1, on=ELECTED):
    return services.create_term(org, actor=actor, elected_on=on, members=roles(people, deputies))


# ---------------------------------------------------------------- composition (Điều 60, NĐ 59/2023 Điều 21)


@pytest.mark.parametrize("n", [3, 5, 9])
def test_a_board_of_three_to_nine_members_is_accepted(big_school, staff, principal, n):
    term = elect(big_school, staff[:n], principal, deputies=1)
    assert term.members.count() == n


@pytest.mark.parametrize("n", [1, 2, 10])
def test_it_rejects_a_board_outside_three_to_nine_members(big_school, staff, principal, n):
    with pytest.raises(services.BoardError) as exc:
        elect(big_school, staff[:n], principal, deputies=0)
    assert "Ban thanh tra nhân dân có từ 3 đến 9 thành viên (Điều 60 Luật 10/2022/QH15)" in str(exc.value)


@pytest.mark.parametrize(("staff_count", "allowed"), [(7, False), (8, True), (3, False)])
def test_it_rejects_a_board_where_the_school_has_seven_staff_or_fewer(
    big_school, staff, principal, staff_count, allowed
):
    big_school.staff_count = staff_count
    big_school.save(update_fields=["staff_count"])
    if allowed:
        assert elect(big_school, staff[:3], principal).pk
    else:
        with pytest.raises(services.BoardError, match="07 cán bộ.*Điều 60"):
            elect(big_school, staff[:3], principal)


def test_without_a_recorded_staff_count_it_counts_active_staff(school, principal):
    people = make_staff(school, 4)  # + principal, clerk, teacher = 7
    assert school.staff_count is None
    with pytest.raises(services.BoardError, match="07 cán bộ"):
        elect(school, people[:3], principal)
    make_staff(school, 1, prefix="Nhân viên")
    assert elect(school, people[:3], principal).pk


def test_it_rejects_the_principal_as_a_member(big_school, staff, principal):
    members = roles(staff[:3]) + [(principal.person, BoardRole.MEMBER)]
    with pytest.raises(services.BoardError) as exc:
        services.create_term(big_school, actor=principal, elected_on=D(2025, 9, 15), members=members)
    assert "người đứng đầu, cấp phó, kế toán trưởng" in str(exc.value)
    assert "Phạm Huy Hùng" in str(exc.value)


def test_it_rejects_a_deputy_head_and_the_chief_accountant(big_school, staff, principal):
    Membership.objects.create(person=staff[3], organisation=big_school, position=Position.PHO_HIEU_TRUONG)
    with pytest.raises(services.BoardError, match="cấp phó"):
        elect(big_school, staff[:4], principal)
    Membership.objects.create(
        person=staff[5], organisation=big_school, position=Position.NHAN_VIEN, title="Kế toán trưởng"
    )
    with pytest.raises(services.BoardError, match="Kế toán trưởng"):
        elect(big_school, [staff[4], staff[5], staff[6]], principal)


def test_it_rejects_staff_of_another_school(big_school, other_school, staff, principal):
    outsider = make_staff(other_school, 1, prefix="Người trường khác")[0]
    with pytest.raises(services.BoardError, match="không phải cán bộ"):
        services.create_term(
            big_school,
            actor=principal,
            elected_on=D(2025, 9, 15),
            members=[*roles(staff[:3]), (outsider, BoardRole.MEMBER)],
        )


@pytest.mark.parametrize(
    ("n", "deputies", "allowed"), [(5, 1, True), (5, 2, False), (8, 2, False), (9, 2, True), (9, 3, False)]
)
def test_two_deputies_only_on_a_board_of_nine(big_school, staff, principal, n, deputies, allowed):
    if allowed:
        assert elect(big_school, staff[:n], principal, deputies=deputies).pk
    else:
        with pytest.raises(services.BoardError, match="Điều 21 Nghị định 59/2023"):
            elect(big_school, staff[:n], principal, deputies=deputies)


def test_a_board_has_exactly_one_head(big_school, staff, principal):
    members = [(p, BoardRole.MEMBER) for p in staff[:4]]
    with pytest.raises(services.BoardError, match="một Trưởng ban"):
        services.create_term(big_school, actor=principal, elected_on=D(2025, 9, 15), members=members)


def test_a_person_holds_one_role(big_school, staff, principal):
    members = [*roles(staff[:3]), (staff[1], BoardRole.MEMBER)]
    with pytest.raises(services.BoardError, match="một chức danh"):
        services.create_term(big_school, actor=principal, elected_on=D(2025, 9, 15), members=members)


def test_the_term_lasts_two_years_and_recognition_is_due_in_five_working_days(big_school, staff, principal):
    term = elect(big_school, staff[:5], principal, on=D(2025, 1, 24))
    assert term.starts_on == D(2025, 1, 24)
    assert term.ends_on == D(2027, 1, 23)
    # NĐ 59/2023 Điều 21: 5 working days; Tết 2025 (27–31/01) does not count.
    assert term.recognition_due == D(2025, 2, 7)
    assert AuditEvent.objects.filter(code="board.boardterm.elected", object_id=str(term.pk)).exists()


def test_a_term_starting_on_29_february_ends_on_28_february(big_school, staff, principal):
    assert services.term_end(D(2024, 2, 29)) == D(2026, 2, 28)


def test_late_recognition_is_recorded_and_flagged(term, principal):
    services.recognise_term(term, actor=principal, recognised_on=term.recognition_due + dt.timedelta(days=1))
    assert term.recognised_late
    with pytest.raises(services.BoardError):
        services.recognise_term(term, actor=principal, recognised_on=term.elected_on - dt.timedelta(days=1))


def test_it_rejects_a_second_board_in_the_same_term(term, staff, principal, big_school):
    with pytest.raises(services.BoardError, match="đã có Ban thanh tra nhân dân"):
        elect(big_school, staff[5:9], principal, on=D(2026, 3, 1))
    assert elect(big_school, staff[5:9], principal, on=D(2027, 9, 20)).pk


def test_members_can_be_replaced_keeping_the_rules(term, staff, principal):
    with pytest.raises(services.BoardError):
        services.set_members(term, actor=principal, members=roles(staff[:2]))
    services.set_members(term, actor=principal, members=roles(staff[3:7]))
    assert set(BoardMember.objects.filter(term=term).values_list("person_id", flat=True)) == {p.pk for p in staff[3:7]}


def test_a_teacher_cannot_record_a_board(big_school, staff, teacher):
    with pytest.raises(services.BoardError, match="không có quyền"):
        elect(big_school, staff[:3], teacher)


def test_current_term_is_the_one_in_force(term):
    assert services.current_term(term.organisation, D(2026, 1, 1)) == term
    assert services.current_term(term.organisation, D(2028, 1, 1)) is None


# ---------------------------------------------------------------- programme


def test_a_programme_keeps_its_activities_in_order(big_school, principal, term):
    p = services.create_programme(
        big_school,
        actor=principal,
        period=PeriodKind.QUARTER,
        year=2025,
        number=4,
        title="Chương trình quý 4",
        items=["- Giám sát A", "", "• Giám sát B"],
    )
    assert [i.content for i in p.items.all()] == ["Giám sát A", "Giám sát B"]
    assert p.period_label == "Quý 4/2025"
    assert p.term == services.current_term(big_school, D(2025, 11, 1)) or p.term is None


@pytest.mark.parametrize(
    ("period", "number"), [(PeriodKind.QUARTER, 5), (PeriodKind.QUARTER, None), (PeriodKind.HALF, 3)]
)
def test_it_rejects_a_programme_period_that_does_not_exist(big_school, principal, period, number):
    with pytest.raises(services.BoardError):
        services.create_programme(big_school, actor=principal, period=period, year=2025, number=number, title="x")


def test_an_annual_programme_has_no_number(big_school, principal):
    p = services.create_programme(big_school, actor=principal, period=PeriodKind.YEAR, year=2025, number=3, title="Năm")
    assert p.number is None and p.period_label == "Năm 2025"


def test_programme_transitions_follow_the_table(big_school, principal):
    p = services.create_programme(
        big_school, actor=principal, period=PeriodKind.YEAR, year=2025, number=None, title="Năm"
    )
    with pytest.raises(services.BoardError):
        services.transition_programme(p, "close", actor=principal)
    services.transition_programme(p, "adopt", actor=principal)
    services.transition_programme(p, "close", actor=principal)
    assert p.status == "hoan-thanh"
    assert AuditEvent.objects.filter(code="board.boardprogramme.close", object_id=str(p.pk)).exists()


# ---------------------------------------------------------------- staff feedback (NĐ 59/2023 Điều 22)


def test_feedback_goes_from_received_to_result_sent(big_school, staff, board_head, time_machine):
    time_machine.move_to("2025-10-10 09:00 +07:00")
    fb = services.receive_feedback(
        big_school,
        actor=board_head,
        person=staff[7],
        content="Đề nghị công khai",
        received_on=D(2025, 10, 1),
        channel=Channel.BOX,
    )
    services.start_verification(fb, actor=board_head)
    with pytest.raises(services.BoardError, match="Điều 22"):
        services.send_feedback_result(fb, actor=board_head, result="  ", sent_on=D(2025, 10, 5))
    with pytest.raises(services.BoardError):
        services.send_feedback_result(fb, actor=board_head, result="Đã xác minh", sent_on=D(2025, 9, 5))
    services.send_feedback_result(fb, actor=board_head, result="Đã xác minh", sent_on=D(2025, 10, 5))
    fb.refresh_from_db()
    assert fb.status == FeedbackStatus.ANSWERED and fb.result_sent_on == D(2025, 10, 5)
    with pytest.raises(services.BoardError):
        services.start_verification(fb, actor=board_head)


def test_the_board_receives_feedback_only_from_its_own_staff(big_school, other_school, board_head):
    outsider = make_staff(other_school, 1)[0]
    with pytest.raises(services.BoardError, match="trong đơn vị"):
        services.receive_feedback(
            big_school,
            actor=board_head,
            person=outsider,
            content="x",
            received_on=D(2025, 1, 2),
            channel=Channel.DIRECT,
        )


def test_feedback_cannot_be_dated_in_the_future(big_school, staff, board_head, time_machine):
    time_machine.move_to("2025-10-10 09:00 +07:00")
    with pytest.raises(services.BoardError):
        services.receive_feedback(
            big_school,
            actor=board_head,
            person=staff[0],
            content="x",
            received_on=D(2025, 10, 11),
            channel=Channel.DIRECT,
        )


# ---------------------------------------------------------------- recommendations: the 15-day clock (Điều 63(1))


@pytest.mark.parametrize(
    ("sent", "due"),
    [
        (D(2025, 1, 25), D(2025, 2, 10)),  # 15 days → Sunday 09/02 → Monday (BLDS Điều 148(5))
        (D(2025, 1, 13), D(2025, 2, 3)),  # 15 days → 28/01, in Tết 2025 → first working day after it
        (D(2025, 3, 3), D(2025, 3, 18)),
    ],
)
def test_the_answer_is_due_fifteen_days_later_rolled_past_holidays(big_school, board_head, time_machine, sent, due):
    time_machine.move_to("2025-04-01 09:00 +07:00")
    rec = services.send_recommendation(
        big_school, actor=board_head, subject="Kiến nghị", content="Nội dung", sent_on=sent
    )
    assert rec.due_on == due
    assert "Điều 63" in rec.due_citation


def test_days_left_and_colour_under_a_frozen_clock(big_school, board_head, principal, time_machine):
    time_machine.move_to("2025-01-25 10:00 +07:00")
    rec = services.send_recommendation(
        big_school, actor=board_head, subject="Trước Tết", content="x", sent_on=D(2025, 1, 25)
    )
    assert rec.due_on == D(2025, 2, 10)
    assert (rec.days_left(), rec.colour()) == (16, "ok")
    time_machine.move_to("2025-02-08 10:00 +07:00")
    assert (rec.days_left(), rec.colour()) == (2, "warn")
    time_machine.move_to("2025-02-12 10:00 +07:00")
    assert (rec.days_left(), rec.colour()) == (-2, "late")
    services.answer_recommendation(rec, actor=principal, answer="Đã chỉ đạo công khai", answered_on=D(2025, 2, 12))
    assert rec.status == RecommendationStatus.ANSWERED and rec.colour() == "late"
    event = AuditEvent.objects.get(code="board.boardrecommendation.answer", object_id=str(rec.pk))
    assert "quá hạn" in event.message and event.actor == principal


def test_a_recommendation_before_the_law_took_effect_has_no_clock(big_school, board_head, time_machine):
    time_machine.move_to("2023-06-20 10:00 +07:00")
    with pytest.raises(services.BoardError):
        services.send_recommendation(big_school, actor=board_head, subject="x", content="x", sent_on=D(2023, 6, 1))
    assert not BoardRecommendation.objects.exists()


def test_only_the_principal_answers_and_the_board_head_withdraws(big_school, board_head, principal, teacher):
    rec = services.send_recommendation(big_school, actor=board_head, subject="x", content="x", sent_on=D(2025, 3, 3))
    for user in (board_head, teacher):
        with pytest.raises(services.BoardError, match="không có quyền"):
            services.answer_recommendation(rec, actor=user, answer="ok", answered_on=D(2025, 3, 5))
    with pytest.raises(services.BoardError):
        services.answer_recommendation(rec, actor=principal, answer="", answered_on=D(2025, 3, 5))
    services.answer_recommendation(rec, actor=principal, answer="Đồng ý", answered_on=D(2025, 3, 5))
    assert rec.answered_by == principal and rec.colour() == "ok"
    with pytest.raises(services.BoardError):
        services.withdraw_recommendation(rec, actor=board_head)


def test_open_recommendations_are_sorted_by_due_date(big_school, board_head):
    late = services.send_recommendation(big_school, actor=board_head, subject="b", content="x", sent_on=D(2025, 3, 3))
    early = services.send_recommendation(big_school, actor=board_head, subject="a", content="x", sent_on=D(2025, 3, 1))
    services.withdraw_recommendation(late, actor=board_head)
    assert services.open_recommendations([big_school]) == [early]


def test_a_report_needs_content(big_school, board_head):
    with pytest.raises(services.BoardError):
        services.create_report(
            big_school,
            actor=board_head,
            period=PeriodKind.HALF,
            year=2025,
            number=1,
            title="BC",
            content=" ",
            recipient="ca-hai",
        )
    r = services.create_report(
        big_school,
        actor=board_head,
        period=PeriodKind.YEAR,
        year=2025,
        number=1,
        title="BC",
        content="Nội dung",
        recipient="ca-hai",
        sent_on=D(2025, 12, 1),
    )
    assert r.number is None
    assert AuditEvent.objects.filter(code="board.boardreport.sent").exists()


def test_members_are_listed_head_first(big_school, staff, principal):
    term = elect(big_school, staff[:5], principal, deputies=1)
    assert [m.role for m in services.ordered_members(term)] == [
        "truong-ban",
        "pho-ban",
        "uy-vien",
        "uy-vien",
        "uy-vien",
    ]


def test_the_head_neither_writes_recommendations_to_himself_nor_takes_staff_feedback(big_school, staff, principal):
    with pytest.raises(services.BoardError, match="Chỉ Ban thanh tra nhân dân"):
        services.send_recommendation(big_school, actor=principal, subject="x", content="x", sent_on=D(2025, 3, 3))
    with pytest.raises(services.BoardError, match="Chỉ Ban thanh tra nhân dân"):
        services.receive_feedback(
            big_school, actor=principal, person=staff[0], content="x", received_on=D(2025, 3, 3), channel=Channel.DIRECT
        )
    assert not services.is_board(principal, big_school)


def test_the_head_is_told_of_a_recommendation_and_the_board_of_the_answer(
    big_school, board_head, principal, time_machine
):
    time_machine.move_to("2025-03-04 09:00 +07:00")
    rec = services.send_recommendation(
        big_school, actor=board_head, subject="Công khai thu chi", content="x", sent_on=D(2025, 3, 3)
    )
    [note] = Notification.objects.filter(recipient=principal)
    assert "Công khai thu chi" in note.subject and "18/03/2025" in note.body
    services.answer_recommendation(rec, actor=principal, answer="Đồng ý", answered_on=D(2025, 3, 4))
    assert Notification.objects.filter(recipient=board_head, subject__contains="đã trả lời").exists()
