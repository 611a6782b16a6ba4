"""Two Open311 client libraries from PyPI drive a real `danvan serve`: civicbot (JSON, the whole cycle) and
georeport (XML reads)."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from civicbot.http import HttpTransport, RateLimiter
from civicbot.open311 import CONFIRM_TOKEN, Open311Client
from civicbot.registry import Endpoint
from django.db import connection
from georeport import GeoReport

from danvan.open311 import services

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=30).status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture
def live(personas, tmp_path):
    """Start `danvan serve` on a copy of the test database (with a partner key of school A); yield (url, key)."""
    if connection.vendor != "sqlite":
        pytest.skip("the server runs on a copy of the SQLite test database")
    _partner, key = services.create_key(personas.school, actor=None, name="Cổng phản ánh phường")
    database = tmp_path / "serve.sqlite3"
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DEBUG="1",
        PORT=str(port),
        WEB_CONCURRENCY="1",
        WEB_THREADS="2",
        DATABASE_URL=f"sqlite:///{database}",
        DANVAN_DATA_DIR=str(tmp_path),
        DANVAN_CACHE="locmem",
    )
    log = tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "danvan.cli", "serve"], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}/open311/v2"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if _status(f"{base}/discovery.json") == 200:
                    break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail(log.read_text()[-3000:])
        yield base, key
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_pypi_clients_list_services_submit_and_read_back_by_id_and_token(live):
    base, key = live
    endpoint = Endpoint(id="danvan", name="danvan", base_url=base, write=True)
    client = Open311Client(
        endpoint, transport=HttpTransport(rate_limiter=RateLimiter(min_interval=0)), jurisdiction_id="THPTNK"
    )
    codes = [s["service_code"] for s in client.list_services()]
    assert "kien-nghi" in codes and "to-cao" in codes
    # validate_remote: the client checks the payload against our live service definition before sending.
    sent = client.create_request(
        "kien-nghi",
        dry_run=False,
        confirm=CONFIRM_TOKEN,
        api_key=key,
        validate_remote=True,
        address_string="Cổng trường",
        description="Đề nghị lắp thêm đèn chiếu sáng ở cổng trường buổi tối.",
        first_name="Hoa",
        last_name="Nguyễn Thị",
        phone="0912345678",
        attributes={"danh_tinh": "handler-only"},
    )
    [created] = sent.response
    request_id, token = created["service_request_id"], created["token"]
    by_id = client.get_request(request_id)
    assert by_id["service_request_id"] == request_id and by_id["status"] == "open"
    assert by_id["service_code"] == "kien-nghi" and by_id["expected_datetime"]
    assert client.get_token(token) == [{"service_request_id": request_id, "token": token}]
    assert [r["service_request_id"] for r in client.list_requests(service_request_ids=[request_id])] == [request_id]

    xml = GeoReport(base, jurisdiction="THPTNK", output_format="xml")
    assert [s["service_code"] for s in xml.get_service_list()][:2] == ["kien-nghi", "phan-anh"]
    read = xml.get_service_request(str(request_id))
    assert read["service_request_id"] == str(request_id) and read["status"] == "open"
    assert "Thị Hoa" not in str(read) and "0912" not in str(read) and "đèn chiếu sáng" not in str(read)
    assert GeoReport(base, jurisdiction="THPTNK").get_service_definition("to-cao")["service_code"] == "to-cao"
