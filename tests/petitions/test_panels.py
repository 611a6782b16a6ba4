"""The dashboard's deadline panel reads each side of the scope apart and still lists exactly what the scope shows."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from danvan.core.scoping import first_rows
from danvan.petitions.models import Petition
from danvan.petitions.panels import PANEL_LIMIT, petitions_panel


class _Request:
    def __init__(self, user):
        self.user = user


def _petition(org, due_on, **extra):
    return Petition.objects.create(
        organisation=org,
        received_at=timezone.now() - dt.timedelta(days=40),
        kind="kien-nghi",
        subject="Đơn",
        content="Nội dung",
        state="received",
        due_on=due_on,
        **extra,
    )


def _expected(user, **due):
    qs = Petition.objects.visible_to(user, "petitions.view").open().filter(**due).order_by("due_on", "id")
    return [p.pk for p in qs[:PANEL_LIMIT]]


def test_the_deadline_panel_lists_what_the_scope_shows_from_both_organisations_sides(personas):
    school, other, department = personas.school, personas.other_school, personas.department
    today = timezone.localdate()
    week_end = today + dt.timedelta(days=6 - today.weekday())
    # Late petitions with shared due dates (the order's tie goes to the id) in both schools; some about a school's
    # head, routed to the Department: the Department's side (handling body), never the school's.
    routed = []
    for i in range(6):
        _petition(school, today - dt.timedelta(days=10 - i % 3))
        _petition(other, today - dt.timedelta(days=9 - i % 4))
        routed.append(_petition(school, today - dt.timedelta(days=11), routed_away=True, handling_body=department))
    for i in range(3):
        _petition(school, today + dt.timedelta(days=min(i, (week_end - today).days)))
    closed = _petition(school, today - dt.timedelta(days=30))
    closed.state = "closed"
    closed.save(update_fields=["state"])

    officer = petitions_panel(_Request(personas.department_officer))
    assert [p.pk for p in officer["late"]] == _expected(personas.department_officer, due_on__lt=today)
    assert [p.pk for p in officer["due"]] == _expected(
        personas.department_officer, due_on__gte=today, due_on__lte=week_end
    )
    # The oldest deadlines are the routed ones (handling body side): all listed first, before any school's own.
    assert [p.pk for p in officer["late"][: len(routed)]] == [p.pk for p in routed]
    assert closed.pk not in {p.pk for p in officer["late"]}

    principal = petitions_panel(_Request(personas.principal))
    late = [p.pk for p in principal["late"]]
    assert late == _expected(personas.principal, due_on__lt=today)
    assert not set(late) & {p.pk for p in routed}
    assert {p.organisation_id for p in principal["late"]} == {school.pk}
    assert len(principal["due"]) == 3


def test_first_rows_merges_parts_as_one_ordered_union(personas):
    today = timezone.localdate()
    rows = [_petition(personas.school, today - dt.timedelta(days=d)) for d in (5, 1, 5, 3, 0)]
    rows.append(_petition(personas.other_school, None))
    parts = [
        Petition.objects.filter(organisation=personas.school),
        Petition.objects.filter(due_on__lt=today - dt.timedelta(days=2)),
        Petition.objects.filter(organisation=personas.other_school),
    ]
    union = Petition.objects.filter(pk__in=[p.pk for p in rows])
    for order in (("due_on", "id"), ("-due_on", "-id"), ("due_on", "-id")):
        want = [p.pk for p in union.order_by(*order)[:4]]
        assert [p.pk for p in first_rows(parts, order, 4)] == want, order
