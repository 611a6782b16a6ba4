"""Public petition intake at concurrency 8, against gunicorn on loopback, compared with django-helpdesk like for like.

Two measures, each in alternating rounds (danvan, then the peer, then danvan…, so background load on a shared
machine affects both alike):

* **POST-only**: each simulated visitor opens the form once (CSRF cookie), then only sends it; danvan's anti-spam
  form token is signed by the bench with the server's key, as the page would hand it out. The peer's own baseline
  is POST-only, so this is the like-for-like figure (target: danvan ≥ 3× the peer's throughput).
* **GET+POST**: open the form, send it (302, not followed) — what a citizen does.

Both servers run gunicorn gthread, 2 workers × 4 threads, with the same database settings: on PostgreSQL
persistent connections (CONN_MAX_AGE 60, danvan's default); on SQLite a connection per request, WAL, synchronous
NORMAL, BEGIN IMMEDIATE and a 20 s busy timeout (danvan's settings, given to the peer too). Each danvan intake
comes from its own client address (X-Forwarded-For through a trusted proxy, as behind the documented reverse
proxy), so the per-address limits apply as configured. Each visitor keeps its HTTP/1.1 connection open.

After the rounds the bench counts the rows each system stored and compares them with the 302s it received
(`stored = acknowledged`, else exit 1). `--quick` runs fewer requests and rounds and leaves out the peer's
variant with its own deployment defaults (a new connection per request on PostgreSQL, no WAL on SQLite).

The load comes from Python threads in this process (not locust or wrk): on a machine with few cores they take CPU
from both servers alike; read the ratios, not the absolute figures.

django-helpdesk is installed with pip into its own virtual environment under /tmp (network access to PyPI the
first time). Run: .venv/bin/python bench/bench_petitions_intake.py [--requests 800] [--rounds 10] [--quick]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
from django.conf import settings as django_settings
from django.core import signing

sys.path.insert(0, str(Path(__file__).resolve().parent))
from table import table_row  # noqa: E402

CONCURRENCY = 8
HELPDESK_VENV = Path(os.environ.get("DANVAN_BENCH_HELPDESK_VENV", "/tmp/dv-helpdesk-venv"))
PG_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
CONTENT = (
    "Con tôi học lớp 10A3. Đầu năm học, lớp thu thêm tiền quỹ mà không có biên lai, không công khai chi tiêu. "
    "Đề nghị nhà trường kiểm tra, công khai các khoản thu và trả lời cho phụ huynh."
)


# ---------------------------------------------------------------- infrastructure


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, timeout: float = 300) -> None:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status < 500:
                    return
        except urllib.error.HTTPError as exc:
            if exc.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"no answer from {url} within {timeout} s")


USE_SQLITE = [False]  # --sqlite
DB_LABEL = ["PostgreSQL"]  # which database the servers ran on, for the table


def postgres_database(name: str) -> str | None:
    """Create (fresh) database `name` on the DATABASE_URL server; return its URL, or None if unreachable."""
    if USE_SQLITE[0]:
        DB_LABEL[0] = "SQLite"
        return None
    parts = urllib.parse.urlsplit(PG_URL)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as exc:  # noqa: BLE001 - any failure means: use SQLite
        print(f"PostgreSQL not usable ({exc}); using SQLite")
        DB_LABEL[0] = "SQLite"
        return None
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def drop_database(name: str) -> None:
    try:
        parts = urllib.parse.urlsplit(PG_URL)
        with psycopg.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except Exception:  # noqa: BLE001, S110 - best effort clean-up
        pass


def gunicorn(python: str, app: str, port: int, env: dict[str, str], cwd: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--worker-class",
            "gthread",
            "--access-logfile",
            "/dev/null",
            "--timeout",
            "60",
        ],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


# ---------------------------------------------------------------- load generator


_BATCH = [0]


def next_batch() -> int:
    """Return a number that differs between calls of run_load (visitors' numbers stay unique across rounds)."""
    return _BATCH[0]


def run_load(total: int, one_intake) -> dict[str, float]:
    """Run `total` intakes over CONCURRENCY threads; return throughput and latency figures.

    `one_intake(browser, n)` returns the seconds its POST took (the GET, if any, excluded)."""
    _BATCH[0] += 1
    latencies: list[float] = []
    post_latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    per_thread = [total // CONCURRENCY + (1 if i < total % CONCURRENCY else 0) for i in range(CONCURRENCY)]

    def worker(n: int, seed: int) -> None:
        browser = Browser()
        for i in range(n):
            t0 = time.perf_counter()
            try:
                post_seconds = one_intake(browser, seed * 10_000 + i + 1_000_000 * next_batch())
            except Exception as exc:  # noqa: BLE001 - counted and reported
                with lock:
                    errors.append(repr(exc)[:200])
                continue
            with lock:
                latencies.append(time.perf_counter() - t0)
                post_latencies.append(post_seconds)

    threads = [threading.Thread(target=worker, args=(n, k)) for k, n in enumerate(per_thread)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "ok": len(latencies),
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "per_s": len(latencies) / wall if wall else 0.0,
        "wall": wall,
        "latencies": list(latencies),
        "post_latencies": sorted(post_latencies),
        "p50": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000 if latencies else float("nan"),
    }


class Browser:
    """One visitor: its cookies, and one HTTP/1.1 connection kept open between requests, as browsers do.

    Redirects are not followed. A request on a connection the server has meanwhile closed (keep-alive
    timeout) is sent again once on a new connection.
    """

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self,
        method: str,
        url: str,
        data: dict[str, str] | None = None,
        referer: str = "",
        extra: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        parts = urllib.parse.urlsplit(url)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(extra or {})}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if referer:
            headers["Referer"] = referer
        for attempt in (1, 2):
            reused = self.conn is not None
            if self.conn is None:
                self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
            try:
                self.conn.request(method, parts.path, body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt == 2 or not reused:
                    raise
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.will_close:
            self.conn.close()
            self.conn = None
        return response.status, text


def _field(page: str, name: str) -> str:
    m = re.search(rf'name="{name}" value="([^"]*)"', page)
    if not m:
        raise RuntimeError(f"no {name} in the form")
    return m.group(1)


# ---------------------------------------------------------------- danvan

DANVAN_SECRET = "bench-" + "x" * 50
DANVAN_SETTINGS = """
from danvan.settings import *  # noqa: F403
DANVAN_PETITION_MIN_SECONDS = 0          # the load generator does not pause like a person
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
"""


def form_token() -> str:
    """Return danvan's anti-spam form token, signed with the bench server's key (as the form page would)."""
    if not django_settings.configured:
        django_settings.configure(SECRET_KEY=DANVAN_SECRET)
    return signing.dumps({"t": time.time()}, salt="danvan.petitions.antispam", compress=False)


def address(n: int) -> str:
    """Return the n-th visitor's own address (a citizen sends from their own connection)."""
    return f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"


DANVAN_SEED = """
from danvan.org.choices import OrgKind
from danvan.org.models import Organisation
from danvan.org.services import create_school
dept, _ = Organisation.objects.get_or_create(code="SGDĐT", defaults=dict(kind=OrgKind.DEPARTMENT,
                                             name="Sở Giáo dục và Đào tạo Hải Phòng", place="Hải Phòng"))
if not Organisation.objects.filter(code="THPTNK").exists():
    create_school(dept, name="Trường THPT Nguyễn Khuyến", code="THPTNK", place="Hải Phòng")
"""


def start_danvan(tmp: str) -> tuple[subprocess.Popen, object, object]:
    """Prepare danvan (database, school) and start it; return (process, one intake, clean-up)."""
    db_url = postgres_database("danvan_bench_intake") or f"sqlite:///{tmp}/danvan.sqlite3"
    Path(tmp, "bench_intake_settings.py").write_text(DANVAN_SETTINGS)
    env = dict(os.environ)
    env.update(
        {
            "DANVAN_DATA_DIR": tmp,
            "SECRET_KEY": DANVAN_SECRET,
            "DEBUG": "0",
            "DATABASE_URL": db_url,
            "DANVAN_TRUSTED_PROXIES": "127.0.0.1",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "DJANGO_SETTINGS_MODULE": "bench_intake_settings",
            "PYTHONPATH": os.pathsep.join([tmp, str(Path(__file__).resolve().parent.parent)]),
            "DANVAN_FIELD_KEYS": "q2Mt0tbyS3LrAXrDZ8LsxK1oGC8NZ3w3pA0O9m8J7nE=",
        }
    )
    subprocess.run([sys.executable, "-m", "django", "migrate", "-v0"], env=env, check=True, cwd=tmp)
    subprocess.run([sys.executable, "-m", "django", "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=tmp)
    subprocess.run([sys.executable, "-m", "django", "shell", "-c", DANVAN_SEED], env=env, check=True, cwd=tmp)
    port = free_port()
    form_url = f"http://127.0.0.1:{port}/don-thu/cong-khai/gui/THPTNK/"
    proc = gunicorn(sys.executable, "danvan.wsgi:application", port, env, tmp)
    wait_up(form_url)

    def post(browser: Browser, n: int, csrf: str, token: str) -> float:
        t0 = time.perf_counter()
        status, _text = browser.request(
            "POST",
            form_url,
            {
                "csrfmiddlewaretoken": csrf,
                "form_token": token,
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
            referer=form_url,
            extra={"X-Forwarded-For": address(n)},
        )
        seconds = time.perf_counter() - t0
        # The next visitor has no session yet (the confirmation's session stays with the citizen who sent it).
        browser.cookies = {k: v for k, v in browser.cookies.items() if k == "csrftoken"}
        if status != 302:
            raise RuntimeError(f"danvan POST gave {status}")
        return seconds

    def intake(browser: Browser, n: int) -> float:
        _status, page = browser.request("GET", form_url, extra={"X-Forwarded-For": address(n)})
        return post(browser, n, _field(page, "csrfmiddlewaretoken"), _field(page, "form_token"))

    def post_only(browser: Browser, n: int) -> float:
        if "csrf" not in browser.__dict__:
            _status, page = browser.request("GET", form_url)
            browser.csrf = _field(page, "csrfmiddlewaretoken")
        return post(browser, n, browser.csrf, form_token())

    def stored() -> int:
        return count_rows(db_url, "petitions_petition")

    def cleanup() -> None:
        stop(proc)
        if db_url.startswith("postgres"):
            drop_database("danvan_bench_intake")

    return proc, (intake, post_only, stored), cleanup


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


# ---------------------------------------------------------------- django-helpdesk

HELPDESK_SETTINGS = """
import os
SECRET_KEY = "bench-helpdesk-" + "x" * 40
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
                  "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles",
                  "django.contrib.sites", "django.contrib.humanize", "rest_framework", "helpdesk"]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "django.contrib.sessions.middleware.SessionMiddleware",
              "django.middleware.common.CommonMiddleware", "django.middleware.csrf.CsrfViewMiddleware",
              "django.contrib.auth.middleware.AuthenticationMiddleware",
              "django.contrib.messages.middleware.MessageMiddleware"]
ROOT_URLCONF = "hd_urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True,
              "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                                 "django.contrib.auth.context_processors.auth",
                                                 "django.contrib.messages.context_processors.messages"]}}]
_url = os.environ.get("HD_DATABASE_URL", "")
if _url.startswith("postgres"):
    from urllib.parse import urlsplit
    _p = urlsplit(_url)
    DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": _p.path.lstrip("/"),
                             "USER": _p.username or "", "PASSWORD": _p.password or "", "HOST": _p.hostname or "",
                             "PORT": str(_p.port or ""), "CONN_MAX_AGE": int(os.environ.get("HD_CONN_MAX_AGE", "0"))}}
elif os.environ.get("HD_LIKE_DANVAN") == "1":
    # danvan's SQLite settings (danvan/lib/env.py): WAL, synchronous NORMAL, BEGIN IMMEDIATE, 20 s busy timeout.
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["HD_SQLITE"],
                             "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE",
                                         "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}}}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["HD_SQLITE"]}}
SITE_ID = 1
STATIC_URL = "/static/"
USE_TZ = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
HELPDESK_TEAMS_MODE_ENABLED = False
HELPDESK_PUBLIC_TICKET_QUEUE = "public"
"""

HELPDESK_URLS = """
from django.urls import include, path
urlpatterns = [path("helpdesk/", include("helpdesk.urls", namespace="helpdesk"))]
"""

HELPDESK_SEED = """
from helpdesk.models import Queue
Queue.objects.get_or_create(slug="public", defaults=dict(title="Public", allow_public_submission=True))
"""


def install_helpdesk(postgres: bool) -> str:
    """Return the helpdesk venv's python, installing django-helpdesk (and psycopg) into it when needed."""
    python = HELPDESK_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(HELPDESK_VENV)], check=True)
    need = ["django-helpdesk", "gunicorn"] + (["psycopg[binary]"] if postgres else [])
    probe = subprocess.run(
        [str(python), "-c", "import helpdesk, gunicorn" + (", psycopg" if postgres else "")], capture_output=True
    )
    if probe.returncode != 0:
        done = subprocess.run([str(python), "-m", "pip", "install", "-q", *need], capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError("pip install django-helpdesk failed: " + (done.stderr or done.stdout)[-500:])
    return str(python)


def start_helpdesk(tmp: str, like_danvan: bool = True) -> tuple[subprocess.Popen, object, object]:
    """Install, prepare and start django-helpdesk; return (process, (intake, POST-only intake, stored), clean-up).

    `like_danvan`: danvan's database settings (persistent connections on PostgreSQL; WAL, IMMEDIATE and a busy
    timeout on SQLite). Without it, Django's defaults as django-helpdesk's own deployment
    (standalone/config/settings.py) has them: a new connection per request, no WAL.
    """
    conn_max_age = 60 if like_danvan else 0
    db_name = f"danvan_bench_helpdesk_{int(like_danvan)}"
    db_url = postgres_database(db_name)
    python = install_helpdesk(postgres=db_url is not None)
    Path(tmp, "hd_settings.py").write_text(HELPDESK_SETTINGS)
    Path(tmp, "hd_urls.py").write_text(HELPDESK_URLS)
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "hd_settings",
            "PYTHONPATH": tmp,
            "HD_DATABASE_URL": db_url or "",
            "HD_SQLITE": f"{tmp}/helpdesk_{int(like_danvan)}.sqlite3",
            "HD_CONN_MAX_AGE": str(conn_max_age),
            "HD_LIKE_DANVAN": "1" if like_danvan else "0",
        }
    )
    subprocess.run([python, "-m", "django", "migrate", "-v0"], env=env, check=True, cwd=tmp)
    subprocess.run([python, "-m", "django", "shell", "-c", HELPDESK_SEED], env=env, check=True, cwd=tmp)
    port = free_port()
    form_url = f"http://127.0.0.1:{port}/helpdesk/tickets/submit/"
    proc = gunicorn(python, "django.core.wsgi:get_wsgi_application()", port, env, tmp)
    wait_up(form_url)

    def post(browser: Browser, n: int, csrf: str) -> float:
        t0 = time.perf_counter()
        status, _text = browser.request(
            "POST",
            form_url,
            {
                "csrfmiddlewaretoken": csrf,
                "queue": "1",
                "title": f"Khoản thu đầu năm {n}",
                "body": f"{CONTENT} (#{n})",
                "priority": "3",
                "submitter_email": "bich@example.com",
            },
            referer=form_url,
        )
        seconds = time.perf_counter() - t0
        browser.cookies = {k: v for k, v in browser.cookies.items() if k == "csrftoken"}
        if status != 302:
            raise RuntimeError(f"helpdesk POST gave {status}")
        return seconds

    def intake(browser: Browser, n: int) -> float:
        _status, page = browser.request("GET", form_url)
        return post(browser, n, _field(page, "csrfmiddlewaretoken"))

    def post_only(browser: Browser, n: int) -> float:
        if "csrf" not in browser.__dict__:
            _status, page = browser.request("GET", form_url)
            browser.csrf = _field(page, "csrfmiddlewaretoken")
        return post(browser, n, browser.csrf)

    def stored() -> int:
        return count_rows(db_url or f"sqlite:///{tmp}/helpdesk_{int(like_danvan)}.sqlite3", "helpdesk_ticket")

    def cleanup() -> None:
        stop(proc)
        if db_url:
            drop_database(db_name)

    return proc, (intake, post_only, stored), cleanup


def count_rows(db_url: str, table: str) -> int:
    """Return the number of rows in a table of the system's database (read directly, not through its server)."""
    if db_url.startswith("sqlite"):
        with sqlite3.connect(db_url.removeprefix("sqlite:///"), timeout=30) as conn:
            return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608 - fixed table names
    with psycopg.connect(db_url) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608


def merge(parts: list[dict[str, float]], latencies: list[float]) -> dict[str, float]:
    """Combine the rounds of one system."""
    ok = sum(p["ok"] for p in parts)
    wall = sum(p["wall"] for p in parts)
    latencies.sort()
    return {
        "ok": ok,
        "wall": wall,
        "per_s": ok / wall if wall else 0.0,
        "errors": sum(p["errors"] for p in parts),
        "first_error": next((p["first_error"] for p in parts if p["first_error"]), ""),
        "p50": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000 if latencies else float("nan"),
    }


def show(name: str, r: dict[str, float]) -> None:
    print(
        f"{name:>44}: {r['ok']} intakes in {r['wall']:.1f} s = {r['per_s']:.1f}/s; POST latency "
        f"p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms; errors {r['errors']}"
        + (f" (first: {r['first_error']})" if r["errors"] else "")
    )


SYSTEMS = (
    # (label, starter, in --quick); the helpdesk with danvan's settings is the baseline of the target ratio.
    ("danvan", start_danvan, True),
    ("django-helpdesk", start_helpdesk, True),
    ("django-helpdesk (its own defaults)", lambda tmp: start_helpdesk(tmp, like_danvan=False), False),
)
MODES = (("POST-only", 1), ("GET+POST", 0))  # (label, index of the intake function)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=800, help="intakes per system and measure (bounded)")
    parser.add_argument("--rounds", type=int, default=10, help="alternating rounds (evens out background load)")
    parser.add_argument("--quick", action="store_true", help="200 intakes in 5 rounds, without the peer's defaults")
    parser.add_argument("--sqlite", action="store_true", help="SQLite files even when PostgreSQL is reachable")
    args = parser.parse_args()
    USE_SQLITE[0] = args.sqlite
    if args.quick:
        args.requests, args.rounds = min(args.requests, 200), min(args.rounds, 5)
    per_round = max(CONCURRENCY, args.requests // args.rounds)
    results: dict[tuple[str, str], dict[str, float]] = {}
    parts: dict[tuple[str, str], list] = {}
    acknowledged: dict[str, int] = {}
    stored: dict[str, int] = {}
    loads: list[float] = []
    with tempfile.TemporaryDirectory(prefix="danvan-bench-intake-") as tmp:
        running: list[tuple[str, tuple, object]] = []
        try:
            for label, start, quick in SYSTEMS:
                if args.quick and not quick:
                    continue
                try:
                    _proc, doors, cleanup = start(tmp)
                except Exception as exc:  # noqa: BLE001 - the comparison is optional
                    print(f"{label}: not measured ({exc})")
                    continue
                running.append((label, doors, cleanup))
                acknowledged[label] = 0
            for label, doors, _cleanup in running:
                acknowledged[label] += run_load(CONCURRENCY * 2, doors[0])["ok"]  # warm-up
            for mode, index in MODES:
                latencies: dict[str, list[float]] = {label: [] for label, _d, _c in running}
                for label, _d, _c in running:
                    parts[mode, label] = []
                for _ in range(args.rounds):
                    loads.append(os.getloadavg()[0])
                    for label, doors, _cleanup in running:
                        r = run_load(per_round, doors[index])
                        acknowledged[label] += r["ok"]
                        r.pop("latencies")
                        latencies[label] += r.pop("post_latencies")
                        parts[mode, label].append(r)
                for label, _d, _c in running:
                    results[mode, label] = merge(parts[mode, label], latencies[label])
            for label, doors, _cleanup in running:
                stored[label] = doors[2]()
        finally:
            for _label, _doors, cleanup in reversed(running):
                cleanup()
    print(
        f"concurrency {CONCURRENCY}, {args.rounds} alternating rounds of {per_round} per system and measure, "
        f"gunicorn 2 workers × 4 threads each; load average {min(loads, default=0):.1f}–{max(loads, default=0):.1f}"
    )
    for (mode, label), r in results.items():
        show(f"{mode} {label}", r)
    for mode, _index in MODES:
        dv = results.get((mode, "danvan"))
        for (m, label), r in results.items():
            if m != mode or label == "danvan" or not dv or not r["per_s"]:
                continue
            # Each round runs the systems one after the other: the ratio within a round compares them under the
            # same background load, and the median of those ratios is not moved by one slow moment of the machine.
            paired = sorted(
                d["per_s"] / h["per_s"]
                for d, h in zip(parts[mode, "danvan"], parts[mode, label], strict=True)
                if h["per_s"]
            )
            baseline = label == "django-helpdesk"
            print(
                f"{mode} throughput ratio danvan / {label}: {dv['per_s'] / r['per_s']:.2f}x over all rounds; "
                f"median of the rounds {statistics.median(paired):.2f}x (from {paired[0]:.2f}x to "
                f"{paired[-1]:.2f}x){' (target ≥ 3x)' if baseline and mode == 'POST-only' else ''}"
            )
            if baseline:
                table_row(
                    f"Intake {mode}, intakes/s ({DB_LABEL[0]})",
                    dv["per_s"],
                    r["per_s"],
                    "≥ 3× the peer" if mode == "POST-only" else "—",
                    higher_is_better=True,
                    note=f"rounds {paired[0]:.2f}–{paired[-1]:.2f}×",
                )
                table_row(
                    f"Intake {mode}, POST p95 (ms, {DB_LABEL[0]})",
                    dv["p95"],
                    r["p95"],
                    "≤ the peer's" if mode == "POST-only" else "—",
                )
    lost = {
        label: (acknowledged[label], stored.get(label))
        for label in acknowledged
        if stored.get(label) != acknowledged[label]
    }
    print(
        "stored = acknowledged: "
        + ", ".join(f"{label} {stored.get(label)} / {acknowledged[label]}" for label in acknowledged)
    )
    if lost:
        raise SystemExit(f"a system did not store what it acknowledged: {lost}")


if __name__ == "__main__":
    main()
