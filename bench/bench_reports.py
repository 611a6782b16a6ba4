"""Benchmark report compilation on PostgreSQL: 500 schools, 1,000,000 petitions, 100,000 tasks.

Run: .venv/bin/python bench/bench_reports.py [--schools 500 --petitions 1000000 --tasks 100000] [--keep]
Needs DATABASE_URL pointing at a PostgreSQL server (default postgres://postgres@127.0.0.1:5432/test); the
bench creates its own database `danvan_bench_reports` (or `$BENCH_REPORTS_DB`) next to it, loads the data with COPY, and drops it
at the end (unless --keep).

Targets (issue #16): the Department aggregate ≤ 0.5 s; one school's report DOCX ≤ 1 s. The tasks are in published
plans (plans in force: a draft's tasks count nowhere). The aggregate is compared with a naive loop calling the
per-school statistics once per school, and every total it prints (petitions received, resolved on time, late,
overdue at the end; tasks, done, late) must equal the loop's, none negative — else the bench exits 1.
`--quick` loads a tenth of the data. The figure goes to the `make bench` table (bench/table.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import django
import psycopg
from django.core.management import call_command
from django.db import connection, models
from psycopg.types.json import Jsonb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from table import table_row  # noqa: E402

from danvan.core.context import acting_as  # noqa: E402

BENCH_DB = os.environ.get("BENCH_REPORTS_DB", "danvan_bench_reports")
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
H1 = (dt.date(2022, 12, 15), dt.date(2023, 6, 14))


def _urls() -> tuple[str, str]:
    base = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/test"
    parts = urlsplit(base)
    if not parts.scheme.startswith("postgres"):
        sys.exit("bench_reports needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/db")
    return base, urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def _admin(base: str, sql: str) -> None:
    url = base.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def setup_django(bench_url: str) -> None:
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - t0, out


def median_s(fn, repeat: int = 3) -> tuple[float, list[float]]:
    runs = [timed(fn)[0] for _ in range(repeat)]
    return statistics.median(runs), runs


# ------------------------------------------------------------------------------------------ loading


def _column_defaults(model) -> tuple[list[str], list[object], list[str]]:
    """Return (columns, default values, required columns without a default) for a model's COPY."""
    columns, defaults, required = [], [], []
    now = dt.datetime(2023, 1, 1, tzinfo=HCM)
    for f in model._meta.concrete_fields:
        if isinstance(f, models.AutoField | models.BigAutoField):
            continue
        columns.append(f.column)
        if f.has_default():
            value = f.get_default()
            value = Jsonb(value) if isinstance(f, models.JSONField) else value
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        elif f.null:
            value = None
        elif isinstance(f, models.CharField | models.TextField):
            value = ""
        else:
            value, _ = None, required.append(f.column)
        defaults.append(value)
    return columns, defaults, required


def copy_rows(model, rows, overrides_keys: list[str]) -> int:
    """COPY rows (tuples matching `overrides_keys`, other columns take their defaults) into the model's table."""
    columns, defaults, required = _column_defaults(model)
    missing = [c for c in required if c not in overrides_keys]
    if missing:
        raise SystemExit(f"{model.__name__}: no value for {missing}")
    index = [columns.index(k) for k in overrides_keys]
    n = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            f'COPY "{model._meta.db_table}" ({", ".join(chr(34) + c + chr(34) for c in columns)}) FROM STDIN'
        ) as copy:
            for values in rows:
                row = list(defaults)
                for i, v in zip(index, values, strict=True):
                    row[i] = v
                copy.write_row(row)
                n += 1
    return n


def load(n_schools: int, n_petitions: int, n_tasks: int) -> dict:
    from danvan.org.choices import OrgKind  # noqa: PLC0415 - models load after django.setup() with the settings this run chose
    from danvan.org.models import Organisation  # noqa: PLC0415 - models load after django.setup() with the settings this run chose
    from danvan.petitions.models import Petition, Reception  # noqa: PLC0415 - models load after django.setup() with the settings this run chose
    from danvan.plans.models import Plan, Task, TaskPeriod  # noqa: PLC0415 - models load after django.setup() with the settings this run chose

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    t_migrate = time.perf_counter() - t0
    rng = random.Random(2023)
    department = Organisation.objects.create(
        kind=OrgKind.DEPARTMENT, name="Sở Giáo dục và Đào tạo Hải Phòng", code="SGDĐT", place="Hải Phòng"
    )
    schools = [
        Organisation.objects.create(
            kind=OrgKind.SCHOOL,
            name=f"Trường THPT số {i:03d}",
            code=f"THPT{i:03d}",
            parent=department,
            place="Hải Phòng",
        )
        for i in range(n_schools)
    ]
    ids = [s.id for s in schools]

    t0 = time.perf_counter()
    start_day = dt.date(2022, 12, 1)
    kinds = ["khieu-nai", "to-cao", "kien-nghi", "phan-anh", "nhieu-noi-dung"]
    channels = ["web", "walk-in", "letter", "email", "phone"]

    def petitions():
        for i in range(n_petitions):
            org = ids[i % len(ids)]
            day = start_day + dt.timedelta(days=rng.randrange(0, 400))
            at = dt.datetime.combine(day, dt.time(rng.randrange(7, 18), rng.randrange(60)), tzinfo=HCM)
            resolved = rng.random() < 0.6
            due = day + dt.timedelta(days=30)
            resolved_on = day + dt.timedelta(days=rng.randrange(5, 45)) if resolved else None
            # Some resolved cases closed since, some open ones withdrawn; 2 % routed to the Department (a school's
            # head accused): they leave the school's books.
            closed_at = at + dt.timedelta(days=50) if resolved and rng.random() < 0.3 else None
            withdrawn_at = (
                at + dt.timedelta(days=rng.randrange(10, 60)) if not resolved and rng.random() < 0.1 else None
            )
            routed = rng.random() < 0.02
            yield (
                org,
                department.id if routed else org,
                routed,
                f"B{i:015d}",
                at,
                rng.choice(kinds),
                rng.choice(channels),
                "Đơn",
                "Nội dung đơn",
                ("closed" if closed_at else "resolved") if resolved else "received",
                day + dt.timedelta(days=3) if resolved else None,
                resolved_on,
                due if resolved else None,
                None if resolved else due,
                closed_at,
                withdrawn_at,
                at,
                at,
            )

    n_p = copy_rows(
        Petition,
        petitions(),
        [
            "organisation_id",
            "handling_body_id",
            "routed_away",
            "tracking_code",
            "received_at",
            "kind",
            "channel",
            "subject",
            "content",
            "state",
            "accepted_on",
            "resolved_on",
            "resolution_due_on",
            "due_on",
            "closed_at",
            "withdrawn_at",
            "created_at",
            "updated_at",
        ],
    )

    def receptions():
        for i in range(n_schools * 50):
            org = ids[i % len(ids)]
            day = start_day + dt.timedelta(days=rng.randrange(0, 400))
            at = dt.datetime.combine(day, dt.time(9), tzinfo=HCM)
            yield (org, day.year, i + 1, at, "Tiếp công dân", rng.random() < 0.3, "answered")

    n_r = copy_rows(
        Reception, receptions(), ["organisation_id", "year", "serial", "received_at", "content", "by_head", "outcome"]
    )
    t_petitions = time.perf_counter() - t0

    t0 = time.perf_counter()
    # Plans in force (published): a draft plan's tasks count nowhere, so a bench on drafts measures nothing.
    published = dt.datetime(2023, 1, 5, 8, tzinfo=HCM)
    plans = Plan.objects.bulk_create(
        [
            Plan(
                organisation_id=i,
                year=2023,
                title="Kế hoạch công tác dân vận năm 2023",
                status="published",
                published_at=published,
            )
            for i in ids
        ]
    )
    per_school = max(1, n_tasks // len(ids))
    statuses = ["not_started", "in_progress", "done"]

    def tasks():
        k = 0
        for plan in plans:
            for j in range(per_school):
                start = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(0, 330))
                end = start + dt.timedelta(days=rng.randrange(0, 90))
                status = rng.choice(statuses)
                done_on = end + dt.timedelta(days=rng.randrange(-10, 10)) if status == "done" else None
                k += 1
                yield (
                    plan.organisation_id,
                    plan.id,
                    j,
                    str(j + 1),
                    f"Nhiệm vụ {j + 1}",
                    status,
                    100 if status == "done" else 30,
                    end,
                    done_on,
                    [start.isoformat(), end.isoformat()],
                )

    rows = list(tasks())
    copy_rows(
        Task,
        ((r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], Jsonb([])) for r in rows),
        [
            "organisation_id",
            "plan_id",
            "order",
            "no",
            "content",
            "status",
            "progress",
            "due_on",
            "completed_on",
            "units_text",
        ],
    )
    with connection.cursor() as cursor:
        cursor.execute('SELECT id FROM "plans_task" ORDER BY plan_id, "order"')
        task_ids = [r[0] for r in cursor.fetchall()]
    copy_rows(
        TaskPeriod,
        (
            (tid, dt.date.fromisoformat(r[9][0]), dt.date.fromisoformat(r[9][1]))
            for tid, r in zip(task_ids, rows, strict=True)
        ),
        ["task_id", "start", "end"],
    )
    t_tasks = time.perf_counter() - t0

    # COPY bypasses Petition.save, which keeps the aggregate's counters: count what was loaded, as after a restore.
    from danvan.petitions.stats import rebuild_counters  # noqa: PLC0415 - models load after django.setup() with the settings this run chose

    t0 = time.perf_counter()
    counter_rows = rebuild_counters()
    t_counters = time.perf_counter() - t0
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "counter_rows": counter_rows,
        "t_counters": t_counters,
        "department": department,
        "schools": schools,
        "petitions": n_p,
        "receptions": n_r,
        "tasks": len(task_ids),
        "t_migrate": t_migrate,
        "t_petitions": t_petitions,
        "t_tasks": t_tasks,
    }


# ------------------------------------------------------------------------------------------ timings


def naive_aggregate(department, start, end) -> dict:
    """The baseline: the per-school statistics called once per school, then summed in Python."""
    from danvan.org.models import Organisation  # noqa: PLC0415 - models load after django.setup() with the settings this run chose
    from danvan.petitions.stats import live_overdue_on  # noqa: PLC0415 - models load after django.setup() with the settings this run chose
    from danvan.reports import sources  # noqa: PLC0415 - models load after django.setup() with the settings this run chose
    from danvan.reports.models import ReportObligation  # noqa: PLC0415 - models load after django.setup() with the settings this run chose

    totals = dict.fromkeys(TOTALS, 0)
    as_of = sources.as_of_day(end)
    for school in Organisation.objects.schools().subtree(department).exclude(pk=department.pk):
        p = sources.fetch("petitions", [school.id], start, end)
        t = sources.fetch("tasks", [school.id], start, end)
        ReportObligation.objects.filter(organisation=school, period_start=start, period_end=end).first()
        for key in ("received", "resolved_on_time", "resolved_late"):
            totals[key] += p[key]
        # Counted from the petitions themselves, not from the counters the aggregate reads.
        totals["overdue_at_end"] += live_overdue_on([school.id], as_of).get(school.id, 0)
        totals["tasks_total"] += t["total"]
        totals["tasks_done"] += t["done"]
        totals["tasks_late"] += t["late"]
    return totals


TOTALS = ("received", "resolved_on_time", "resolved_late", "overdue_at_end", "tasks_total", "tasks_done", "tasks_late")


def aggregate_totals(figures: dict) -> dict:
    """Return the totals the aggregate prints, under the keys of `naive_aggregate`."""
    p, t = figures["petitions"], figures["tasks"]
    return {
        "received": p["received"],
        "resolved_on_time": p["resolved_on_time"],
        "resolved_late": p["resolved_late"],
        "overdue_at_end": p["overdue_at_end"],
        "tasks_total": t["total"],
        "tasks_done": t["done"],
        "tasks_late": t["late"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=500)
    parser.add_argument("--petitions", type=int, default=1_000_000)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a tenth of the data (50 schools, 100k petitions, 10k tasks): for `make bench` and a loaded machine",
    )
    args = parser.parse_args()
    if args.quick:
        args.schools, args.petitions, args.tasks = args.schools // 10, args.petitions // 10, args.tasks // 10

    base, bench_url = _urls()
    _admin(base, f"DROP DATABASE IF EXISTS {BENCH_DB}")
    _admin(base, f"CREATE DATABASE {BENCH_DB}")
    try:
        setup_django(bench_url)
        from danvan.reports import export, services  # noqa: PLC0415 - models load after django.setup() with the settings this run chose
        from danvan.reports.models import ReportObligation  # noqa: PLC0415 - models load after django.setup() with the settings this run chose

        print(f"PostgreSQL {connection.cursor().connection.info.server_version}; database {BENCH_DB}")
        with acting_as(None, label="bench"):
            data = load(args.schools, args.petitions, args.tasks)
            department = data["department"]
            print(
                f"loaded {len(data['schools'])} schools, {data['petitions']:,} petitions, "
                f"{data['receptions']:,} receptions, {data['tasks']:,} tasks "
                f"(migrate {data['t_migrate']:.1f} s, petitions {data['t_petitions']:.1f} s, "
                f"tasks {data['t_tasks']:.1f} s; petition counters rebuilt in {data['t_counters']:.1f} s, "
                f"{data['counter_rows']:,} rows)"
            )
            # A campaign with a mix of statuses (the bench has no signed-in actor, so rows are written directly).
            from danvan.reports.models import ObligationCampaign  # noqa: PLC0415 - models load after django.setup() with the settings this run chose

            campaign = ObligationCampaign.objects.create(
                organisation=department,
                kind="6_thang",
                title="Kết quả thực hiện công tác dân vận 6 tháng đầu năm 2023",
                period_start=H1[0],
                period_end=H1[1],
                due=dt.date(2023, 6, 15),
            )
            rng = random.Random(7)
            ReportObligation.objects.bulk_create(
                [
                    ReportObligation(
                        organisation=s,
                        kind="6_thang",
                        title=campaign.title,
                        period_start=H1[0],
                        period_end=H1[1],
                        due=campaign.due,
                        recipient=department,
                        campaign=campaign,
                        status=rng.choice(["on_time", "on_time", "late", "missing", "accepted"]),
                    )
                    for s in data["schools"]
                ]
            )

            services.department_aggregate(department, *H1, campaign=campaign)  # warm up
            agg_s, agg_runs = median_s(lambda: services.department_aggregate(department, *H1, campaign=campaign))
            figures = services.department_aggregate(department, *H1, campaign=campaign)
            print(
                f"Department aggregate ({len(data['schools'])} schools, grouped *_by_org): median {agg_s:.3f} s "
                f"(runs {', '.join(f'{r:.3f}' for r in agg_runs)}) — target ≤ 0.5 s"
            )
            det_s, det_runs = median_s(
                lambda: services.department_aggregate(department, *H1, campaign=campaign, detailed=True), repeat=2
            )
            print(
                f"  detailed (+ full petition statistics of all schools by kind, channel, month): median "
                f"{det_s:.3f} s (runs {', '.join(f'{r:.3f}' for r in det_runs)})"
            )

            naive_s, naive = timed(naive_aggregate, department, *H1)
            grouped = aggregate_totals(figures)
            differ = {k: (grouped[k], naive[k]) for k in TOTALS if grouped[k] != naive[k]}
            negative = {k: v for k, v in grouped.items() if v < 0}
            print(
                f"naive per-school loop: {naive_s:.3f} s — grouped aggregate is {naive_s / agg_s:.1f}× faster "
                f"(same totals, all {len(TOTALS)} compared: {not differ}{f'; differ {differ}' if differ else ''})"
            )
            if differ or negative:
                raise SystemExit(f"the aggregate's totals are wrong: differ {differ}, negative {negative}")
            table_row("Department aggregate (s)", agg_s, naive_s, "≤ 0.5 s")

            one = ReportObligation.objects.filter(campaign=campaign).order_by("id").first()
            ReportObligation.objects.filter(pk=one.pk).update(status="not_started")

            def school_compile():
                return services.compile_report(one, actor=None)

            def school_docx() -> bytes:
                version = latest()
                return export.to_docx(export.report_document(version))

            def latest():
                from danvan.reports.models import Report  # noqa: PLC0415 - models load after django.setup() with the settings this run chose

                report = Report.objects.select_related("current_version", "obligation__organisation").get(
                    obligation=one
                )
                version = report.current_version
                version.report = report
                return version

            school_compile()  # warm up (fonts, matplotlib)
            compile_s, compile_runs = median_s(school_compile)
            docx_s, docx_runs = median_s(school_docx)
            size = len(school_docx())
            print(
                f"one school's report: compile (figures + 3 charts, background task) median {compile_s:.3f} s "
                f"(runs {', '.join(f'{r:.3f}' for r in compile_runs)})"
            )
            print(
                f"one school's report DOCX export ({size:,} bytes, NĐ 30 layout, charts embedded): median "
                f"{docx_s:.3f} s (runs {', '.join(f'{r:.3f}' for r in docx_runs)}) — target ≤ 1 s; "
                f"compile + DOCX {compile_s + docx_s:.3f} s"
            )
            print(
                f"figures: received {grouped['received']:,}, resolved on time {grouped['resolved_on_time']:,}, "
                f"late {grouped['resolved_late']:,}, overdue at the end {grouped['overdue_at_end']:,}, "
                f"tasks {grouped['tasks_total']:,} (done {grouped['tasks_done']:,}, late {grouped['tasks_late']:,}), "
                f"on-time submission rate {figures['submission']['on_time_rate']}%; "
                f"load average {os.getloadavg()[0]:.1f}"
            )
        connection.close()
    finally:
        if not args.keep:
            _admin(base, f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
