"""Shared fixtures: personas, signed-in clients, and a real Chromium for browser tests."""

from __future__ import annotations

import importlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from django.apps import apps
from django.core.cache import caches
from playwright.sync_api import expect, sync_playwright

from danvan.core.testing import Personas, client_for, make_personas
from danvan.workdays.models import DeadlineRule
from danvan.workdays.services import invalidate, invalidate_local
from tests import migrated_db_cache, shared_personas

REPO = Path(__file__).resolve().parent.parent


# The seed plan ships in the package (the demo imports it); tests read it there, never from outside the repository.
SEED_PLAN = REPO / "danvan" / "plans" / "data" / "demo_plan_2023.txt"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Create the SQLite test database from the cached migrated copy when the migrations are unchanged."""
    uninstall = migrated_db_cache.install()
    yield
    uninstall()


def pytest_collection_modifyitems(items):
    shared_personas.choose_modules(items)


@pytest.fixture(scope="module", autouse=True)
def _module_personas(request):
    """The cast shared by a module's tests (tests/shared_personas.py), or None where each test makes its own."""
    if request.node.nodeid not in shared_personas.SHARING_MODULES:
        yield None
        return
    request.getfixturevalue("django_db_setup")
    yield from shared_personas.module_cast(request.getfixturevalue("django_db_blocker"))


@pytest.fixture
def personas(_module_personas, db) -> Personas:
    if _module_personas is None:
        return make_personas()
    return shared_personas.refetch(_module_personas)


@pytest.fixture
def school(personas):
    return personas.school


@pytest.fixture
def other_school(personas):
    return personas.other_school


@pytest.fixture
def department(personas):
    return personas.department


@pytest.fixture
def principal(personas):
    return personas.principal


@pytest.fixture
def clerk(personas):
    return personas.clerk


@pytest.fixture
def teacher(personas):
    return personas.teacher


@pytest.fixture
def department_officer(personas):
    return personas.department_officer


@pytest.fixture
def other_principal(personas):
    return personas.other_principal


@pytest.fixture
def principal_client(principal):
    return client_for(principal)


@pytest.fixture
def clerk_client(clerk):
    return client_for(clerk)


@pytest.fixture
def teacher_client(teacher):
    return client_for(teacher)


CHROMIUM = os.environ.get("DANVAN_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    """Launch Debian's Chromium through Playwright (never a downloaded browser)."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        reason = f"Chromium not found at {CHROMIUM} (install Debian's chromium to run browser tests)"
        if os.environ.get("DANVAN_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)

    # Assertions wait for the page (a shared CI machine can be slow); actions use the page's own timeout.
    expect.set_options(timeout=15000)

    # Playwright's sync API runs an event loop in this thread; the ORM calls tests make are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    p = context.new_page()
    p.set_default_timeout(15000)
    yield p
    context.close()


@pytest.fixture(autouse=True)
def _empty_local_cache():
    """Start each test with empty caches: what they remember by id (a school by code, its calendar under the
    shared cache's version) dies with the test. The personas keep their ids across a module's tests
    (tests/shared_personas.py), so a calendar cached by one test would otherwise answer the next one."""
    caches["local"].clear()
    caches["default"].clear()
    invalidate_local()
    yield


@pytest.fixture(autouse=True)
def _seeded_rule_tables(request):
    """Give transactional tests back what migrations seed (statutory rules, official calendar changes).

    On PostgreSQL, pytest-django flushes the database after a transactional test, which also empties tables that
    data migrations filled; the next transactional test would then see no deadline rules at all. On SQLite a
    transactional test ends by restoring the migrated database instead (tests/migrated_db_cache.py), so the rows
    are there and this only checks.
    """
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")) and "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    if not DeadlineRule.objects.exists():
        importlib.import_module("danvan.workdays.migrations.0002_seed_rules_and_official_changes").seed(apps, None)
        invalidate()
    yield


# ---------------------------------------------------------------- a local S3 server


@dataclass
class S3Server:
    """A running moto S3 server: its endpoint, one bucket, and DANVAN_STORAGE URLs under fresh prefixes."""

    endpoint: str
    bucket: str = "danvan-tests"
    region: str = "us-east-1"
    key: str = "testing-access-key"
    secret: str = "testing-secret-key"

    def url(self, prefix: str = "") -> str:
        """Return a DANVAN_STORAGE value for a new, empty prefix of the bucket."""
        prefix = prefix or uuid.uuid4().hex[:12]
        return f"s3://{self.bucket}/{prefix}?endpoint_url={self.endpoint}&region={self.region}"

    def env(self, prefix: str = "") -> dict[str, str]:
        """Return the environment of a danvan process storing its files under a new prefix."""
        return {"DANVAN_STORAGE": self.url(prefix), "AWS_ACCESS_KEY_ID": self.key, "AWS_SECRET_ACCESS_KEY": self.secret}

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=self.region,
            aws_access_key_id=self.key,
            aws_secret_access_key=self.secret,
        )


@pytest.fixture(scope="session")
def s3_server():
    """Start moto's S3 server as a separate process on a free port (a real HTTP server, not an in-process mock)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = S3Server(endpoint=f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{server.endpoint}/moto-api/", timeout=1).close()  # noqa: S310
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the local S3 server (python -m moto.server) did not start")
                time.sleep(0.1)
        server.client().create_bucket(Bucket=server.bucket)
        yield server
    finally:
        proc.terminate()
        proc.wait(timeout=10)
