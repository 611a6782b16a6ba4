"""CPU of one public-form POST, in process: the server's own work per intake, with a cProfile breakdown.

Sends `--posts` POSTs of the public form through Django's test client (middleware, form, anti-spam, the service,
the commit, the redirect; no HTTP parsing, no gunicorn) against a fresh SQLite file in WAL mode (as `danvan serve`
configures it) or, with `--db postgres`, a fresh database on DATABASE_URL's server; production settings but for
the anti-spam pause (the load generator does not pause); each POST comes from its own address, as citizens'
do, so the per-address limits apply as configured and the locmem e-mail backend. Prints the CPU
time (process time) per POST, the wall time, the queries per POST and the 25 most expensive functions by
cumulative time. Each POST is checked (302 to the receipt page) and the stored count compared at the end.

Run: .venv/bin/python bench/profile_intake.py [--posts 300] [--db sqlite|postgres] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import django
import psycopg
from django.core.management import call_command
from django.db import connection
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
DB_NAME = "danvan_profile_intake"
CONTENT = (
    "Con tôi học lớp 10A3. Đầu năm học, lớp thu thêm tiền quỹ mà không có biên lai, không công khai chi tiêu. "
    "Đề nghị nhà trường kiểm tra, công khai các khoản thu và trả lời cho phụ huynh."
)
SETTINGS = """
from danvan.settings import *  # noqa: F403
DANVAN_PETITION_MIN_SECONDS = 0
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
"""


def _pg_database() -> str:

    parts = urllib.parse.urlsplit(PG_URL)
    with psycopg.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return urllib.parse.urlunsplit(parts._replace(path=f"/{DB_NAME}"))


def setup(tmp: str, db: str, template: str = "") -> None:
    """Point Django at a fresh database, migrate it and create the school.

    `template`: an SQLite file migrated by an earlier run (`--template`), copied instead of migrating again.
    """
    Path(tmp, "profile_intake_settings.py").write_text(SETTINGS)
    sys.path[:0] = [tmp, str(ROOT)]
    os.environ.update(
        {
            "DANVAN_DATA_DIR": tmp,
            "SECRET_KEY": "bench-" + "x" * 50,
            "DEBUG": "0",
            "DATABASE_URL": _pg_database() if db == "postgres" else f"sqlite:///{tmp}/danvan.sqlite3",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "DJANGO_SETTINGS_MODULE": "profile_intake_settings",
            "DANVAN_FIELD_KEYS": "q2Mt0tbyS3LrAXrDZ8LsxK1oGC8NZ3w3pA0O9m8J7nE=",
        }
    )

    django.setup()

    from danvan.org.choices import OrgKind  # noqa: PLC0415 - models load after django.setup() with the settings this run chose
    from danvan.org.models import Organisation  # noqa: PLC0415 - models load after django.setup() with the settings this run chose
    from danvan.org.services import create_school  # noqa: PLC0415 - models load after django.setup() with the settings this run chose

    if db == "sqlite" and template and Path(template).exists():
        shutil.copy(template, f"{tmp}/danvan.sqlite3")
    else:
        call_command("migrate", verbosity=0)
        if db == "sqlite" and template:
            connection.close()  # checkpoints the WAL into the file
            shutil.copy(f"{tmp}/danvan.sqlite3", template)
    dept = Organisation.objects.create(
        code="SGDĐT", kind=OrgKind.DEPARTMENT, name="Sở Giáo dục và Đào tạo Hải Phòng", place="Hải Phòng"
    )
    create_school(dept, name="Trường THPT Nguyễn Khuyến", code="THPTNK", place="Hải Phòng")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--profile", action="store_true", help="print the cProfile breakdown")
    parser.add_argument("--sql", action="store_true", help="print the SQL of the last POST")
    parser.add_argument(
        "--template", default="", help="SQLite file to reuse as the migrated database (written if absent)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="danvan-profile-intake-") as tmp:
        setup(tmp, args.db, args.template)

        from danvan.petitions import antispam  # noqa: PLC0415 - models load after django.setup() with the settings this run chose
        from danvan.petitions.models import Petition  # noqa: PLC0415 - models load after django.setup() with the settings this run chose

        url = "/don-thu/cong-khai/gui/THPTNK/"
        client = Client()
        client.get(url)

        def post(n: int) -> None:
            # A new visitor each time (no session yet, as a citizen opening the form), from its own address.
            response = Client().post(
                url,
                {
                    "form_token": antispam.issue_token(),
                    "website": "",
                    "kind": "kien-nghi",
                    "subject": f"Khoản thu đầu năm {n}",
                    "content": f"{CONTENT} (#{n})",
                    "identity_choice": "handler-only",
                    "full_name": "Trần Thị Bích",
                    "address": "12 Lê Lợi",
                    "phone": "0912345678",
                    "email": "bich@example.com",
                },
                REMOTE_ADDR=f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}",
            )  # citizens send from their own addresses
            if response.status_code != 302:
                raise SystemExit(f"POST {n} answered {response.status_code}")

        for n in range(10):  # warm-up: imports, caches, prepared statements
            post(n)
        before = Petition.objects.count()
        queries: list[int] = []
        cpu, wall = [], []
        profiler = cProfile.Profile() if args.profile else None
        last_sql: list[str] = []

        def count(execute, sql, params, many, context):  # noqa: ANN001, ANN202
            last_sql.append(sql[:160])
            return execute(sql, params, many, context)

        for n in range(10, 10 + args.posts):
            last_sql.clear()
            with connection.execute_wrapper(count):
                c0, w0 = time.process_time(), time.perf_counter()
                if profiler:
                    profiler.enable()
                post(n)
                if profiler:
                    profiler.disable()
                cpu.append(time.process_time() - c0)
                wall.append(time.perf_counter() - w0)
            queries.append(len(last_sql))
        stored = Petition.objects.count() - before
        print(
            f"{args.db}: {args.posts} POSTs, stored {stored} (acknowledged {args.posts}); CPU per POST "
            f"median {statistics.median(cpu) * 1000:.2f} ms, mean {statistics.mean(cpu) * 1000:.2f} ms; "
            f"wall median {statistics.median(wall) * 1000:.2f} ms; queries per POST {statistics.median(queries):.0f}; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        if args.sql:
            print("\n".join(last_sql))
        if stored != args.posts:
            raise SystemExit("stored count differs from the acknowledged POSTs")
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(30)
            print(out.getvalue())
        if args.db == "postgres":
            connection.close()

            parts = urllib.parse.urlsplit(PG_URL)
            with psycopg.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    main()
