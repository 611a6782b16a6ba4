"""Time `danvan serve` from start to the first answered request, and one web worker's memory after 1,000 dashboards.

Baseline, measured in the same run: gunicorn serving a minimal WSGI "hello" app with the same settings.
Prints figures only (targets: resident memory of one worker ≤ 150 MB after 1,000 dashboard requests).
Run: .venv/bin/python bench/bench_serve.py
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

REQUESTS = 1000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_first_response(url: str, started: float, timeout: float = 60) -> float:
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return time.perf_counter() - started
        except OSError:
            time.sleep(0.02)
    raise SystemExit(f"no answer from {url} within {timeout} s")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def environment(data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DANVAN_DATA_DIR": data_dir,
            "SECRET_KEY": "bench-" + "x" * 50,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "WEB_CONCURRENCY": "1",
            "WEB_THREADS": "1",
            "DATABASE_URL": f"sqlite:///{data_dir}/danvan.sqlite3",
        }
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def prepare(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "danvan.cli", "manage", "migrate", "-v0"], env=env, check=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "danvan.cli",
            "manage",
            "shell",
            "-c",
            "from danvan.core.registry import demo; demo.run()",
        ],
        env=env,
        check=True,
    )


def login(base: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/tai-khoan/dang-nhap/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "hieutruong", "password": "danvan2026"}
    ).encode()
    req = urllib.request.Request(f"{base}/tai-khoan/dang-nhap/", data=data, headers={"Referer": base + "/"})
    opener.open(req).read()
    return opener


def bench_danvan(env: dict[str, str]) -> tuple[float, float, float]:
    port = free_port()
    env = {**env, "PORT": str(port)}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "danvan.cli", "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        base = f"http://127.0.0.1:{port}"
        first = wait_first_response(f"{base}/tai-khoan/dang-nhap/", started)
        opener = login(base)
        t0 = time.perf_counter()
        for _ in range(REQUESTS):
            with opener.open(f"{base}/tong-quan/") as r:
                r.read()
        per_request_ms = (time.perf_counter() - t0) / REQUESTS * 1000
        workers = worker_pids(proc.pid)
        memory = max(rss_mb(p) for p in workers) if workers else float("nan")
        return first, memory, per_request_ms
    finally:
        proc.terminate()
        proc.wait(timeout=20)


HELLO = "def application(environ, start_response):\n    start_response('200 OK', [('Content-Type', 'text/plain')])\n    return [b'hello']\n"


def bench_baseline(tmp: str) -> tuple[float, float]:
    Path(tmp, "hello_app.py").write_text(HELLO)
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "hello_app:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--worker-class",
            "gthread",
            "--threads",
            "1",
        ],
        cwd=tmp,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        first = wait_first_response(f"http://127.0.0.1:{port}/", started)
        for _ in range(REQUESTS):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/").read()
        workers = worker_pids(proc.pid)
        return first, max(rss_mb(p) for p in workers)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="danvan-bench-") as tmp:
        env = environment(tmp)
        prepare(env)
        first, memory, per_request = bench_danvan(env)
        base_first, base_memory = bench_baseline(tmp)
    print(
        f"danvan serve: first answered request after {first:.2f} s (baseline gunicorn hello: {base_first:.2f} s, "
        f"ratio {first / base_first:.1f}x)"
    )
    print(
        f"one web worker after {REQUESTS} dashboard requests: {memory:.0f} MB resident (target ≤ 150 MB; "
        f"baseline hello worker {base_memory:.0f} MB, ratio {memory / base_memory:.1f}x)"
    )
    print(f"dashboard: {per_request:.1f} ms per request, sequential, one worker thread")


if __name__ == "__main__":
    main()
