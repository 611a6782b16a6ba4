"""Statistics equal counts computed directly from the rows, including the period edges in Asia/Ho_Chi_Minh."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
import time_machine
from django.utils import timezone

from danvan.petitions import services, stats
from danvan.petitions.choices import OPEN_STATES, Channel, Closure, Kind, MediationOutcome, State
from danvan.petitions.models import Mediation, Petition, Reception
from tests.petitions.factories import local_dt, register

pytestmark = pytest.mark.django_db

START = local_dt("2024-12-15 00:00")  # 6-month period 15/12 → 14/06 (NĐ 09/2019/NĐ-CP)
END = local_dt("2025-06-15 00:00")
NOW = local_dt("2025-07-01 09:00")


def _generate(orgs, n=240, seed=7):
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        org = rng.choice(orgs)
        received = local_dt("2024-11-01 00:00") + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 300))
        kind = rng.choice([Kind.KHIEU_NAI, Kind.TO_CAO, Kind.KIEN_NGHI, Kind.PHAN_ANH, Kind.KHIEU_NAI_LAN_2])
        state = rng.choice(list(State))
        p = Petition(
            organisation=org,
            handling_body=org,
            received_at=received,
            kind=kind,
            subject=f"Đơn {i}",
            content="Nội dung",
            channel=rng.choice(list(Channel)),
            state=state,
        )
        rdate = timezone.localtime(received).date()
        if state not in (
            State.RECEIVED,
            State.CLASSIFIED,
            State.NOT_ACCEPTED,
            State.TRANSFERRED,
            State.GUIDED,
            State.FILED,
        ):
            p.accepted_on = rdate + dt.timedelta(days=rng.randrange(0, 10))
        if state in (State.RESOLVED, State.DECISION_SENT, State.REPLIED, State.CLOSED):
            p.resolved_on = p.accepted_on + dt.timedelta(days=rng.randrange(5, 50))
            p.resolution_due_on = p.accepted_on + dt.timedelta(days=30)
        closure = {
            State.NOT_ACCEPTED: Closure.NOT_ACCEPTED,
            State.TRANSFERRED: Closure.TRANSFERRED,
            State.GUIDED: Closure.GUIDED,
            State.FILED: rng.choice([Closure.FILED, Closure.MERGED]),
            State.CLOSED: rng.choice([Closure.RESOLVED, Closure.WITHDRAWN]),
        }.get(state)
        if closure:
            p.closure = closure
            p.closed_at = received + dt.timedelta(days=rng.randrange(0, 40), hours=rng.randrange(0, 24))
            if closure == Closure.WITHDRAWN:
                p.withdrawn_at = p.closed_at
        if state in OPEN_STATES:
            p.due_on = rdate + dt.timedelta(days=rng.randrange(5, 300))
        p.save()
        rows.append(p)
        if rng.random() < 0.1:
            Mediation.objects.create(
                petition=p,
                organisation=org,
                held_on=rdate + dt.timedelta(days=3),
                outcome=rng.choice(list(MediationOutcome)),
            )
    return rows


def _in(value, first, last):
    return value is not None and first <= value < last


def test_stats_equal_direct_counts(personas):
    orgs = [personas.school, personas.other_school]
    rows = _generate(orgs)
    # the period edges: 14/06 23:59 counts, 15/06 00:00 does not; 15/12 00:00 counts, 14/12 23:59 does not
    edge = [
        register(personas.school, personas.principal, kind=Kind.KIEN_NGHI, received_at=local_dt(t))
        for t in ("2025-06-14 23:59", "2025-06-15 00:00", "2024-12-15 00:00", "2024-12-14 23:59")
    ]
    rows += [Petition.objects.get(pk=p.pk) for p in edge]
    services.register_reception(
        personas.school, actor=personas.principal, content="a", by_head=True, received_at=local_dt("2025-06-14 23:59")
    )
    services.register_reception(
        personas.school, actor=personas.clerk, content="b", received_at=local_dt("2025-06-15 00:00")
    )
    with time_machine.travel(NOW, tick=False):
        got = stats.petition_stats([o.pk for o in orgs], START, END)
    first, last = dt.date(2024, 12, 15), dt.date(2025, 6, 15)
    today = timezone.localtime(NOW).date()
    inp = [p for p in rows if START <= p.received_at < END]
    assert got["received"] == len(inp)
    assert got["by_kind"] == dict(Counter(p.kind for p in inp))
    assert got["by_channel"] == dict(Counter(p.channel for p in inp))
    assert got["accepted"] == sum(_in(p.accepted_on, first, last) for p in rows)
    closed = [p for p in rows if p.closed_at and START <= p.closed_at < END]
    assert got["not_accepted"] == sum(p.closure == Closure.NOT_ACCEPTED for p in closed)
    assert got["transferred"] == sum(p.closure == Closure.TRANSFERRED for p in closed)
    assert got["guided"] == sum(p.closure == Closure.GUIDED for p in closed)
    assert got["filed"] == sum(p.closure in (Closure.FILED, Closure.MERGED) for p in closed)
    assert got["withdrawn"] == sum(1 for p in rows if p.withdrawn_at and START <= p.withdrawn_at < END)
    resolved = [p for p in rows if _in(p.resolved_on, first, last)]
    assert got["resolved_on_time"] == sum(p.resolved_on <= p.resolution_due_on for p in resolved)
    assert got["resolved_late"] == sum(p.resolved_on > p.resolution_due_on for p in resolved)
    assert got["overdue_now"] == sum(1 for p in rows if p.state in OPEN_STATES and p.due_on and p.due_on < today)
    meds = [m for m in Mediation.objects.all() if first <= m.held_on < last]
    assert got["mediations"] == len(meds)
    assert got["mediation_outcomes"] == dict(Counter(m.outcome for m in meds))
    assert (got["receptions"], got["receptions_by_head"]) == (1, 1)
    months = Counter((f"{timezone.localtime(p.received_at):%Y-%m}", p.kind) for p in inp)
    flat = {(m, k): n for m, kinds in got["by_month"].items() for k, n in kinds.items()}
    assert flat == dict(months)
    assert "2025-06" in got["by_month"] and "2024-12" in got["by_month"]
    assert Reception.objects.count() == 2


def test_the_period_edge_is_local_time(personas):
    register(personas.school, personas.principal, kind=Kind.KIEN_NGHI, received_at=local_dt("2025-06-14 23:59"))
    register(personas.school, personas.principal, kind=Kind.KIEN_NGHI, received_at=local_dt("2025-06-15 00:00"))
    got = stats.petition_stats([personas.school.pk], START, END)
    assert got["received"] == 1
    nxt = stats.petition_stats([personas.school.pk], END, local_dt("2025-12-15 00:00"))
    assert nxt["received"] == 1


def test_stats_by_org_match_the_single_org_figures_in_one_query(personas, django_assert_num_queries):
    orgs = [personas.school, personas.other_school, personas.department]
    _generate(orgs[:2], n=120, seed=3)
    with time_machine.travel(NOW, tick=False):
        with django_assert_num_queries(1):
            by_org = stats.petition_stats_by_org([o.pk for o in orgs], START, END)
        for org in orgs:
            single = stats.petition_stats([org.pk], START, END)
            assert by_org[org.pk] == {
                k: single[k] for k in ("received", "resolved_on_time", "resolved_late", "overdue_now")
            }
    assert by_org[personas.department.pk] == {
        "received": 0,
        "resolved_on_time": 0,
        "resolved_late": 0,
        "overdue_now": 0,
    }


def test_it_refuses_naive_datetimes(personas):
    with pytest.raises(ValueError):
        stats.petition_stats([personas.school.pk], dt.datetime(2025, 1, 1), END)  # noqa: DTZ001


def test_a_split_petition_is_counted_once_per_content(personas):
    p = register(
        personas.school, personas.principal, kind=Kind.NHIEU_NOI_DUNG, received_at=local_dt("2025-03-03 09:00")
    )
    services.split_petition(
        p,
        actor=personas.principal,
        parts=[{"kind": Kind.KHIEU_NAI, "content": "a"}, {"kind": Kind.KIEN_NGHI, "content": "b"}],
    )
    got = stats.petition_stats([personas.school.pk], START, END)
    assert got["received"] == 2 and got["by_kind"] == {Kind.KHIEU_NAI: 1, Kind.KIEN_NGHI: 1}
    assert stats.petition_stats_by_org([personas.school.pk], START, END)[personas.school.pk]["received"] == 2
