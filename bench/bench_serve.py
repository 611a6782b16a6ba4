"""One web worker's resident memory after 1,000 mixed requests (issue #16, item 5), and `danvan serve`'s start.

What runs: `danvan serve` as shipped (gunicorn, gthread, the project's own flags and threads), one worker
(`WEB_CONCURRENCY=1`), SQLite with the demo's data, no extra settings module. The requests cycle through what
users open every day, signed in as the demo school's principal: dashboard, petition queue and a petition page,
plan list and a plan page, the task list, a report page, an API list call; and anonymously: the public
petition form (GET, then a POST that stores a petition, each from its own client address through the trusted
proxy as behind the documented reverse proxy) and a published plan's public page.

Printed: the worker's resident memory (VmRSS) once it has loaded the application (before any request), after
the first request, after each kind's first request (what that kind loads), after all the requests, the growth,
the load average, and the baseline measured in the same run: gunicorn with the same flags serving a minimal
WSGI "hello" app. Target: ≤ 120 MB after 1,000 mixed requests; `--check` exits 1 above it.

Run: .venv/bin/python bench/bench_serve.py [--quick] [--check] [--requests N]
`--quick` (as `make bench` runs it): 220 requests, 18 rounds of the 11 kinds (the form's GET and POST count two).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.core import signing

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
from table import table_row  # noqa: E402 - the bench folder is not a package

from danvan.cli import _gunicorn_args  # noqa: E402

TARGET_MB = 120.0
REQUESTS = 1000
QUICK_REQUESTS = 220
SECRET_KEY = "bench-" + "x" * 50
PRINCIPAL = ("hieutruong", "danvan2026")

# The pages of the demo to visit, found in the database once the demo is loaded.
DISCOVER = """
import json
from django.urls import reverse
from danvan.org.demo import SCHOOL_CODE
from danvan.org.models import Organisation
from danvan.petitions.models import Petition
from danvan.plans.models import Plan
from danvan.reports.models import ReportObligation
school = Organisation.objects.get(code=SCHOOL_CODE)
petition = Petition.objects.filter(organisation=school).order_by("pk").first()
plan = Plan.objects.filter(organisation=school).order_by("pk").first()
public = Plan.objects.published().filter(organisation=school).order_by("pk").first()
obligation = ReportObligation.objects.filter(organisation=school).order_by("pk").first()
print(json.dumps({
    "dashboard": reverse("core:dashboard"),
    "queue": reverse("petitions:queue"),
    "petition": reverse("petitions:detail", args=[petition.pk]),
    "plans": reverse("plans:plan_list"),
    "plan": reverse("plans:plan_detail", args=[plan.pk]),
    "tasks": reverse("plans:my_tasks"),
    "report": reverse("reports:obligation_detail", args=[obligation.pk]),
    "api": "/api/v1/petitions?limit=20",
    "public_form": reverse("petitions:public_submit", args=[SCHOOL_CODE]),
    "public_plan": reverse("plans:public_plan", args=[SCHOOL_CODE, public.pk]),
}))
"""

# (kind, signed in?) in the order of one cycle; "public_post" is the form's POST after its GET.
KINDS = [
    ("dashboard", True),
    ("queue", True),
    ("petition", True),
    ("plans", True),
    ("plan", True),
    ("tasks", True),
    ("report", True),
    ("api", True),
    ("public_form", False),
    ("public_post", False),
    ("public_plan", False),
]

CONTENT = (
    "Kính gửi Ban giám hiệu. Đầu năm học lớp 10A3 thu thêm nhiều khoản ngoài danh mục được phép, phụ huynh "
    "chưa được họp bàn và không có biên lai. Đề nghị nhà trường xem xét, công khai các khoản thu."
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def worker_pid(master: int, timeout: float = 60) -> int:
    """Return the one gunicorn worker's pid (the master's child)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True).stdout
        if out.split():
            return int(out.split()[0])
        time.sleep(0.05)
    raise SystemExit("gunicorn started no worker")


def settled_rss(pid: int, timeout: float = 120) -> float:
    """Return the worker's RSS once it has loaded the application: unchanged over 1.5 s (no request sent)."""
    deadline = time.monotonic() + timeout
    last, same_since = -1.0, time.monotonic()
    while time.monotonic() < deadline:
        now = rss_mb(pid)
        if abs(now - last) > 0.05:
            last, same_since = now, time.monotonic()
        elif time.monotonic() - same_since >= 1.5:
            return now
        time.sleep(0.1)
    return last


def wait_listening(port: int, proc: subprocess.Popen, timeout: float = 120) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"the server ended with status {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return time.perf_counter() - started
        time.sleep(0.02)
    raise SystemExit(f"nothing listens on port {port} after {timeout} s")


def environment(data_dir: str) -> dict[str, str]:
    """`danvan serve`'s production environment (DEBUG off), one worker; the field keys a deployment must set."""
    env = dict(os.environ)
    env.update(
        {
            "DANVAN_DATA_DIR": data_dir,
            "SECRET_KEY": SECRET_KEY,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "WEB_CONCURRENCY": "1",
            "DATABASE_URL": f"sqlite:///{data_dir}/danvan.sqlite3",
            "DANVAN_FIELD_KEYS": Fernet.generate_key().decode(),
            "DANVAN_TRUSTED_PROXIES": "127.0.0.1",
        }
    )
    for name in ("DJANGO_SETTINGS_MODULE", "DANVAN_STORAGE"):
        env.pop(name, None)
    return env


def prepare(env: dict[str, str]) -> dict[str, str]:
    """Migrate, load the demo, and return the address of each page to visit."""

    def manage(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "danvan.cli", "manage", *args], env=env, check=True, capture_output=True, text=True
        )
        return done.stdout

    manage("migrate", "-v0")
    manage("createcachetable", "-v0")
    manage("shell", "-c", "from danvan.core.registry import demo; demo.run()")
    return json.loads(manage("shell", "-c", DISCOVER).strip().splitlines()[-1])


class Client:
    """A browser: cookies, the CSRF token, and the client address the trusted proxy reports."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str, address: str | None = None) -> str:
        """Return the page; stop the bench on an error status or on a redirect to the login page."""
        headers = {"X-Forwarded-For": address} if address else {}
        with self.opener.open(urllib.request.Request(self.base + path, headers=headers), timeout=120) as r:
            if "/dang-nhap/" in r.geturl() and "/dang-nhap/" not in path:
                raise SystemExit(f"{path} sent the bench to the login page")
            return r.read().decode("utf-8", "replace")

    def post(self, path: str, data: dict[str, str], address: str | None = None) -> str:
        """Send the form; return the address of the page it ended on (after the redirect that accepts a form)."""
        headers = {"Referer": self.base + path}
        if address:
            headers["X-Forwarded-For"] = address
        req = urllib.request.Request(self.base + path, data=urllib.parse.urlencode(data).encode(), headers=headers)
        try:
            with self.opener.open(req, timeout=120) as r:
                r.read()
                return r.geturl()
        except urllib.error.HTTPError as exc:
            raise SystemExit(f"POST {path} gave {exc.code}") from None


def field(page: str, name: str) -> str:
    m = re.search(rf'name="{name}" value="([^"]+)"', page)
    if not m:
        raise SystemExit(f"no {name} in the page")
    return m.group(1)


def sign_in(client: Client) -> None:
    page = client.get("/tai-khoan/dang-nhap/")
    username, password = PRINCIPAL
    data = {"csrfmiddlewaretoken": field(page, "csrfmiddlewaretoken"), "username": username, "password": password}
    client.post("/tai-khoan/dang-nhap/", data)
    if "dang-xuat" not in client.get("/tong-quan/"):
        raise SystemExit("the principal is not signed in after the login form")


def submit_petition(client: Client, form_url: str, n: int) -> None:
    """The public form's POST, with the token its page gave, as sent by the n-th citizen from their own address."""
    address = f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"
    page = client.get(form_url, address)
    # The form refuses a POST sent sooner than a person could type it: date the token a minute back.
    if not django_settings.configured:
        django_settings.configure(SECRET_KEY=SECRET_KEY)
    token = signing.dumps({"t": time.time() - 60}, salt="danvan.petitions.antispam", compress=False)
    data = {
        "csrfmiddlewaretoken": field(page, "csrfmiddlewaretoken"),
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
    }
    landed = client.post(form_url, data, address)
    if "/da-gui/" not in landed:  # the form accepted redirects to its confirmation page
        raise SystemExit(f"the public form refused petition {n} (ended on {landed})")


STORED = """
from danvan.petitions.models import Petition
print(Petition.objects.count())
"""


def stored_petitions(env: dict[str, str]) -> int:
    """Return how many petitions the database holds (the subjects are encrypted: count them all)."""
    done = subprocess.run(
        [sys.executable, "-m", "danvan.cli", "manage", "shell", "-c", STORED],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout.strip().splitlines()[-1])


def run_danvan(env: dict[str, str], urls: dict[str, str], requests: int) -> dict[str, object]:
    port = free_port()
    env = {**env, "PORT": str(port)}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "danvan.cli", "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_listening(port, proc)
        pid = worker_pid(proc.pid)
        at_start = settled_rss(pid)
        base = f"http://127.0.0.1:{port}"
        staff, public = Client(base), Client(base)
        staff.get("/tai-khoan/dang-nhap/")
        first_answer = time.perf_counter() - started
        after_first = rss_mb(pid)
        sign_in(staff)
        per_kind: dict[str, float] = {}
        sent, n, t0 = 0, 0, time.perf_counter()
        while sent < requests:
            for kind, signed_in in KINDS:
                if sent >= requests:
                    break
                if kind == "public_post":
                    n += 1
                    submit_petition(public, urls["public_form"], n)
                    sent += 2  # the form's GET and its POST
                else:
                    (staff if signed_in else public).get(urls[kind])
                    sent += 1
                if kind not in per_kind:
                    per_kind[kind] = rss_mb(pid)
        elapsed = time.perf_counter() - t0
        return {
            "first_answer": first_answer,
            "start": at_start,
            "first": after_first,
            "per_kind": per_kind,
            "end": rss_mb(pid),
            "requests": sent,
            "ms_per_request": elapsed / sent * 1000,
            "petitions": n,
        }
    finally:
        proc.terminate()
        proc.wait(timeout=30)


HELLO = "def application(environ, start_response):\n    start_response('200 OK', [('Content-Type', 'text/plain')])\n    return [b'hello']\n"


def baseline_command(port: int) -> list[str]:
    """`danvan serve`'s own gunicorn command (danvan.cli) serving the hello app, without the access-log class."""
    args = _gunicorn_args(f"127.0.0.1:{port}", workers=1, threads=int(os.environ.get("WEB_THREADS", "4")))
    args[args.index("danvan.wsgi:application")] = "hello_app:application"
    at = args.index("--logger-class")
    return args[:at] + args[at + 2 :]


def run_baseline(tmp: str, requests: int) -> dict[str, float]:
    Path(tmp, "hello_app.py").write_text(HELLO)
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen(baseline_command(port), cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_listening(port, proc)
        pid = worker_pid(proc.pid)
        at_start = settled_rss(pid)
        client = Client(f"http://127.0.0.1:{port}")
        client.get("/")
        first_answer = time.perf_counter() - started
        for _ in range(requests - 1):
            client.get("/")
        return {"first_answer": first_answer, "start": at_start, "end": rss_mb(pid)}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_REQUESTS} requests instead of {REQUESTS}")
    parser.add_argument("--requests", type=int, help="how many requests (overrides --quick)")
    parser.add_argument("--check", action="store_true", help=f"exit 1 above {TARGET_MB:.0f} MB")
    args = parser.parse_args()
    requests = args.requests or (QUICK_REQUESTS if args.quick else REQUESTS)
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="danvan-bench-") as tmp:
        env = environment(tmp)
        urls = prepare(env)
        demo_petitions = stored_petitions(env)
        loads.append(os.getloadavg()[0])
        d = run_danvan(env, urls, requests)
        loads.append(os.getloadavg()[0])
        stored = stored_petitions(env) - demo_petitions
        b = run_baseline(tmp, requests)
        loads.append(os.getloadavg()[0])
    growth = d["end"] - d["start"]
    print(f"load average (1 min) during the run: {min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores")
    print(
        f"danvan serve: first answered request after {d['first_answer']:.2f} s "
        f"(baseline gunicorn hello: {b['first_answer']:.2f} s)"
    )
    print("one web worker's resident memory (VmRSS, MB):")
    print(f"  application loaded, no request yet   {d['start']:7.1f}   (baseline hello worker {b['start']:.1f})")
    print(f"  after the first request              {d['first']:7.1f}")
    for kind, mb in d["per_kind"].items():
        print(f"  {'after the first ' + kind:<36} {mb:7.1f}")
    print(
        f"  {'after ' + str(d['requests']) + ' mixed requests':<36} {d['end']:7.1f}   (baseline after {requests}: "
        f"{b['end']:.1f}; target ≤ {TARGET_MB:.0f})"
    )
    print(f"  growth from start                    {growth:+7.1f}")
    print(
        f"{d['ms_per_request']:.1f} ms per request, sequential; public form: {d['petitions']} petitions "
        f"acknowledged, {stored} stored"
    )
    table_row(
        f"web worker RSS after {d['requests']} mixed requests (MB)",
        round(d["end"], 1),
        round(b["end"], 1),
        f"≤ {TARGET_MB:.0f} MB",
        note=f"start {d['start']:.0f} MB, growth {growth:+.0f} MB; baseline: gunicorn hello",
    )
    if stored != d["petitions"]:
        print(f"FAIL: {d['petitions']} petitions acknowledged, {stored} stored")
        return 1
    if args.check and d["end"] > TARGET_MB:
        print(f"FAIL: {d['end']:.1f} MB > {TARGET_MB:.0f} MB")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
