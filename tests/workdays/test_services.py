from __future__ import annotations

import pytest

from danvan.workdays import services
from danvan.workdays.models import CalendarChange, WorkWeek
from danvan.workdays.official import OFFICIAL_CHANGES

from .helpers import d

pytestmark = pytest.mark.django_db


def test_the_migration_ships_the_official_changes():
    assert CalendarChange.objects.filter(organisation=None).count() == len(OFFICIAL_CHANGES)
    swap = CalendarChange.objects.get(date=d("2024-05-04"))
    assert swap.kind == "lam-viec" and swap.is_swap and "2450/VPCP-KGVX" in swap.document


def test_the_national_calendar_follows_the_official_2024_swap():
    assert services.is_working_day(d("2024-05-04"))
    assert not services.is_working_day(d("2024-04-29"))
    assert services.add_working_days(d("2024-04-26"), 1) == d("2024-05-02")


def test_an_extra_national_day_off_moves_deadlines_at_once():
    assert services.add_working_days(d("2024-03-07"), 1) == d("2024-03-08")
    CalendarChange.objects.create(date=d("2024-03-08"), kind="nghi", name="Nghỉ thử nghiệm", document="TB thử")
    assert services.add_working_days(d("2024-03-07"), 1) == d("2024-03-11")


def test_a_school_change_applies_to_the_school_and_its_units_only(school, other_school):
    CalendarChange.objects.create(date=d("2024-03-08"), kind="nghi", name="Nghỉ bầu cử địa phương", organisation=school)
    unit = school.children.first()
    assert not services.is_working_day(d("2024-03-08"), organisation=school)
    assert not services.is_working_day(d("2024-03-08"), organisation=unit)
    assert services.is_working_day(d("2024-03-08"), organisation=other_school)
    assert services.is_working_day(d("2024-03-08"))


def test_a_school_can_override_a_national_day_off(school):
    CalendarChange.objects.create(date=d("2024-04-29"), kind="lam-viec", name="Trường làm việc", organisation=school)
    assert services.is_working_day(d("2024-04-29"), organisation=school)
    assert not services.is_working_day(d("2024-04-29"))


def test_weekly_rest_days_are_inherited_from_the_nearest_ancestor(department, school):
    assert services.rest_days_for(school) == frozenset({5, 6})
    WorkWeek.objects.create(organisation=department, rest_days="6")
    unit = school.children.first()
    assert services.rest_days_for(unit) == frozenset({6})
    assert services.is_working_day(d("2024-03-09"), organisation=unit)  # Saturday
    WorkWeek.objects.create(organisation=school, rest_days="5,6")
    assert not services.is_working_day(d("2024-03-09"), organisation=unit)


def test_a_six_day_week_ignores_the_civil_servant_swaps(school):
    WorkWeek.objects.create(organisation=school, rest_days="6")
    assert services.is_working_day(d("2024-04-29"), organisation=school)
    assert services.is_working_day(d("2025-05-02"), organisation=school)
    assert not services.is_working_day(d("2024-04-30"), organisation=school)


def test_days_off_are_listed_with_vietnamese_names():
    rows = dict(services.days_off(2024))
    assert rows[d("2024-01-01")] == "Tết Dương lịch"
    assert rows[d("2024-04-29")].startswith("Nghỉ hoán đổi")
    assert d("2024-05-04") not in rows
    assert sorted(rows) == (
        [d("2024-01-01")]
        + [d(f"2024-02-{x:02d}") for x in range(8, 15)]
        + [d("2024-04-18"), d("2024-04-29"), d("2024-04-30"), d("2024-05-01"), d("2024-09-02"), d("2024-09-03")]
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-02-29", "2024-02-29"),
        ("29/02/2024", "2024-02-29"),
        ("1/5/2025", "2025-05-01"),
        (" 07.02.2024 ", "2024-02-07"),
    ],
)
def test_dates_are_read_as_iso_or_day_month_year(text, expected):
    assert services.parse_date(text) == d(expected)


@pytest.mark.parametrize("text", ["", "2023-02-29", "31/04/2024", "hôm nay", "2024/13/01"])
def test_bad_dates_are_refused_in_vietnamese(text):
    with pytest.raises(services.WorkdaysError, match="Ngày không hợp lệ"):
        services.parse_date(text)


def test_dates_outside_the_calendar_are_a_domain_error():
    with pytest.raises(services.WorkdaysError, match="ngoài lịch"):
        services.add_working_days(d("1990-01-01"), 1)


def test_working_days_left_counts_from_today(time_machine):
    time_machine.move_to("2024-02-07 09:00 +07:00")
    assert services.working_days_left(d("2024-02-16")) == 2
    assert services.working_days_left(d("2024-02-06")) == -1
