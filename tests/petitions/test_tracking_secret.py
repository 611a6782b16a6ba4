"""The tracking secret stays out of URLs and logs; confirmation, receipt and link pages are rate-limited."""

from __future__ import annotations

import logging
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
from django.db import connection
from django.test import Client
from django.urls import reverse

from danvan.core.logredact import redact
from danvan.petitions import services
from danvan.petitions.choices import Kind

REPO = Path(__file__).resolve().parents[2]


def register(school, clerk):
    return services.register_petition(
        school,
        actor=clerk,
        subject="Phản ánh thu tiền",
        channel="letter",
        kind=Kind.PHAN_ANH,
        content="Em Lê Văn Nam lớp 10A3 bị thu tiền không có biên lai.",
        identity={"full_name": "Nguyễn Thị Hoa", "phone": "0912 345 678"},
    )


@pytest.fixture
def registered(school, clerk):
    return register(school, clerk)


def link_value(registered):
    return (
        f"http://testserver{reverse('petitions:public_track_link')}#{registered.petition.tracking_code}:"
        f"{registered.secret}"
    )


def test_the_private_link_opens_the_status_page_by_post(registered):
    p = registered.petition
    client = Client()
    form = client.get(reverse("petitions:public_track_link"))
    # A page with a form keeps its referrer on this site: under no-referrer browsers post with `Origin: null`.
    assert form.status_code == 200 and form["Referrer-Policy"] == "same-origin"
    response = client.post(reverse("petitions:public_track_link"), {"link": link_value(registered)})
    assert response.status_code == 302
    assert response["Location"] == reverse("petitions:public_status", args=[p.tracking_code])
    assert registered.secret not in response["Location"]
    status = client.get(response["Location"])
    assert status.status_code == 200 and status["Referrer-Policy"] == "same-origin"


def test_a_wrong_or_cut_link_is_explained_at_the_field(registered):
    client = Client()
    cut = link_value(registered)[:-5]
    response = client.post(reverse("petitions:public_track_link"), {"link": cut})
    assert response.status_code == 400 and "bị cắt mất một phần" in response.text
    response = client.post(reverse("petitions:public_track_link"), {"link": "xin chào"})
    assert response.status_code == 400 and "bị cắt mất một phần" in response.text


@pytest.mark.parametrize("route", ["public_track_secret", "public_sent_legacy", "public_receipt_legacy"])
def test_old_links_still_work_and_move_to_an_address_without_the_secret(registered, route):
    p = registered.petition
    client = Client()
    response = client.get(reverse(f"petitions:{route}", args=[p.tracking_code, registered.secret]))
    assert response.status_code == 302 and registered.secret not in response["Location"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert client.get(response["Location"]).status_code == 200


def test_the_confirmation_receipt_and_link_pages_are_rate_limited(registered, settings):
    settings.DANVAN_PETITION_LOOKUP_LIMITS = ((600, 3),)
    p = registered.petition
    client = Client(REMOTE_ADDR="198.51.100.30")
    guesses = [
        client.get(reverse("petitions:public_receipt_legacy", args=[p.tracking_code, f"guess{i}"])) for i in range(3)
    ]
    assert [g.status_code for g in guesses] == [404, 404, 404]
    for url in (
        reverse("petitions:public_receipt_legacy", args=[p.tracking_code, registered.secret]),
        reverse("petitions:public_sent", args=[p.tracking_code]),
        reverse("petitions:public_receipt", args=[p.tracking_code]),
    ):
        refused = client.get(url)
        assert refused.status_code == 429 and "quá nhiều lần" in refused.text
    refused = client.post(reverse("petitions:public_track_link"), {"link": link_value(registered)})
    assert refused.status_code == 429


def test_django_logs_never_keep_the_secret(registered, caplog):
    p = registered.petition
    with caplog.at_level(logging.WARNING, logger="django.request"):
        Client().get(reverse("petitions:public_track_secret", args=[p.tracking_code, registered.secret + "x"]))
    assert caplog.records, "Django logs a 404"
    handler = logging.getLogger().handlers[0]  # the console handler of LOGGING, with its filter
    for record in caplog.records:
        handler.filter(record)
        assert registered.secret not in record.getMessage()
        assert "[redacted]" in record.getMessage()


def test_redaction_keeps_the_rest_of_the_line():
    line = '"GET /don-thu/cong-khai/theo-doi/K7M2-Q9XD-3A/s3cr3t-Token_x/ HTTP/1.1" 302'
    assert redact(line) == '"GET /don-thu/cong-khai/theo-doi/K7M2-Q9XD-3A/[redacted]/ HTTP/1.1" 302'
    assert (
        redact("/don-thu/cong-khai/theo-doi/K7M2-Q9XD-3A/y-kien/") == "/don-thu/cong-khai/theo-doi/K7M2-Q9XD-3A/y-kien/"
    )
    assert redact("/api/v1/public/petitions/K7M2?token=abc&x=1") == "/api/v1/public/petitions/K7M2?token=[redacted]&x=1"


# ---------------------------------------------------------------- a real `danvan serve`


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> int:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        return urllib.request.build_opener(NoRedirect).open(url, timeout=30).status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.django_db(transaction=True)
def test_the_access_log_of_a_real_server_never_shows_the_secret(personas, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the server runs on a copy of the SQLite test database")
    registered = register(personas.school, personas.clerk)
    p = registered.petition
    database = tmp_path / "serve.sqlite3"
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DEBUG="1",
        ACCESS_LOG="1",
        PORT=str(port),
        WEB_CONCURRENCY="1",
        WEB_THREADS="2",
        LOG_LEVEL="INFO",
        DATABASE_URL=f"sqlite:///{database}",
        DANVAN_DATA_DIR=str(tmp_path),
        DANVAN_CACHE="locmem",
    )
    log = tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "danvan.cli", "serve"], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if _get(f"{base}/don-thu/cong-khai/theo-doi/") == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(log.read_text()[-3000:])
        old = f"{base}/don-thu/cong-khai/theo-doi/{p.tracking_code}/{registered.secret}/"
        assert _get(old) == 302  # an old link still opens
        assert _get(f"{base}/don-thu/cong-khai/bien-nhan/{p.tracking_code}/{registered.secret}x/") == 404
        assert _get(f"{base}/api/v1/public/petitions/{p.tracking_code}?token={registered.secret}") == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = log.read_text()
    assert f"/theo-doi/{p.tracking_code}/[redacted]/" in text  # the access log line is there, redacted
    assert "Not Found" in text  # Django's warning for the wrong secret, redacted too
    assert registered.secret not in text
