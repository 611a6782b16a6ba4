"""The petition counters the Department aggregate reads equal a fresh count after every kind of change."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db.models import F

from danvan.petitions import counters, deadlines, services, stats
from danvan.petitions.choices import Kind, State
from danvan.petitions.models import Petition, PetitionCount
from danvan.privacy.services import erase_petition
from danvan.reports import services as report_services
from danvan.reports.sources import period_bounds
from tests.petitions.factories import local_dt, register

FIRST, LAST = dt.date(2026, 8, 1), dt.date(2027, 2, 28)


def _days() -> list[dt.date]:
    return [FIRST + dt.timedelta(days=d) for d in range(0, (LAST - FIRST).days + 1, 2)]


def assert_counts_fresh(*orgs) -> None:
    """The stored counters equal those of the petitions, and every figure read from them equals the live count."""
    assert stats.counter_differences() == []
    ids = [o.pk for o in orgs]
    for day in _days():
        assert stats.overdue_on(ids, day) == stats.live_overdue_on(ids, day), day
    # Whole months, months and days, days of one month: each read from the rows that cover it.
    periods = (
        (FIRST, LAST),
        (dt.date(2026, 9, 1), dt.date(2026, 10, 31)),
        (dt.date(2026, 8, 15), dt.date(2027, 1, 14)),
        (dt.date(2026, 9, 1), dt.date(2026, 9, 20)),
        (dt.date(2026, 9, 3), dt.date(2026, 12, 31)),
    )
    for first, last in periods:
        counted = stats.petition_counts_by_org(ids, first, last, last)
        live = stats.petition_stats_by_org(ids, *period_bounds(first, last))
        keys = ("received", "resolved_on_time", "resolved_late")
        assert {i: {k: counted[i][k] for k in keys} for i in ids} == {i: {k: live[i][k] for k in keys} for i in ids}


def test_the_counters_follow_every_change_of_a_petition(personas):
    school, other, department = personas.school, personas.other_school, personas.department
    principal = personas.principal
    with time_machine.travel(local_dt("2026-09-01 09:00"), tick=False):
        complaint = register(school, personas.clerk, kind=Kind.KHIEU_NAI)
        feedback = register(school, personas.clerk, kind=Kind.PHAN_ANH)
        late = register(school, personas.clerk, kind=Kind.KIEN_NGHI, received_at=local_dt("2026-08-03 23:30"))
        assert_counts_fresh(school, other, department)
        assert stats.petition_counts_by_org([school.pk], FIRST, LAST, LAST)[school.pk]["received"] == 3

    with time_machine.travel(local_dt("2026-09-03 09:00"), tick=False):
        services.classify(complaint, actor=principal, kind=Kind.KHIEU_NAI)
        assert_counts_fresh(school, other, department)
        services.accept(complaint, actor=principal)
        assert_counts_fresh(school, other, department)
        services.classify(feedback, actor=principal, kind=Kind.PHAN_ANH)
        assert_counts_fresh(school, other, department)

    with time_machine.travel(local_dt("2026-11-20 09:00"), tick=False):
        # Long past its deadline: overdue in the counters as in the live count.
        assert stats.overdue_on([school.pk], dt.date(2026, 11, 20)).get(school.pk, 0) >= 1
        services.transfer(feedback, actor=principal, to_name=other.name, to_org=other)
        assert Petition.objects.filter(organisation=other).exists()
        assert_counts_fresh(school, other, department)
        deadlines.recompute_deadlines({school.pk}, None, reason="thử")
        assert_counts_fresh(school, other, department)

    with time_machine.travel(local_dt("2026-12-01 09:00"), tick=False):
        services.start_verification(complaint, actor=principal, notes="Xác minh")
        services.record_verification(complaint, actor=principal, findings="Điểm đã chấm đúng đáp án")
        services.resolve(
            complaint,
            actor=principal,
            summary="Giữ nguyên điểm",
            complaint_conclusion="sai",
            complaint_action="giu-nguyen",
        )
        assert_counts_fresh(school, other, department)
        services.send_decision(complaint, actor=principal)
        services.reply(complaint, actor=principal, text="Nhà trường đã trả lời.")
        services.close(complaint, actor=principal)
        complaint.refresh_from_db()
        assert complaint.state == State.CLOSED
        assert_counts_fresh(school, other, department)

        # Routed away to the managing body: it leaves the school's books for the Department's.
        late.routed_away, late.handling_body = True, department
        late.save(update_fields=["routed_away", "handling_body"])
        assert stats.petition_counts_by_org([department.pk], FIRST, LAST, LAST)[department.pk]["received"] == 1
        assert_counts_fresh(school, other, department)

        # Retention: the identity is erased, the petition and its figures stay.
        erase_petition(complaint, reason="Hết thời hạn lưu trữ")
        assert_counts_fresh(school, other, department)
        late.delete()
        assert_counts_fresh(school, other, department)
        assert stats.petition_counts_by_org([department.pk], FIRST, LAST, LAST)[department.pk]["received"] == 0


def test_the_aggregate_reads_the_counters(personas):
    with time_machine.travel(local_dt("2026-09-01 09:00"), tick=False):
        register(personas.school, personas.clerk, kind=Kind.KIEN_NGHI)
        register(personas.other_school, personas.other_principal, kind=Kind.KIEN_NGHI)
    with time_machine.travel(local_dt("2027-01-10 09:00"), tick=False):
        # A counter set wrong by hand shows in the aggregate: the figures come from the counters, not a count.
        PetitionCount.objects.filter(organisation=personas.school, measure=counters.RECEIVED).update(n=F("n") + 4)
        rows = {
            r["id"]: r for r in report_services.department_aggregate(personas.department, FIRST, LAST)["school_rows"]
        }
        assert (
            rows[personas.school.pk]["petitions_received"],
            rows[personas.other_school.pk]["petitions_received"],
        ) == (5, 1)


def test_a_rebuild_fixes_a_wrong_counter(personas):
    with time_machine.travel(local_dt("2026-09-01 09:00"), tick=False):
        register(personas.school, personas.clerk, kind=Kind.KIEN_NGHI)
        register(personas.school, personas.clerk, kind=Kind.KHIEU_NAI)
    wrong = PetitionCount.objects.filter(organisation=personas.school, measure=counters.RECEIVED, grain=counters.DAY)
    wrong.update(n=F("n") + 3)
    PetitionCount.objects.create(
        organisation=personas.other_school, measure=counters.OVERDUE, grain=counters.DAY, day=FIRST, n=2
    )
    assert len(stats.counter_differences()) == 2
    with pytest.raises(CommandError, match="2 dòng"):
        call_command("petition_counters", "check")
    call_command("petition_counters", "rebuild")
    assert stats.counter_differences() == []
    call_command("petition_counters", "check")
    assert stats.petition_counts_by_org([personas.school.pk], FIRST, LAST, LAST)[personas.school.pk]["received"] == 2
    assert stats.overdue_on([personas.other_school.pk], LAST) == {}


@pytest.mark.parametrize(
    ("values", "overdue_days"),
    [
        # Open, due 10/9: overdue from 11/9 on.
        ({"state": "received", "due_on": dt.date(2026, 9, 10)}, [(dt.date(2026, 9, 11), None)]),
        # Accepted, due 30/9, resolved 15/10 then closed 20/10: overdue 1/10 – 14/10.
        (
            {
                "state": "closed",
                "accepted_on": dt.date(2026, 9, 5),
                "resolution_due_on": dt.date(2026, 9, 30),
                "resolved_on": dt.date(2026, 10, 15),
                "closed_at": local_dt("2026-10-20 10:00"),
            },
            [(dt.date(2026, 10, 1), dt.date(2026, 10, 15))],
        ),
        # Both reasons at once count once; a withdrawal at 23:30 local stops it that day.
        (
            {
                "state": "verifying",
                "due_on": dt.date(2026, 9, 20),
                "accepted_on": dt.date(2026, 9, 5),
                "resolution_due_on": dt.date(2026, 9, 25),
                "withdrawn_at": local_dt("2026-10-02 23:30"),
            },
            [(dt.date(2026, 9, 21), dt.date(2026, 10, 2))],
        ),
        # A split petition counts through its parts only.
        ({"state": "filed", "closure": "split", "due_on": dt.date(2026, 9, 10)}, []),
    ],
)
def test_the_days_a_petition_is_overdue(values, overdue_days):
    row = dict.fromkeys(counters.COUNTED_FIELDS)
    row.update(organisation_id=1, handling_body_id=1, routed_away=False, continues_after_withdrawal=False, closure="")
    row.update(received_at=local_dt("2026-09-01 09:00"), **values)
    got = counters.contribution(row)
    expected = {}
    for first, stop in overdue_days:
        expected[(1, counters.OVERDUE, counters.DAY, first)] = 1
        if stop is not None:
            expected[(1, counters.OVERDUE, counters.DAY, stop)] = -1
    assert {k: n for k, n in got.items() if k[1] == counters.OVERDUE and k[2] == counters.DAY} == expected


@pytest.mark.parametrize(
    ("first", "last", "rows"),
    [
        (
            "2022-12-15",
            "2023-06-14",
            [("m", "2023-01-01", "2023-05-31"), ("d", "2022-12-15", "2022-12-31"), ("d", "2023-06-01", "2023-06-14")],
        ),
        ("2023-01-01", "2023-12-31", [("m", "2023-01-01", "2023-12-31")]),
        ("2023-02-03", "2023-02-28", [("d", "2023-02-03", "2023-02-28")]),
        ("2023-02-01", "2023-02-27", [("d", "2023-02-01", "2023-02-27")]),
        (
            "2023-01-31",
            "2023-03-01",
            [("m", "2023-02-01", "2023-02-28"), ("d", "2023-01-31", "2023-01-31"), ("d", "2023-03-01", "2023-03-01")],
        ),
    ],
)
def test_a_period_reads_its_whole_months_from_month_rows(first, last, rows):
    def d(text):
        return dt.date.fromisoformat(text)

    assert counters.spans(d(first), d(last)) == [(g, d(a), d(b)) for g, a, b in rows]
