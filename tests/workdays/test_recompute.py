from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from danvan.core.models import AuditEvent
from danvan.workdays import services
from danvan.workdays.models import CalendarChange, DeadlineRule, WorkWeek

from .helpers import d

pytestmark = pytest.mark.django_db(transaction=True)


class FakePetitions:
    """A deadline source with open deadlines (start, rule amount in working days, due) per organisation."""

    def __init__(self, rows):
        self.rows = rows
        self.calls = []

    def __call__(self, organisation_ids, date_range):
        self.calls.append((organisation_ids, date_range))
        changed = 0
        for row in self.rows:
            if organisation_ids is not None and row["org"] not in organisation_ids:
                continue
            if date_range and not (row["start"] < date_range[1] and date_range[0] <= row["due"]):
                continue
            new = services.add_working_days(row["start"], row["n"])
            if new != row["due"]:
                row["due"] = new
                changed += 1
        return changed


@pytest.fixture
def source():
    fake = FakePetitions(
        [
            {"org": 0, "start": d("2024-03-01"), "n": 5, "due": d("2024-03-08")},
            {"org": 0, "start": d("2024-03-20"), "n": 5, "due": d("2024-03-27")},
        ]
    )
    services.register_deadline_source("fake", fake)
    yield fake
    services.unregister_deadline_source("fake")


def test_a_new_day_off_recomputes_only_the_deadlines_that_run_over_it(source):
    CalendarChange.objects.create(date=d("2024-03-05"), kind="nghi", name="Nghỉ đột xuất", document="QĐ thử")
    assert source.calls == [(None, (d("2024-03-05"), d("2024-03-05")))]
    assert source.rows[0]["due"] == d("2024-03-11")
    assert source.rows[1]["due"] == d("2024-03-27")
    event = AuditEvent.objects.filter(code="workdays.deadlines.recomputed").latest("id")
    assert event.changes["counts"]["fake"] == 1  # other apps (petitions, board) register their own sources too


def test_deleting_the_change_moves_the_deadline_back(source):
    change = CalendarChange.objects.create(date=d("2024-03-05"), kind="nghi", name="Nghỉ đột xuất")
    change.delete()
    assert source.rows[0]["due"] == d("2024-03-08")
    assert len(source.calls) == 2


def test_a_school_change_recomputes_that_school_subtree_only(source, school):
    CalendarChange.objects.create(date=d("2024-03-05"), kind="nghi", name="Nghỉ riêng", organisation=school)
    ids, _ = source.calls[-1]
    assert school.pk in ids and all(isinstance(i, int) for i in ids)
    assert len(ids) == 1 + school.children.count()


def test_a_weekly_rest_change_recomputes_every_open_deadline_of_the_subtree(source, school):
    WorkWeek.objects.create(organisation=school, rest_days="6")
    ids, date_range = source.calls[-1]
    assert school.pk in ids and date_range is None


def test_a_rule_change_recomputes_everything(source):
    DeadlineRule.objects.create(
        kind="to-cao",
        step="xu-ly",
        variant="thuong",
        amount=6,
        unit="working",
        citation="thử",
        effective_from=dt.date(2030, 1, 1),
    )
    assert source.calls[-1] == (None, None)


def test_nothing_is_enqueued_when_the_transaction_rolls_back(source):
    with pytest.raises(RuntimeError), transaction.atomic():
        CalendarChange.objects.create(date=d("2024-03-05"), kind="nghi", name="Sẽ hủy")
        raise RuntimeError
    assert source.calls == []


def test_a_failing_source_does_not_stop_the_others(source):
    def broken(ids, rng):
        raise ValueError("boom")

    services.register_deadline_source("broken", broken)
    try:
        counts = services.recompute_open_deadlines(None, None)
    finally:
        services.unregister_deadline_source("broken")
    assert counts["broken"] == -1 and "fake" in counts
