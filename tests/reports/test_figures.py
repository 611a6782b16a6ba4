"""Every number in a compiled report equals what a direct ORM query gives for the same school and period."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.db.models import Count, F
from django.test.utils import CaptureQueriesContext

from danvan.dissemination.models import Attendance, LegalDocument, StudySession
from danvan.emulation.models import Campaign, EmulationModel, RewardProposal
from danvan.org.models import Person
from danvan.org.services import create_school
from danvan.petitions.models import Petition, Reception
from danvan.plans import services as plan_services
from danvan.plans.choices import PlanStatus
from danvan.plans.models import Plan, Task, TaskPeriod, TaskUpdate
from danvan.reports import services
from danvan.reports.models import ReportObligation

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
H1 = (dt.date(2022, 12, 15), dt.date(2023, 6, 14))  # NĐ 09/2019: 15/12 → 14/6
H2 = (dt.date(2023, 6, 15), dt.date(2023, 12, 14))  # → 14/12


def _obligation(org, period, due):
    return ReportObligation.objects.create(
        organisation=org, kind="6_thang", title="Báo cáo", period_start=period[0], period_end=period[1], due=due
    )


# ------------------------------------------------------------------------------------------ tasks


def _make_tasks(org, rng):
    plan = Plan.objects.create(
        organisation=org, year=2023, title="Kế hoạch công tác dân vận năm 2023", status=PlanStatus.PUBLISHED
    )
    edges = [
        dt.date(2022, 12, 14),
        dt.date(2022, 12, 15),
        dt.date(2023, 6, 14),
        dt.date(2023, 6, 15),
        dt.date(2023, 3, 1),
        dt.date(2023, 9, 30),
        dt.date(2023, 12, 14),
        dt.date(2023, 12, 15),
    ]
    for i in range(40):
        start = rng.choice(edges) - dt.timedelta(days=rng.choice([0, 0, 10, 40]))
        end = max(start, rng.choice(edges))
        status = rng.choice(["not_started", "in_progress", "done"])
        completed = end + dt.timedelta(days=rng.choice([-5, 0, 3])) if status == "done" else None
        task = Task.objects.create(
            organisation=org,
            plan=plan,
            order=i,
            no=str(i + 1),
            content=f"Nhiệm vụ {i + 1}",
            status=status,
            progress=100 if status == "done" else rng.choice([0, 30, 60]),
            due_on=end,
            completed_on=completed,
        )
        TaskPeriod.objects.create(task=task, start=start, end=end)


def _task_truth(org, start, end):
    # As of the period's end: a task completed after it was not done then (with no progress history, it
    # shows as in progress).
    qs = Task.objects.filter(organisation=org, periods__start__lte=end, periods__end__gte=start).distinct()
    done = qs.filter(status="done", completed_on__lte=end)
    return {
        "total": qs.count(),
        "done": done.count(),
        "done_late": done.filter(completed_on__gt=F("due_on")).count(),
        "in_progress": qs.filter(status="in_progress").count() + qs.filter(status="done", completed_on__gt=end).count(),
        "not_started": qs.filter(status="not_started").count(),
        "late": qs.exclude(pk__in=done).filter(due_on__lt=end).count(),
    }


@pytest.mark.parametrize("period", [H1, H2])
def test_task_figures_equal_the_orm_counts(school, other_school, clerk, period):
    rng = random.Random(20230614)
    _make_tasks(school, rng)
    _make_tasks(other_school, rng)
    version = services.compile_report(_obligation(school, period, period[1] + dt.timedelta(days=1)), actor=clerk)
    truth = _task_truth(school, *period)
    assert {k: version.figures["tasks"][k] for k in truth} == truth
    assert truth["total"] > 0
    assert len(version.figures["tasks"]["tasks"]) == truth["total"]


def test_a_task_finished_after_the_period_is_not_done_in_its_report(school, clerk):
    plan = Plan.objects.create(
        organisation=school, year=2023, title="Kế hoạch công tác dân vận năm 2023", status=PlanStatus.PUBLISHED
    )
    late = Task.objects.create(
        organisation=school,
        plan=plan,
        order=1,
        no="1",
        content="Sơ kết 6 tháng",
        status="done",
        progress=100,
        due_on=dt.date(2023, 6, 10),
        completed_on=dt.date(2023, 12, 8),
    )
    TaskPeriod.objects.create(task=late, start=dt.date(2023, 1, 1), end=dt.date(2023, 6, 10))
    TaskUpdate.objects.create(
        organisation=school, task=late, status="in_progress", progress=40, at=dt.datetime(2023, 5, 2, 9, tzinfo=HCM)
    )
    TaskUpdate.objects.create(
        organisation=school, task=late, status="done", progress=100, at=dt.datetime(2023, 12, 8, 9, tzinfo=HCM)
    )
    on_time = Task.objects.create(
        organisation=school,
        plan=plan,
        order=2,
        no="2",
        content="Triển khai kế hoạch",
        status="done",
        progress=100,
        due_on=dt.date(2023, 3, 31),
        completed_on=dt.date(2023, 3, 20),
    )
    TaskPeriod.objects.create(task=on_time, start=dt.date(2023, 1, 1), end=dt.date(2023, 3, 31))
    version = services.compile_report(_obligation(school, H1, dt.date(2023, 6, 15)), actor=clerk)
    t = version.figures["tasks"]
    assert (t["total"], t["done"], t["in_progress"], t["late"]) == (2, 1, 1, 1)
    row = next(r for r in t["tasks"] if r["id"] == late.pk)
    assert (row["status"], row["progress"], row["completed_on"], row["late"]) == ("in_progress", 40, None, True)
    assert "đã hoàn thành 1 nhiệm vụ (đạt 50,0%)" in version.section_text("results")
    # The annual report (to 14/12) counts it done, late.
    year = services.compile_report(_obligation(school, (H1[0], H2[1]), dt.date(2023, 12, 15)), actor=clerk)
    assert (year.figures["tasks"]["done"], year.figures["tasks"]["done_late"]) == (2, 1)


def test_a_task_done_on_20_11_but_entered_on_07_12_counts_in_the_annual_report(school, clerk):
    plan = Plan.objects.create(
        organisation=school, year=2026, title="Kế hoạch công tác dân vận năm 2026", status=PlanStatus.PUBLISHED
    )
    tasks = []
    for i, content in enumerate(["Xây dựng kế hoạch", "Hội nghị cán bộ"]):
        task = Task.objects.create(
            organisation=school, plan=plan, order=i, no=str(i + 1), content=content, due_on=dt.date(2026, 11, 30)
        )
        TaskPeriod.objects.create(task=task, start=dt.date(2026, 1, 1), end=dt.date(2026, 11, 30))
        tasks.append(task)
    # The annual report is due 10/12, so its data stop at 30/11 (reports.choices.default_period).
    obligation = _obligation(school, (dt.date(2025, 12, 15), dt.date(2026, 11, 30)), dt.date(2026, 12, 10))
    with time_machine.travel(dt.datetime(2026, 12, 7, 3, tzinfo=HCM), tick=False):
        plan_services.record_task_update(
            tasks[0], actor=clerk, status="done", progress=100, done_on=dt.date(2026, 11, 20)
        )
        # Entered the same day with no date: done on 07/12, after the period, so not done in it.
        plan_services.record_task_update(tasks[1], actor=clerk, status="done", progress=100)
        version = services.compile_report(obligation, actor=clerk)
    t = version.figures["tasks"]
    assert (t["total"], t["done"]) == (2, 1)
    rows = {r["id"]: r for r in t["tasks"]}
    assert (rows[tasks[0].pk]["status"], rows[tasks[0].pk]["completed_on"]) == ("done", "20/11/2026")
    assert rows[tasks[1].pk]["status"] != "done"


# ------------------------------------------------------------------------------------------ petitions


def test_petitions_overdue_are_counted_at_the_period_end_not_today(petitions_ready, department, school, clerk):
    # Today's open, overdue petition (received in 2026) is not a 2023 figure ...
    _petition(school, dt.datetime(2026, 10, 1, 9, tzinfo=HCM), state="received", due_on=dt.date(2026, 10, 15))
    # ... while one accepted in 2023, due 31/5/2023 and resolved only in August was overdue on 14/6/2023.
    _petition(
        school,
        dt.datetime(2023, 4, 20, 9, tzinfo=HCM),
        "khieu-nai",
        state="resolved",
        accepted_on=dt.date(2023, 5, 1),
        resolution_due_on=dt.date(2023, 5, 31),
        resolved_on=dt.date(2023, 8, 20),
    )
    version = services.compile_report(_obligation(school, H1, dt.date(2023, 6, 15)), actor=clerk)
    p = version.figures["petitions"]
    assert (p["received"], p["overdue_at_end"]) == (1, 1)
    assert "Đến cuối kỳ còn 1 đơn quá hạn giải quyết" in version.section_text("limitations")
    rows = {r["id"]: r for r in services.department_aggregate(department, *H1)["school_rows"]}
    assert rows[school.id]["overdue_at_end"] == 1
    # In the second half of 2023 nothing was overdue at its end, whatever is overdue today.
    later = services.compile_report(_obligation(school, H2, dt.date(2023, 12, 15)), actor=clerk)
    assert later.figures["petitions"]["overdue_at_end"] == 0
    assert "cuối kỳ còn" not in later.section_text("limitations")


def _petition(org, at, kind="kien-nghi", **extra):
    return Petition.objects.create(
        organisation=org, received_at=at, kind=kind, subject="Đơn", content="Nội dung", **extra
    )


def _make_petitions(org, rng):
    kinds = ["khieu-nai", "to-cao", "kien-nghi", "phan-anh"]
    channels = ["web", "walk-in", "letter"]
    for _i in range(60):
        day = dt.date(2022, 12, 1) + dt.timedelta(days=rng.randrange(0, 400))
        at = dt.datetime.combine(day, dt.time(rng.randrange(0, 24), rng.randrange(0, 60)), tzinfo=HCM)
        resolved = day + dt.timedelta(days=rng.randrange(5, 60)) if rng.random() < 0.6 else None
        _petition(
            org,
            at,
            rng.choice(kinds),
            channel=rng.choice(channels),
            resolved_on=resolved,
            resolution_due_on=day + dt.timedelta(days=30) if resolved else None,
            accepted_on=day + dt.timedelta(days=3) if resolved else None,
            state="resolved" if resolved else "received",
        )
    for serial in range(1, 21):
        day = dt.date(2022, 12, 1) + dt.timedelta(days=rng.randrange(0, 400))
        Reception.objects.create(
            organisation=org,
            year=day.year,
            serial=serial + 1000 * day.year % 7,
            received_at=dt.datetime.combine(day, dt.time(9), tzinfo=HCM),
            content="Tiếp dân",
            by_head=rng.random() < 0.3,
        )


def _petition_truth(org, start, end):
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=HCM)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=HCM)
    received = Petition.objects.filter(organisation=org, received_at__gte=lo, received_at__lt=hi)
    resolved = Petition.objects.filter(organisation=org, resolved_on__gte=start, resolved_on__lte=end)
    return {
        "received": received.count(),
        "by_kind": dict(received.values_list("kind").annotate(n=Count("id")).order_by()),
        "by_channel": dict(received.values_list("channel").annotate(n=Count("id")).order_by()),
        "resolved_on_time": resolved.filter(resolved_on__lte=F("resolution_due_on")).count(),
        "resolved_late": resolved.filter(resolved_on__gt=F("resolution_due_on")).count(),
        "accepted": Petition.objects.filter(organisation=org, accepted_on__gte=start, accepted_on__lte=end).count(),
        "receptions": Reception.objects.filter(organisation=org, received_at__gte=lo, received_at__lt=hi).count(),
        "receptions_by_head": Reception.objects.filter(
            organisation=org, received_at__gte=lo, received_at__lt=hi, by_head=True
        ).count(),
    }


@pytest.fixture
def petitions_ready():
    pytest.importorskip("danvan.petitions.stats")


def test_a_petition_at_23_59_on_14_june_and_one_at_midnight_fall_in_different_periods(petitions_ready, school, clerk):
    _petition(school, dt.datetime(2023, 6, 14, 23, 59, tzinfo=HCM), "khieu-nai")
    _petition(school, dt.datetime(2023, 6, 15, 0, 0, tzinfo=HCM), "to-cao")
    first = services.compile_report(_obligation(school, H1, dt.date(2023, 6, 15)), actor=clerk)
    second = services.compile_report(_obligation(school, H2, dt.date(2023, 12, 15)), actor=clerk)
    assert first.figures["petitions"]["received"] == 1
    assert first.figures["petitions"]["by_kind"] == {"khieu-nai": 1}
    assert second.figures["petitions"]["received"] == 1
    assert second.figures["petitions"]["by_kind"] == {"to-cao": 1}


@pytest.mark.parametrize("period", [H1, H2])
def test_petition_figures_equal_the_orm_counts(petitions_ready, school, other_school, clerk, period):
    rng = random.Random(615)
    _make_petitions(school, rng)
    _make_petitions(other_school, rng)
    version = services.compile_report(_obligation(school, period, period[1] + dt.timedelta(days=1)), actor=clerk)
    truth = _petition_truth(school, *period)
    assert {k: version.figures["petitions"][k] for k in truth} == truth
    assert truth["received"] > 0
    text = version.section_text("results")
    assert f"tiếp nhận {truth['received']} đơn" in text


def test_the_department_aggregate_sums_the_schools(
    petitions_ready, department, school, other_school, department_officer
):
    rng = random.Random(1412)
    _make_petitions(school, rng)
    _make_petitions(other_school, rng)
    _make_tasks(school, rng)
    _make_tasks(other_school, rng)
    figures = services.department_aggregate(department, *H1)
    a, b = _petition_truth(school, *H1), _petition_truth(other_school, *H1)
    assert figures["petitions"]["received"] == a["received"] + b["received"]
    rows = {r["id"]: r for r in figures["school_rows"]}
    assert rows[school.id]["petitions_received"] == a["received"]
    assert rows[other_school.id]["resolved_late"] == b["resolved_late"]
    ta, tb = _task_truth(school, *H1), _task_truth(other_school, *H1)
    assert figures["tasks"]["total"] == ta["total"] + tb["total"]
    assert rows[school.id]["tasks_done"] == ta["done"]


def test_the_department_aggregate_ignores_tasks_of_plans_not_in_force(department, school, department_officer):
    # A draft plan's tasks are not work yet, even when marked done after the period: they must not be taken off
    # the done count of the plans in force (it once read "tasks done −4,427").
    draft = Plan.objects.create(
        organisation=school, year=2023, title="Dự thảo kế hoạch năm 2023", status=PlanStatus.DRAFT
    )
    published = Plan.objects.create(
        organisation=school, year=2023, title="Kế hoạch công tác dân vận năm 2023", status=PlanStatus.PUBLISHED
    )
    for i, plan in enumerate([draft, draft, published]):
        task = Task.objects.create(
            organisation=school,
            plan=plan,
            order=i,
            no=str(i + 1),
            content=f"Nhiệm vụ {i}",
            status="done",
            progress=100,
            due_on=dt.date(2023, 5, 31),
            completed_on=dt.date(2023, 7, 1),
        )
        TaskPeriod.objects.create(task=task, start=dt.date(2023, 1, 1), end=dt.date(2023, 5, 31))
    on_time = Task.objects.create(
        organisation=school,
        plan=published,
        order=9,
        no="9",
        content="Đúng hạn",
        status="done",
        progress=100,
        due_on=dt.date(2023, 5, 31),
        completed_on=dt.date(2023, 5, 20),
    )
    TaskPeriod.objects.create(task=on_time, start=dt.date(2023, 1, 1), end=dt.date(2023, 5, 31))
    figures = services.department_aggregate(department, *H1)
    row = next(r for r in figures["school_rows"] if r["id"] == school.id)
    # In force: two tasks, one done by 14/06 and one finished after it (late then).
    assert (figures["tasks"]["total"], figures["tasks"]["done"], row["tasks_done"]) == (2, 1, 1)


def test_the_department_aggregate_lists_schools_late_or_missing(
    department, school, other_school, department_officer, principal, clerk
):

    with time_machine.travel(dt.datetime(2023, 6, 10, 9, 0, tzinfo=HCM), tick=False):
        campaign = services.create_campaign(
            department,
            actor=department_officer,
            kind="6_thang",
            title="",
            period_start=H1[0],
            period_end=H1[1],
            due=dt.date(2023, 6, 15),
        )
    ours = campaign.obligations.get(organisation=school)
    with time_machine.travel(dt.datetime(2023, 6, 16, 9, 0, tzinfo=HCM), tick=False):
        report = services.compile_report(ours, actor=clerk).report
        services.transition(report, "sign", actor=principal)
        services.transition(report, "submit", actor=principal)
        figures = services.department_aggregate(department, *H1, campaign=campaign)
    assert figures["submission"] == {"owed": 2, "sent": 1, "on_time": 0, "late": 1, "missing": 1, "on_time_rate": 0.0}
    assert {x["name"] for x in figures["late_or_missing"]} == {school.name, other_school.name}


def test_the_department_aggregate_query_count_does_not_grow_with_schools(department, school, other_school):
    with CaptureQueriesContext(connection) as two:
        services.department_aggregate(department, *H1)
    for i in range(10):
        create_school(department, name=f"Trường THPT số {i}", code=f"THPT{i}", place="Hải Phòng")
    with CaptureQueriesContext(connection) as twelve:
        figures = services.department_aggregate(department, *H1)
    assert figures["schools"]["count"] == 12
    assert len(twelve.captured_queries) == len(two.captured_queries)


# ------------------------------------------------------------------------------------------ emulation, dissemination


def _make_emulation(org, rng):
    campaign = Campaign.objects.create(organisation=org, title="Dân vận khéo năm 2023", year=2023)
    days = [
        dt.date(2022, 12, 14),
        dt.date(2022, 12, 15),
        dt.date(2023, 6, 14),
        dt.date(2023, 6, 15),
        dt.date(2023, 3, 8),
        dt.date(2023, 12, 14),
    ]
    for i in range(12):
        m = EmulationModel.objects.create(
            organisation=org,
            campaign=campaign,
            name=f"Mô hình {org.code} {i}",
            registered_on=rng.choice(days),
            status=rng.choice(["dang-ky", "trien-khai", "cong-nhan"]),
        )
        if rng.random() < 0.5:
            RewardProposal.objects.create(
                organisation=org,
                campaign=campaign,
                model=m,
                kind="tap-the",
                nominee=m.name,
                form="giay-khen-ht",
                reason="Thành tích",
                proposed_on=rng.choice(days),
            )


def _make_sessions(org, rng):
    doc, _ = LegalDocument.objects.get_or_create(number="23-QĐ/TW", defaults={"issuer": "Bộ Chính trị"})
    people = [Person.objects.create(organisation=org, full_name=f"Cán bộ {org.code} {i}") for i in range(5)]
    for day in (
        dt.date(2022, 12, 14),
        dt.date(2022, 12, 15),
        dt.date(2023, 6, 14),
        dt.date(2023, 6, 15),
        dt.date(2023, 12, 14),
        dt.date(2023, 12, 15),
    ):
        s = StudySession.objects.create(organisation=org, title="Quán triệt 23-QĐ/TW", held_on=day, expected_count=5)
        s.documents.add(doc)
        for p in people:
            Attendance.objects.create(session=s, person=p, present=rng.random() < 0.8)


@pytest.mark.parametrize("period", [H1, H2])
def test_emulation_and_dissemination_figures_equal_the_orm_counts(school, other_school, clerk, period):
    rng = random.Random(99)
    for org in (school, other_school):
        _make_emulation(org, rng)
        _make_sessions(org, rng)
    version = services.compile_report(_obligation(school, period, period[1] + dt.timedelta(days=1)), actor=clerk)
    start, end = period
    models = EmulationModel.objects.filter(organisation=school, registered_on__gte=start, registered_on__lte=end)
    e = version.figures["emulation"]
    assert e["model_count"] == models.count() > 0
    assert e["models_by_status"] == dict(models.values_list("status").annotate(n=Count("id")).order_by())
    assert (
        e["proposal_count"]
        == RewardProposal.objects.filter(organisation=school, proposed_on__gte=start, proposed_on__lte=end).count()
    )
    sessions = StudySession.objects.filter(organisation=school, held_on__gte=start, held_on__lte=end)
    d = version.figures["dissemination"]
    assert d["session_count"] == sessions.count() == 2  # the edge days: 15/12 + 14/6, or 15/6 + 14/12
    assert d["attendance_total"] == Attendance.objects.filter(session__in=sessions, present=True).count()
    assert d["attendance_expected_total"] == 10
    assert f"tổ chức {sessions.count()} buổi quán triệt" in version.section_text("results")


def test_the_detailed_department_aggregate_adds_the_petition_breakdown(
    petitions_ready, department, school, other_school
):
    rng = random.Random(3)
    _make_petitions(school, rng)
    _make_petitions(other_school, rng)
    lean = services.department_aggregate(department, *H1)
    full = services.department_aggregate(department, *H1, detailed=True)
    assert "by_kind" not in lean["petitions"] and "by_kind" in full["petitions"]
    for key in ("received", "resolved_on_time", "resolved_late"):
        assert lean["petitions"][key] == full["petitions"][key]
    a, b = _petition_truth(school, *H1), _petition_truth(other_school, *H1)
    assert full["petitions"]["by_kind"] == {
        k: a["by_kind"].get(k, 0) + b["by_kind"].get(k, 0) for k in set(a["by_kind"]) | set(b["by_kind"])
    }


def _aggregate_tasks_truth(org, start, end):
    """Tasks of plans in force with a period in [start, end]: done by `end`, and late (not done then, due before)."""
    qs = Task.objects.in_force().filter(organisation=org, periods__start__lte=end, periods__end__gte=start).distinct()
    done = qs.filter(status="done", completed_on__lte=end)
    return {
        "tasks_total": qs.count(),
        "tasks_done": done.count(),
        "tasks_late": qs.exclude(pk__in=done).filter(due_on__lt=end).count(),
    }


def test_the_aggregate_task_figures_follow_the_plan_and_task_changes(department, school, principal):
    def aggregate_row():
        rows = services.department_aggregate(department, *H1)["school_rows"]
        row = next(r for r in rows if r["id"] == school.id)
        return {k: row[k] for k in ("tasks_total", "tasks_done", "tasks_late")}

    plan = Plan.objects.create(organisation=school, year=2023, title="Kế hoạch công tác dân vận năm 2023")
    tasks = []
    for i, due in enumerate([dt.date(2023, 3, 31), dt.date(2023, 5, 31), dt.date(2023, 6, 30)]):
        task = Task.objects.create(
            organisation=school, plan=plan, order=i, no=str(i + 1), content=f"Nhiệm vụ {i + 1}", due_on=due
        )
        TaskPeriod.objects.create(task=task, start=dt.date(2023, 1, 1), end=due)
        tasks.append(task)
    # A draft counts nowhere.
    assert (
        aggregate_row() == _aggregate_tasks_truth(school, *H1) == {"tasks_total": 0, "tasks_done": 0, "tasks_late": 0}
    )
    with time_machine.travel(dt.datetime(2023, 1, 10, 9, tzinfo=HCM), tick=False):
        plan_services.transition(plan, "approve", actor=principal)
        plan_services.transition(plan, "publish", actor=principal)
    assert (
        aggregate_row() == _aggregate_tasks_truth(school, *H1) == {"tasks_total": 3, "tasks_done": 0, "tasks_late": 2}
    )
    with time_machine.travel(dt.datetime(2023, 7, 10, 9, tzinfo=HCM), tick=False):
        # Done within the period, and done after it (not done at its end, and late then).
        plan_services.record_task_update(
            tasks[0], actor=None, status="done", progress=100, done_on=dt.date(2023, 3, 20)
        )
        plan_services.record_task_update(tasks[1], actor=None, status="done", progress=100, done_on=dt.date(2023, 7, 5))
    assert (
        aggregate_row() == _aggregate_tasks_truth(school, *H1) == {"tasks_total": 3, "tasks_done": 1, "tasks_late": 1}
    )
    with time_machine.travel(dt.datetime(2023, 8, 1, 9, tzinfo=HCM), tick=False):
        # A revision: the published text stays in force while its draft is written.
        plan_services.transition(plan, "revise", actor=principal)
    assert (
        aggregate_row() == _aggregate_tasks_truth(school, *H1) == {"tasks_total": 3, "tasks_done": 1, "tasks_late": 1}
    )
