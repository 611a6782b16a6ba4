"""Chaos bench: public submissions at concurrency 8 while the web and worker processes are SIGKILLed at random.

What it does, on a fresh database (an SQLite file in WAL mode, or a fresh PostgreSQL database on the
DATABASE_URL server, dropped afterwards) and a fresh data directory:

* starts `danvan serve` (gunicorn, 2 workers × 4 threads) and `danvan worker`, each in its own process group,
  and a local SMTP sink (aiosmtpd) that records every message it receives, by Message-ID;
* 8 client threads send the public petition form of one school, each with a PNG attachment whose bytes are
  unique to the submission; a submission is *acknowledged* when the POST answers with the 302 to the receipt
  page — the tracking code is read from that redirect;
* a staff thread signs in as the principal and bulk-assigns acknowledged petitions to themself, every second
  or so: each assignment queues one e-mail "Giao xử lý đơn <code>" (the notification under test);
* a killer thread, at random moments (seeded; `--pause` seconds apart, counted from when the web server
  answers again), SIGKILLs either the whole web server (master and workers), one gunicorn worker (its
  master starts another), or the task worker, and restarts what it killed;
* after `--submissions` acknowledged submissions it stops the load and the killing, restarts everything
  cleanly, waits for the worker to drain the e-mail outbox, and checks:
  - every acknowledged tracking code is in the database, with its attachment on disk and the same bytes
    (read back through Django's storage, compared by SHA-256);
  - every petition assigned in the database got exactly one assignment e-mail at the SMTP sink, and every
    queued e-mail (notify.OutboundEmail) arrived exactly once (by Message-ID).

Prints the figures (submitted, acknowledged, lost, duplicates, kills) and exits 1 on any loss or duplicate
notification (with `--strict`, also on a copy repeated under the same Message-ID: see bench/README.md).
Run: .venv/bin/python bench/chaos.py [--db sqlite|postgres] [--submissions 200] [--seed 1]
Needs the `bench` extra (aiosmtpd, requests).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import zlib
from collections import Counter
from dataclasses import dataclass, field
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

import psycopg
import requests
from aiosmtpd.controller import Controller

REPO = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("DANVAN_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/test")
SCHOOL = "THPTNK"
PRINCIPAL, PASSWORD = "hieutruong", "pw-for-tests-1"
CONTENT = (
    "Con tôi học lớp 10A3. Đầu năm học, lớp thu thêm tiền quỹ mà không có biên lai, không công khai chi tiêu. "
    "Đề nghị nhà trường kiểm tra, công khai các khoản thu và trả lời cho phụ huynh."
)

SETTINGS = """
from danvan.settings import *  # noqa: F403
DANVAN_PETITION_MIN_SECONDS = 0          # the clients do not pause like a person
DANVAN_PETITION_SUBMIT_LIMITS = ((3600, 10**9),)
DANVAN_PETITION_LOOKUP_LIMITS = ((3600, 10**9),)
DANVAN_PERIODIC_TASKS = {"notify.pending_emails": ("danvan.notify.tasks.send_pending_emails", 2)}
# Compressing every static file with brotli takes minutes on a loaded machine and measures nothing here.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
"""

SEED = """
from danvan.core.testing import make_personas
make_personas()
"""

# Run inside Django after the chaos: read back what the clients were told was stored, and the outbox.
VERIFY = r"""
import hashlib, json, sys
from danvan.notify.models import OutboundEmail
from danvan.petitions.models import Petition, PetitionAttachment
expected = json.load(open(sys.argv[-1]))
petitions = {p.tracking_code: p for p in Petition._base_manager.filter(tracking_code__in=list(expected))}
missing, bad_files = [], []
for code, digest in expected.items():
    p = petitions.get(code)
    if p is None:
        missing.append(code)
        continue
    found = False
    for a in PetitionAttachment._base_manager.filter(petition=p):
        try:
            with a.file.open("rb") as f:
                found = found or hashlib.sha256(f.read()).hexdigest() == digest
        except OSError as exc:
            bad_files.append(f"{code}: {exc}")
    if not found:
        bad_files.append(f"{code}: no attachment with the bytes sent")
assigned = list(Petition._base_manager.filter(handler__user__username="hieutruong")
                .values_list("tracking_code", flat=True))
print(json.dumps({
    "missing": missing, "bad_files": bad_files, "assigned": assigned,
    "petitions_total": Petition._base_manager.count(),
    "outbox": [[e.message_id, e.subject, e.sent_at is not None, e.attempts] for e in OutboundEmail.objects.all()],
}))
"""


# ---------------------------------------------------------------- infrastructure


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_database(name: str) -> str:
    parts = urllib.parse.urlsplit(PG_URL)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def drop_database(name: str) -> None:
    parts = urllib.parse.urlsplit(PG_URL)
    with psycopg.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def png(text: str) -> bytes:
    """Return a valid 1×1 PNG carrying `text` in a tEXt chunk (bytes unique to one submission)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
        + chunk(b"tEXt", b"Comment\0" + text.encode())
        + chunk(b"IDAT", zlib.compress(b"\0\0"))
        + chunk(b"IEND", b"")
    )


class Sink:
    """A local SMTP server that records each message's Message-ID, recipients and subject."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[tuple[str, tuple[str, ...], str]] = []
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        msg = message_from_bytes(envelope.original_content or envelope.content)
        subject = str(make_header(decode_header(msg.get("Subject", ""))))
        with self.lock:
            self.messages.append((msg.get("Message-ID", ""), tuple(envelope.rcpt_tos), subject))
        return "250 OK"

    def snapshot(self) -> list[tuple[str, tuple[str, ...], str]]:
        with self.lock:
            return list(self.messages)


class Processes:
    """The web server and the task worker, each in its own process group so a kill takes all of it."""

    def __init__(self, env: dict[str, str], port: int, log: Path) -> None:
        self.env, self.port, self.log = env, port, log
        self.web: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.lock = threading.Lock()

    def _start(self, *args: str) -> subprocess.Popen:
        with open(self.log, "ab") as log:
            return subprocess.Popen(
                [sys.executable, "-m", "danvan.cli", *args],
                env=self.env,
                cwd=self.env["DANVAN_DATA_DIR"],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def start_web(self) -> None:
        self.web = self._start("serve")

    def start_worker(self) -> None:
        self.worker = self._start("worker")

    def wait_web(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{self.port}/don-thu/cong-khai/gui/{SCHOOL}/", timeout=5).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise SystemExit(f"the web server did not answer within {timeout} s (log: {self.log})")

    @staticmethod
    def kill_group(proc: subprocess.Popen | None) -> None:
        if proc is None:
            return
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()

    def web_workers(self) -> list[int]:
        if self.web is None:
            return []
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.web.pid)], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]

    def stop_all(self) -> None:
        for proc in (self.web, self.worker):
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in (self.web, self.worker):
            if proc is not None:
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self.kill_group(proc)


# ---------------------------------------------------------------- the load


@dataclass
class Figures:
    """What the clients, the staff thread and the killer saw."""

    submitted: int = 0
    acknowledged: dict[str, str] = field(default_factory=dict)  # tracking code -> SHA-256 of the attachment sent
    repeated_codes: int = 0
    failures: Counter = field(default_factory=Counter)
    kills: Counter = field(default_factory=Counter)
    assign_posts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def field_value(page: str, name: str) -> str:
    m = re.search(rf'name="{name}" value="([^"]*)"', page)
    if not m:
        raise RuntimeError(f"no {name} in the form")
    return m.group(1)


def client(base: str, figures: Figures, target: int, stop: threading.Event, k: int) -> None:
    """Send petitions until `target` are acknowledged; anything but the 302 receipt counts as not acknowledged."""
    form_url = f"{base}/don-thu/cong-khai/gui/{SCHOOL}/"
    session = requests.Session()
    n = 0
    while not stop.is_set():
        with figures.lock:
            if len(figures.acknowledged) >= target:
                return
        n += 1
        step = "form GET"
        try:
            page = session.get(form_url, timeout=30)
            if page.status_code != 200:
                raise RuntimeError(f"GET {page.status_code}")
            attachment = png(f"chaos client {k} submission {n} {random.random()}")
            data = {
                "csrfmiddlewaretoken": field_value(page.text, "csrfmiddlewaretoken"),
                "form_token": field_value(page.text, "form_token"),
                "website": "",
                "kind": "kien-nghi",
                "subject": f"Khoản thu đầu năm {k}-{n}",
                "content": f"{CONTENT} (#{k}-{n})",
                "identity_choice": "handler-only",
                "full_name": "Trần Thị Bích",
                "address": "12 Lê Lợi",
                "phone": "0912345678",
                "email": "bich@example.com",
            }
            with figures.lock:
                figures.submitted += 1
            step = "POST"
            answer = session.post(
                form_url,
                data=data,
                files={"attachments": ("hoa-don.png", attachment, "image/png")},
                headers={"Referer": form_url},
                allow_redirects=False,
                timeout=30,
            )
        except (requests.RequestException, RuntimeError) as exc:
            with figures.lock:
                figures.failures[f"{step} {type(exc).__name__}"] += 1
            session = requests.Session()  # the server may have died with our connection
            time.sleep(0.2)
            continue
        m = (
            re.search(r"/don-thu/cong-khai/da-gui/([^/]+)/", answer.headers.get("Location", ""))
            if answer.status_code == 302
            else None
        )
        if m is None:
            with figures.lock:
                figures.failures[f"POST HTTP {answer.status_code}"] += 1
            continue
        code = urllib.parse.unquote(m.group(1))
        with figures.lock:
            if code in figures.acknowledged:
                figures.repeated_codes += 1
            figures.acknowledged[code] = hashlib.sha256(attachment).hexdigest()


def staff(base: str, figures: Figures, ids_of, handler_id: int, stop: threading.Event) -> None:
    """Sign in as the principal and assign newly acknowledged petitions to themself (each queues one e-mail)."""
    session: requests.Session | None = None
    done: set[str] = set()
    while not stop.wait(1.0):
        try:
            if session is None:
                session = requests.Session()
                login = f"{base}/tai-khoan/dang-nhap/"
                page = session.get(login, timeout=30)
                r = session.post(
                    login,
                    data={
                        "csrfmiddlewaretoken": field_value(page.text, "csrfmiddlewaretoken"),
                        "username": PRINCIPAL,
                        "password": PASSWORD,
                    },
                    headers={"Referer": login},
                    allow_redirects=False,
                    timeout=30,
                )
                if r.status_code != 302:
                    raise RuntimeError(f"login answered {r.status_code}")
            with figures.lock:
                todo = [c for c in figures.acknowledged if c not in done][:5]
            if not todo:
                continue
            ids = ids_of(todo)
            if not ids:
                done.update(todo)
                continue
            r = session.post(
                f"{base}/don-thu/phan-cong/",
                data={
                    "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
                    "handler": str(handler_id),
                    "ids": [str(i) for i in ids.values()],
                },
                headers={"Referer": f"{base}/don-thu/"},
                allow_redirects=False,
                timeout=30,
            )
            with figures.lock:
                figures.assign_posts += 1
            if r.status_code == 302:
                done.update(todo)
        except Exception as exc:  # noqa: BLE001 - the server died mid-request, or the database was busy: go on
            with figures.lock:
                figures.failures[f"staff {type(exc).__name__}"] += 1
            session = None  # sign in again
            time.sleep(0.5)


def killer(
    procs: Processes, figures: Figures, rng: random.Random, stop: threading.Event, pause: tuple[float, float]
) -> None:
    """SIGKILL the web server, one web worker or the task worker at random moments, and restart what died."""
    while not stop.wait(rng.uniform(*pause)):
        what = rng.choice(["web", "web-worker", "task-worker"])
        with procs.lock:
            if what == "web":
                procs.kill_group(procs.web)
                procs.start_web()
                # The next kill comes once it serves again: a server that never comes up tests nothing.
                procs.wait_web()
            elif what == "web-worker":
                workers = procs.web_workers()
                if not workers:
                    continue
                try:
                    os.kill(rng.choice(workers), signal.SIGKILL)  # gunicorn's master starts a new one
                except ProcessLookupError:
                    continue
            else:
                procs.kill_group(procs.worker)
                procs.start_worker()
        figures.kills[what] += 1


# ---------------------------------------------------------------- database access from the bench


def id_lookup(db_url: str):
    """Return a function: tracking codes -> {code: id} of those not yet assigned (the staff's view of the queue).

    A bulk-assign whose answer was lost to a kill may have been stored: the database, not the answer, says
    which petitions still need a handler, so none is assigned (and e-mailed) twice.
    """
    if db_url.startswith("sqlite"):
        path = db_url.removeprefix("sqlite:///")

        def ids_of(codes: list[str]) -> dict[str, int]:
            with sqlite3.connect(path, timeout=30) as conn:
                rows = conn.execute(
                    f"SELECT tracking_code, id FROM petitions_petition WHERE handler_id IS NULL AND tracking_code IN "
                    f"({','.join('?' * len(codes))})",
                    codes,
                ).fetchall()
            return dict(rows)
    else:

        def ids_of(codes: list[str]) -> dict[str, int]:
            with psycopg.connect(db_url) as conn:
                rows = conn.execute(
                    "SELECT tracking_code, id FROM petitions_petition WHERE handler_id IS NULL AND tracking_code = ANY(%s)",
                    [codes],
                ).fetchall()
            return dict(rows)

    return ids_of


def django(env: dict[str, str], *args: str, capture: bool = False) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "danvan.cli", "manage", *args],
        env=env,
        cwd=env["DANVAN_DATA_DIR"],
        check=True,
        capture_output=capture,
        text=True,
    )
    return done.stdout if capture else ""


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--submissions", type=int, default=200, help="acknowledged submissions to reach")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--pause",
        type=float,
        nargs=2,
        default=(2.0, 8.0),
        metavar=("MIN", "MAX"),
        help="seconds between kills, drawn uniformly",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail also on a copy repeated with the same Message-ID (the crash window of SMTP)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the data directory (printed) for inspection")
    opts = parser.parse_args()
    rng = random.Random(opts.seed)
    random.seed(opts.seed)

    tmp = tempfile.mkdtemp(prefix="danvan-chaos-")
    db_name = f"danvan_chaos_{os.getpid()}"
    db_url = postgres_database(db_name) if opts.db == "postgres" else f"sqlite:///{tmp}/danvan.sqlite3"
    sink = Sink()
    sink.controller.start()
    port = free_port()
    Path(tmp, "chaos_settings.py").write_text(SETTINGS)
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        {
            "DANVAN_DATA_DIR": tmp,
            "SECRET_KEY": "chaos-" + "x" * 50,
            "DEBUG": "0",
            "DATABASE_URL": db_url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "DJANGO_SETTINGS_MODULE": "chaos_settings",
            "PYTHONPATH": os.pathsep.join([tmp, str(REPO)]),
            "DANVAN_FIELD_KEYS": "q2Mt0tbyS3LrAXrDZ8LsxK1oGC8NZ3w3pA0O9m8J7nE=",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.port),
            "PORT": str(port),
            "WEB_CONCURRENCY": "2",
            "WEB_THREADS": "4",
            "DANVAN_PERIODIC_TICK_SECONDS": "1",
            "DANVAN_EMAIL_LEASE_SECONDS": "30",
        }
    )
    procs = Processes(env, port, Path(tmp, "chaos.log"))
    failed = True
    try:
        django(env, "migrate", "-v0")
        django(env, "createcachetable", "-v0")
        django(env, "collectstatic", "--noinput", "-v0")
        django(env, "shell", "-c", SEED)
        handler_id = int(
            django(
                env,
                "shell",
                "-c",
                "from danvan.org.models import Person; print(Person.objects.get(user__username='hieutruong').pk)",
                capture=True,
            ).split()[-1]
        )
        procs.start_web()
        procs.start_worker()
        procs.wait_web()
        base = f"http://127.0.0.1:{port}"
        figures = Figures()
        stop = threading.Event()
        print(
            f"chaos on {opts.db}: {opts.submissions} acknowledged submissions at concurrency {opts.concurrency}, "
            f"kills every {opts.pause[0]:g}–{opts.pause[1]:g} s, seed {opts.seed}",
            flush=True,
        )
        started = time.monotonic()
        clients = [
            threading.Thread(target=client, args=(base, figures, opts.submissions, stop, k))
            for k in range(opts.concurrency)
        ]
        side = [
            threading.Thread(target=staff, args=(base, figures, id_lookup(db_url), handler_id, stop)),
            threading.Thread(target=killer, args=(procs, figures, rng, stop, tuple(opts.pause))),
        ]
        for t in clients + side:
            t.start()
        for t in clients:
            t.join()
        time.sleep(2)  # let the staff thread assign the last ones (it may still be killed meanwhile)
        stop.set()
        for t in side:
            t.join()
        load_seconds = time.monotonic() - started

        # A clean restart: whatever the kills left half done must now finish on its own.
        with procs.lock:
            procs.kill_group(procs.web)
            procs.kill_group(procs.worker)
            procs.start_web()
            procs.start_worker()
        procs.wait_web()
        staff_stop = threading.Event()
        last = threading.Thread(target=staff, args=(base, figures, id_lookup(db_url), handler_id, staff_stop))
        last.start()  # assign what the staff thread had not reached, with nobody killing anything
        ids_of = id_lookup(db_url)
        deadline = time.monotonic() + 180
        while ids_of(list(figures.acknowledged)) and time.monotonic() < deadline:
            time.sleep(1)
        staff_stop.set()
        last.join()
        expected = Path(tmp, "expected.json")
        expected.write_text(json.dumps(figures.acknowledged))
        deadline = time.monotonic() + 180
        while True:
            report = json.loads(_verify(env, expected))
            if all(sent for _mid, _subject, sent, _attempts in report["outbox"]) or time.monotonic() > deadline:
                break
            time.sleep(2)
        time.sleep(1)
        failed = summarise(opts, figures, report, sink.snapshot(), load_seconds)
    finally:
        procs.stop_all()
        sink.controller.stop()
        if opts.db == "postgres":
            drop_database(db_name)
        if opts.keep or failed:
            print(f"data directory kept: {tmp}")
        else:
            subprocess.run(["rm", "-rf", tmp], check=False)
    raise SystemExit(1 if failed else 0)


def _verify(env: dict[str, str], expected: Path) -> str:
    script = f"import sys\nsys.argv.append({str(expected)!r})\n" + VERIFY
    return django(env, "shell", "-c", script, capture=True).strip().splitlines()[-1]


def summarise(opts: argparse.Namespace, figures: Figures, report: dict, messages: list, seconds: float) -> bool:
    """Print the figures; return True when anything acknowledged was lost or anything was delivered twice."""
    by_id = Counter(mid for mid, _to, _subject in messages)
    assignment_mails = Counter(
        subject.removeprefix("Giao xử lý đơn ").strip()
        for _mid, _to, subject in messages
        if subject.startswith("Giao xử lý đơn ")
    )
    outbox = report["outbox"]
    unsent = [mid for mid, _s, sent, _a in outbox if not sent]
    undelivered = [mid for mid, _s, _sent, _a in outbox if by_id[mid] == 0]
    repeated = {mid: n for mid, n in by_id.items() if n > 1}
    assigned = report["assigned"]
    assigned_wrong = {code: assignment_mails[code] for code in assigned if assignment_mails[code] != 1}
    retried = sum(1 for *_rest, attempts in outbox if attempts > 1)
    lost = len(report["missing"]) + len(report["bad_files"])
    print(
        f"load: {seconds:.0f} s; kills: {sum(figures.kills.values())} ({', '.join(f'{k} {v}' for k, v in sorted(figures.kills.items()))})"
    )
    print(
        f"submissions: {figures.submitted} sent, {len(figures.acknowledged)} acknowledged, "
        f"{figures.submitted - len(figures.acknowledged) - figures.repeated_codes} not acknowledged; "
        f"{report['petitions_total']} petitions in the database"
    )
    print(f"errors the clients saw: {', '.join(f'{k} {v}' for k, v in figures.failures.most_common()) or 'none'}")
    print(
        f"acknowledged but lost: {len(report['missing'])}; attachment missing or different: {len(report['bad_files'])}; "
        f"tracking code acknowledged twice: {figures.repeated_codes}"
    )
    print(
        f"notifications: {len(outbox)} queued e-mails, {len(outbox) - len(unsent)} marked sent, "
        f"{len(messages)} received by the SMTP sink, {len(undelivered)} never received, "
        f"{len(repeated)} received more than once; {retried} needed more than one attempt"
    )
    print(
        f"assignments: {len(assigned)} petitions assigned ({figures.assign_posts} bulk-assign POSTs), "
        f"{len(assigned_wrong)} without exactly one assignment e-mail"
    )
    for text in (
        report["missing"][:5]
        + report["bad_files"][:5]
        + undelivered[:5]
        + [f"{k} ×{v}" for k, v in list(repeated.items())[:5]]
        + [f"{k}: {v} e-mails" for k, v in list(assigned_wrong.items())[:5]]
    ):
        print(f"  ! {text}")
    # By Message-ID, a receiver drops the copy the crash window can produce; two different Message-IDs for one
    # assignment would be two notifications, which nothing downstream can recognise.
    distinct = Counter(
        subject
        for _mid, subject in {(mid, subject) for mid, _to, subject in messages}
        if subject.startswith("Giao xử lý đơn ")
    )
    twice = [s for s, n in distinct.items() if n > 1]
    print(
        f"by Message-ID (as a receiver that drops repeated copies sees them): {len(twice)} assignment "
        f"notified twice; {len(repeated)} copies repeated with the same Message-ID (the sender died between the "
        f"SMTP server's acceptance and marking the e-mail sent){' — counted as failure (--strict)' if opts.strict else ''}"
    )
    bad = (
        lost
        or figures.repeated_codes
        or unsent
        or undelivered
        or twice
        or (opts.strict and repeated)
        or any(assignment_mails[code] == 0 for code in assigned)
    )
    print("RESULT:", "FAIL" if bad else "OK", f"(db {opts.db}, seed {opts.seed})")
    return bool(bad)


if __name__ == "__main__":
    main()
