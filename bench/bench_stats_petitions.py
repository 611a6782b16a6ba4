"""Department petition statistics over 500 schools and 1,000,000 petitions on PostgreSQL (target ≤ 2 s).

Creates (once) a database `dv_bench_petitions` on the server of DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/test), migrates it, inserts one Department, 500 schools and
1,000,000 petitions spread over two years with INSERT … SELECT generate_series, then times
`petition_stats_by_org` (one grouped query) and `petition_stats` over all 500 schools for a
6-month period. Prints figures; no assertion.

Run: .venv/bin/python bench/bench_stats_petitions.py [--petitions 1000000] [--schools 500] [--fresh]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import django
import psycopg
from django.core.management import call_command
from django.db import connection, models, transaction
from django.utils import timezone

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DB_NAME = "dv_bench_petitions"


def _server_url() -> str:
    return os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")


def _ensure_database(fresh: bool) -> str:
    url = urlparse(_server_url())
    admin = urlunparse(url._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{DB_NAME}"')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return urlunparse(url._replace(path=f"/{DB_NAME}"))


def _sql_default(field) -> str:  # noqa: ANN001
    if isinstance(field, models.BooleanField):
        return "false"
    if isinstance(field, models.DateTimeField):
        return "NULL" if field.null else "now()"
    if isinstance(field, (models.DateField, models.ForeignKey)):
        return "NULL"
    if isinstance(field, (models.IntegerField, models.FloatField)):
        return "1" if not field.null else "NULL"
    return "''" if not field.null else "NULL"


def _populate(n_schools: int, n_petitions: int) -> tuple[list[int], int]:
    from danvan.org.choices import OrgKind  # noqa: PLC0415 - models load after django.setup() with the settings this run chose
    from danvan.org.models import Organisation  # noqa: PLC0415 - models load after django.setup() with the settings this run chose
    from danvan.petitions.models import Petition  # noqa: PLC0415 - models load after django.setup() with the settings this run chose

    dept = Organisation.objects.filter(code="BENCH-SO").first()
    if dept is None:
        with transaction.atomic():
            dept = Organisation.objects.create(kind=OrgKind.DEPARTMENT, name="Sở GD&ĐT (bench)", code="BENCH-SO")
            Organisation.objects.bulk_create(
                [
                    Organisation(
                        kind=OrgKind.SCHOOL, name=f"Trường {i}", code=f"T{i:03d}", parent=dept, path=f"{dept.path}x{i}/"
                    )
                    for i in range(n_schools)
                ]
            )
            # bulk_create skips save(): fix path and tenant in SQL.
            with connection.cursor() as cur:
                cur.execute(
                    "UPDATE org_organisation SET path = %s || id || '/', tenant_id = id WHERE parent_id = %s",
                    [dept.path, dept.id],
                )
    school_ids = list(Organisation.objects.filter(parent=dept).values_list("id", flat=True))
    have = Petition._base_manager.filter(organisation_id__in=school_ids).count()
    if have < n_petitions:
        overrides = {
            "tracking_code": "'B' || g",
            "organisation_id": f"(ARRAY[{','.join(map(str, school_ids))}])[1 + (g % {len(school_ids)})]",
            "handling_body_id": f"(ARRAY[{','.join(map(str, school_ids))}])[1 + (g % {len(school_ids)})]",
            "received_at": "timestamptz '2024-01-01 00:00+07' + (g % 730) * interval '1 day' + (g % 1440) * interval '1 minute'",
            "kind": "(ARRAY['khieu-nai','to-cao','kien-nghi','phan-anh','khieu-nai-lan-2'])[1 + (g % 5)]",
            "channel": "(ARRAY['web','walk-in','letter','email','phone'])[1 + (g % 5)]",
            "state": "(ARRAY['received','accepted','verifying','closed','closed','replied','guided','transferred'])[1 + (g % 8)]",
            "subject": "'Đơn ' || g",
            "content": "'Nội dung đơn số ' || g",
            "accepted_on": "date '2024-01-05' + (g % 730)",
            "resolved_on": "CASE WHEN g % 8 IN (3,4,5) THEN date '2024-01-20' + (g % 730) + (g % 20) END",
            "resolution_due_on": "CASE WHEN g % 8 IN (3,4,5) THEN date '2024-02-04' + (g % 730) END",
            "due_on": "CASE WHEN g % 8 IN (0,1,2) THEN date '2024-02-04' + (g % 730) END",
            "closure": "CASE WHEN g % 8 IN (3,4) THEN 'resolved' WHEN g % 8 = 6 THEN 'guided' "
            "WHEN g % 8 = 7 THEN 'transferred' ELSE '' END",
            "closed_at": "CASE WHEN g % 8 IN (3,4,6,7) THEN timestamptz '2024-02-01 00:00+07' + (g % 730) * interval '1 day' END",
        }
        fields = [f for f in Petition._meta.concrete_fields if not f.primary_key]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        values = ", ".join(overrides.get(f.column, _sql_default(f)) for f in fields)
        batch = 200_000
        for lo in range(have, n_petitions, batch):
            hi = min(lo + batch, n_petitions)
            with transaction.atomic(), connection.cursor() as cur:
                cur.execute(
                    f"INSERT INTO petitions_petition ({columns}) "  # noqa: S608 - bench-only generated SQL
                    f"SELECT {values} FROM generate_series({lo + 1}, {hi}) AS g"
                )
            print(f"  inserted {hi:,} petitions", flush=True)
        with connection.cursor() as cur:
            cur.execute("ANALYZE petitions_petition")
    return school_ids, Petition._base_manager.filter(organisation_id__in=school_ids).count()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--petitions", type=int, default=1_000_000)
    parser.add_argument("--schools", type=int, default=500)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="100,000 petitions, 50 schools (make bench)")
    args = parser.parse_args()
    if args.quick:
        args.petitions, args.schools = min(args.petitions, 100_000), min(args.schools, 50)

    os.environ["DATABASE_URL"] = _ensure_database(args.fresh)
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdef0123456789")
    os.environ.setdefault("DANVAN_DATA_DIR", "/tmp/dv-bench-petitions")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    django.setup()
    call_command("migrate", verbosity=0)
    from danvan.petitions import stats  # noqa: PLC0415 - models load after django.setup() with the settings this run chose

    school_ids, total = _populate(args.schools, args.petitions)
    tz = timezone.get_current_timezone()
    start, end = dt.datetime(2024, 12, 15, tzinfo=tz), dt.datetime(2025, 6, 15, tzinfo=tz)
    print(f"{len(school_ids)} schools, {total:,} petitions; period 15/12/2024 → 14/06/2025")
    for name, fn in (("petition_stats_by_org", stats.petition_stats_by_org), ("petition_stats", stats.petition_stats)):
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            result = fn(school_ids, start, end)
            times.append(time.perf_counter() - t0)
        received = sum(r["received"] for r in result.values()) if name.endswith("by_org") else result["received"]
        print(
            f"{name}: median {statistics.median(times):.3f} s, best {min(times):.3f} s "
            f"(received in period: {received:,}; target ≤ 2 s)"
        )


if __name__ == "__main__":
    main()
