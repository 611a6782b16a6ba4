"""Content-Security-Policy and Permissions-Policy on every page; the deploy check wants the field keys."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import checks
from django.test import Client
from django.urls import reverse

from danvan.core.checks import check_field_keys
from tests.core.test_config import run_danvan


@pytest.mark.parametrize("name", ["login", "petitions:public_schools", "petitions:public_track"])
def test_public_pages_send_a_strict_policy(db, name):
    response = Client().get(reverse(name))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert "'unsafe-eval'" not in policy
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_every_inline_block_carries_this_requests_nonce(principal_client, school):
    # The registers print with an inline <style>; it must carry the nonce the header allows, fresh per request.
    first = principal_client.get(reverse("petitions:register_petitions"))
    second = principal_client.get(reverse("petitions:register_petitions"))
    nonces = []
    for response in (first, second):
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        blocks = re.findall(r"<(?:script|style)(?![^>]*\bsrc=)([^>]*)>", response.text)
        assert blocks and all(f'nonce="{nonce}"' in attrs for attrs in blocks)
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_no_template_has_an_inline_event_handler():
    root = Path(__file__).resolve().parents[2] / "danvan"
    offenders = [str(p) for p in root.rglob("*.html") if re.search(r"\son[a-z]+=\"", p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_deploy_check_refuses_missing_field_keys(settings):
    settings.DANVAN_FIELD_KEYS = []
    [error] = check_field_keys()
    assert error.level == checks.ERROR and error.id == "danvan.security.E001"
    settings.DANVAN_FIELD_KEYS = ["q2Mt0tbyS3LrAXrDZ8LsxK1oGC8NZ3w3pA0O9m8J7nE="]
    assert check_field_keys() == []


def test_danvan_check_deploy_fails_without_field_keys(tmp_path):
    result = run_danvan(
        "check",
        "--deploy",
        SECRET_KEY="k" * 30 + "Zq9!xY7#wV5$uT3%sR1^pO8&nM6*lK4(jH2)",
        ALLOWED_HOSTS="danvan.example.vn",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        DANVAN_DATA_DIR=str(tmp_path),
        DANVAN_FIELD_KEYS="",
    )
    assert result.returncode != 0
    assert "danvan.security.E001" in result.stderr and "DANVAN_FIELD_KEYS" in result.stderr
    # Without --deploy (development) it is not an error.
    assert (
        run_danvan(
            "check",
            DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
            DANVAN_DATA_DIR=str(tmp_path),
            DANVAN_FIELD_KEYS="",
            DEBUG="1",
        ).returncode
        == 0
    )
