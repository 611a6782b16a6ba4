"""Load test: locust headless on the mixed scenario of bench/locustfile.py, against PostgreSQL and 2 web processes.

Prepares a fresh PostgreSQL database on the DATABASE_URL server (default postgres://postgres@127.0.0.1:5432/test;
the database `danvan_load` is created and dropped afterwards), migrates it, loads the demo data and
`--petitions` more petitions in the demo school (through the registration service, phone ending 5678, so the
tracking page finds them), starts `danvan serve` with 2 gunicorn workers × 4 threads, and runs locust
headless with `--users` users for `--minutes`. Prints p50/p95 per request kind and overall, and the error rate;
exits 1 when any request failed. The anti-spam limits are raised through a settings module (all the load
comes from one address); everything else is the production configuration (DEBUG=0).

Run: .venv/bin/python bench/load.py [--minutes 10] [--users 20] [--petitions 3000] [--keep | --reuse]
(--keep leaves the database and the data directory for a later --reuse, which skips the preparation.)
Needs the `bench` extra (locust).
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import psycopg
import requests

REPO = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("DANVAN_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/test")
DB_NAME = "danvan_load"
KEEP_DIR = Path(tempfile.gettempdir(), "danvan-load-kept")

SETTINGS = """
from danvan.settings import *  # noqa: F403
DANVAN_PETITION_MIN_SECONDS = 0          # locust users do not pause like a person before sending
DANVAN_PETITION_SUBMIT_LIMITS = ((3600, 10**9),)
DANVAN_PETITION_LOOKUP_LIMITS = ((3600, 10**9),)
# Compressing every static file with brotli takes minutes on a loaded machine and measures nothing here.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
"""

SEED = """
import random
from django.db import transaction
from danvan.core.context import acting_as
from danvan.core.registry import demo
from danvan.org.models import Organisation
from danvan.petitions.choices import Channel, Kind
from danvan.petitions.services import register_petition
n, out = {n}, {out!r}
with acting_as(label="load seed"):
    demo.run()
school = Organisation.objects.get(code="THPTNK")
rng = random.Random(1)
topics = ["Khoản thu đầu năm", "Nhà vệ sinh học sinh", "Dạy thêm ngoài giờ", "Căng tin trường", "Xe đưa đón"]
codes = []
with acting_as(label="load seed"):
    for i in range(n):
        topic = rng.choice(topics)
        with transaction.atomic():
            r = register_petition(school, actor=None, subject=f"{topic} {i}", content=f"{topic}: phụ huynh đề nghị "
                                  f"nhà trường xem xét, trả lời (đơn số {i}).", channel=Channel.WEB,
                                  kind=rng.choice([Kind.KIEN_NGHI, Kind.PHAN_ANH]),
                                  identity={"full_name": f"Phụ huynh {i}", "phone": f"09{i:04d}5678"[-10:]})
        codes.append(r.petition.tracking_code)
open(out, "w").write("\\n".join(codes))
"""


def postgres_database() -> str:
    parts = urllib.parse.urlsplit(PG_URL)
    with psycopg.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return urllib.parse.urlunsplit(parts._replace(path=f"/{DB_NAME}"))


def drop_database() -> None:
    parts = urllib.parse.urlsplit(PG_URL)
    with psycopg.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "danvan.cli", "manage", *args], env=env, cwd=env["DANVAN_DATA_DIR"], check=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--spawn-rate", type=float, default=2)
    parser.add_argument("--petitions", type=int, default=3000, help="petitions added to the demo data")
    parser.add_argument(
        "--keep-alive",
        type=int,
        default=0,
        help="gunicorn's keep-alive in seconds (default: danvan serve's, DANVAN_KEEPALIVE or 75 s)",
    )
    parser.add_argument("--keep", action="store_true", help=f"keep the database and {KEEP_DIR} for --reuse")
    parser.add_argument("--reuse", action="store_true", help="use the database and data left by --keep")
    opts = parser.parse_args()

    reuse = opts.reuse and Path(KEEP_DIR, "codes.txt").exists()
    if opts.keep or reuse:
        KEEP_DIR.mkdir(exist_ok=True)
        tmp = str(KEEP_DIR)
    else:
        tmp = tempfile.mkdtemp(prefix="danvan-load-")
    parts = urllib.parse.urlsplit(PG_URL)
    db_url = urllib.parse.urlunsplit(parts._replace(path=f"/{DB_NAME}")) if reuse else postgres_database()
    port = free_port()
    Path(tmp, "load_settings.py").write_text(SETTINGS)
    env = dict(os.environ)
    env.update(
        {
            "DANVAN_DATA_DIR": tmp,
            "SECRET_KEY": "load-" + "x" * 50,
            "DEBUG": "0",
            "DATABASE_URL": db_url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "DJANGO_SETTINGS_MODULE": "load_settings",
            "PYTHONPATH": os.pathsep.join([tmp, str(REPO)]),
            "DANVAN_FIELD_KEYS": "q2Mt0tbyS3LrAXrDZ8LsxK1oGC8NZ3w3pA0O9m8J7nE=",
            "PORT": str(port),
            "WEB_CONCURRENCY": "2",
            "WEB_THREADS": "4",
        }
    )
    if opts.keep_alive:
        env["DANVAN_KEEPALIVE"] = str(opts.keep_alive)
    codes = Path(tmp, "codes.txt")
    web = None
    failed = True
    try:
        t0 = time.monotonic()
        if not reuse:
            manage(env, "migrate", "-v0")
            manage(env, "createcachetable", "-v0")
            manage(env, "collectstatic", "--noinput", "-v0")
            manage(env, "shell", "-c", SEED.replace("{n}", str(opts.petitions)).replace("{out!r}", repr(str(codes))))
            print(
                f"prepared PostgreSQL with the demo data and {opts.petitions} more petitions in "
                f"{time.monotonic() - t0:.0f} s",
                flush=True,
            )
        web = subprocess.Popen(
            [sys.executable, "-m", "danvan.cli", "serve"],
            env=env,
            cwd=tmp,
            stdout=open(Path(tmp, "web.log"), "ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 180
        while True:
            try:
                if requests.get(f"{base}/tai-khoan/dang-nhap/", timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or web.poll() is not None:
                raise SystemExit(f"the web server did not start (log: {tmp}/web.log)")
            time.sleep(0.5)
        locust_env = {**env, "DANVAN_LOAD_CODES": str(codes)}
        locust_env.pop("DJANGO_SETTINGS_MODULE")
        prefix = Path(tmp, "locust")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "--host",
                base,
                "--users",
                str(opts.users),
                "--spawn-rate",
                str(opts.spawn_rate),
                "--run-time",
                f"{int(opts.minutes * 60)}s",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env=locust_env,
            cwd=tmp,
            check=False,
        )
        failed = report(prefix, opts)
    finally:
        if web is not None and web.poll() is None:
            os.killpg(web.pid, signal.SIGTERM)
            web.wait(timeout=30)
        if not (opts.keep or reuse):
            drop_database()
        print(f"data directory: {tmp}")
    raise SystemExit(1 if failed else 0)


def report(prefix: Path, opts: argparse.Namespace) -> bool:
    """Print p50/p95 per request kind and the error rate from locust's CSV; True when any request failed."""
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))
    print(
        f"\n{opts.users} users, {opts.minutes:g} min, PostgreSQL, 2 gunicorn workers × 4 threads, keep-alive "
        f"{opts.keep_alive or os.environ.get('DANVAN_KEEPALIVE', 75)} s"
    )
    print(f"{'request':<26}{'count':>8}{'fail':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'req/s':>8}")
    total = None
    for row in rows:
        if row["Name"] == "Aggregated":
            total = row
            continue
        print(
            f"{row['Name']:<26}{row['Request Count']:>8}{row['Failure Count']:>6}{row['50%']:>9}{row['95%']:>9}"
            f"{row['99%']:>9}{float(row['Requests/s']):>8.1f}"
        )
    if total is None:
        print("locust wrote no aggregate row")
        return True
    count, fails = int(total["Request Count"]), int(total["Failure Count"])
    rate = fails / count if count else 1.0
    print(
        f"{'all':<26}{count:>8}{fails:>6}{total['50%']:>9}{total['95%']:>9}{total['99%']:>9}"
        f"{float(total['Requests/s']):>8.1f}"
    )
    print(f"error rate: {rate:.4%} ({fails} of {count})")
    failures = Path(f"{prefix}_failures.csv")
    if fails and failures.exists():
        print(failures.read_text(encoding="utf-8")[:2000])
    return fails > 0 or count == 0


if __name__ == "__main__":
    main()
