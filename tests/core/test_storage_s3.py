"""Uploads on S3-compatible object storage (DANVAN_STORAGE=s3://…), against a local moto S3 server process."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.core.storage import stored_files
from danvan.core.storage_s3 import PrivateS3Storage
from danvan.core.testing import client_for
from danvan.lib.env import ConfigError
from danvan.lib.storage_url import storage_config
from danvan.petitions.models import PetitionAttachment
from tests.petitions.factories import register

REPO = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + os.urandom(64)


@pytest.fixture
def on_s3(s3_server, settings):
    """Switch this test's uploads to a fresh prefix of the local S3 server; return its DANVAN_STORAGE value."""
    url = s3_server.url()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": storage_config(url, {"AWS_ACCESS_KEY_ID": s3_server.key, "AWS_SECRET_ACCESS_KEY": s3_server.secret}),
    }
    return url


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("ftp://bucket/x", "not understood"),
        ("s3://Bad_Bucket/x", "no valid bucket"),
        ("s3://bucket/x?endpoint=http://h", "unknown parameter 'endpoint'"),
        ("s3://bucket/x?endpoint_url=localhost:9000", "not an http(s) URL"),
        ("s3://bucket/x?region=", "is empty"),
        ("s3://bucket:99999/x", "malformed"),
        ("s3://onlykey@bucket/x", "without its secret"),
    ],
)
def test_a_bad_storage_url_is_one_clear_sentence(url, said):
    with pytest.raises(ConfigError) as refused:
        storage_config(url, {})
    assert said in str(refused.value)


def test_a_url_selects_the_s3_backend_with_no_acl_and_short_signed_urls():
    config = storage_config("s3://KEY:S%2FECRET@danvan-files/truong?endpoint_url=https://s3.example.vn&region=hn", {})
    options = config["OPTIONS"]
    assert config["BACKEND"] == "danvan.core.storage_s3.PrivateS3Storage"
    assert options["bucket_name"] == "danvan-files" and options["location"] == "truong"
    assert options["access_key"] == "KEY" and options["secret_key"] == "S/ECRET"
    assert options["default_acl"] is None and options["querystring_expire"] == 300
    assert storage_config("", {}) == {"BACKEND": "danvan.core.storage.PrivateStorage"}


def test_startup_with_a_bad_storage_url_fails_loudly_without_echoing_the_secret(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DANVAN_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "x" * 50,
        "DANVAN_CACHE": "locmem",
        "DANVAN_STORAGE": "s3://AKIA:topsecret@Not A Bucket/x",
    }
    done = subprocess.run(
        [sys.executable, "-m", "danvan.cli", "check"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert "DANVAN_STORAGE" in done.stderr and "bucket" in done.stderr
    assert "topsecret" not in done.stderr and "Traceback" not in done.stderr


def test_attachments_live_in_the_bucket_and_download_only_through_the_checked_view(
    on_s3, school, principal, other_principal, settings
):
    petition = register(school, principal)
    attachment = PetitionAttachment.objects.create(
        petition=petition,
        organisation=school,
        file=SimpleUploadedFile("don.pdf", PDF, "application/pdf"),
        original_name="don.pdf",
        kind="pdf",
        size=len(PDF),
        contains_identity=False,
    )
    assert isinstance(storages["default"], PrivateS3Storage)
    assert attachment.file.name in {name for name, _mtime in stored_files()}
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file() and attachment.file.name in str(p)]
    url = reverse("petitions:attachment", args=[petition.pk, attachment.pk])
    response = client_for(principal).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert client_for(other_principal).get(url).status_code == 404


SERVER_B = """
import hashlib, sys
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
with default_storage.open(sys.argv[1], "rb") as fh:
    print("READ", hashlib.sha256(fh.read()).hexdigest())
print("WROTE", default_storage.save("petitions/from-b.pdf", ContentFile(b"%PDF-1.4 written by B")))
default_storage.delete(sys.argv[2])
"""


def test_two_web_servers_share_files_without_a_shared_disk(on_s3, s3_server, tmp_path):
    # Server A is this process; server B is another process with a data directory (and disk) of its own.
    mine = default_storage.save("petitions/from-a.pdf", SimpleUploadedFile("a.pdf", PDF))
    doomed = default_storage.save("petitions/doomed.pdf", SimpleUploadedFile("d.pdf", PDF))
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "1",
        "DANVAN_DATA_DIR": str(tmp_path / "b"),
        "SECRET_KEY": "x" * 50,
        "DANVAN_CACHE": "locmem",
        "DANVAN_FIELD_KEYS": "",
        "AWS_ACCESS_KEY_ID": s3_server.key,
        "AWS_SECRET_ACCESS_KEY": s3_server.secret,
        "DANVAN_STORAGE": on_s3,
    }
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os, sys; "
            "os.environ['DJANGO_SETTINGS_MODULE'] = 'danvan.settings'; django.setup(); "
            f"exec({SERVER_B!r})",
            mine,
            doomed,
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"READ {hashlib.sha256(PDF).hexdigest()}" in done.stdout
    theirs = done.stdout.split("WROTE ", 1)[1].strip()
    with default_storage.open(theirs, "rb") as fh:
        assert fh.read() == b"%PDF-1.4 written by B"
    assert not default_storage.exists(doomed)
    assert not [p for p in (tmp_path / "b").rglob("*.pdf")]  # nothing landed on B's disk
