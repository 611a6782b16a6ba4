"""`danvan backup` / `danvan restore`: a real installation in a temporary folder, driven through the command line.

The round trip compares every row of every table (raw SQL, so ciphertext must come back byte for byte) and every
uploaded file, then reads a petition back through the keys and opens its admin page. Runs on SQLite, and on
PostgreSQL too when DATABASE_URL points at a PostgreSQL server (a scratch database is created beside it).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from tests.migrated_db_cache import cache_dir, schema_key

ROOT = Path(__file__).resolve().parents[2]
KEY = "q2Mt0tbyS3LrAXrDZ8LsxK1oGC8NZ3w3pA0O9m8J7nE="
OTHER_KEY = "3mKfQnT1m7zC8ZbJq0o0rIuLQ8m3bYQ0yH4l2b0WQ2k="
NAME = "Phạm Văn Xuyến"
CONTENT = f"Tôi là {NAME}, điện thoại 0987654321, tố cáo việc nhận phong bì của lớp 9A."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

POPULATE = f"""
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from danvan.core.models import User
from danvan.org.models import Organisation
from danvan.petitions.models import Petition, PetitionAttachment, PetitionIdentity
org = Organisation.objects.create(kind="TRUONG", name="Trường THPT Sao Lưu", code="SAOLUU")
p = Petition(organisation=org, received_at=timezone.now(), kind="to-cao", subject="Tố cáo nhận phong bì",
             content={CONTENT!r})
identity = PetitionIdentity(organisation=org, full_name={NAME!r}, phone="0987654321")
p.save(identity=identity)
identity.petition = p
identity.save(refresh_search=False)
for i in range(3):
    PetitionAttachment.objects.create(petition=p, organisation=org, original_name=f"Don_{{i}}_{NAME}.pdf",
                                      file=SimpleUploadedFile(f"Don_{{i}}.pdf", {PDF!r} + bytes([i])), size=40)
User.objects.create_superuser("saoluu", "saoluu@example.invalid", "mat-khau-sao-luu-1")
"""

SNAPSHOT = """
import hashlib, json
from pathlib import Path
from django.conf import settings
from django.db import connection
quote = connection.ops.quote_name
tables = {}
with connection.cursor() as cur:
    for table in sorted(connection.introspection.table_names()):
        if table.startswith("django_session"):
            continue
        cur.execute(f"SELECT * FROM {quote(table)}")
        tables[table] = sorted(repr(row) for row in cur.fetchall())
from django.core.files.storage import default_storage
from danvan.core.storage import stored_files
files = {}
for name, _mtime in stored_files():
    with default_storage.open(name, "rb") as fh:
        files[name] = hashlib.sha256(fh.read()).hexdigest()
print("SNAPSHOT" + json.dumps({"tables": tables, "files": files}))
"""

MUTATE = """
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from danvan.petitions.models import Petition, PetitionAttachment
first = PetitionAttachment.objects.first()
default_storage.delete(first.file.name)
first.delete()
Petition.objects.update(state="closed")
default_storage.save("stray.pdf", ContentFile(b"%PDF-1.4 stray"))
"""

READ_BACK = f"""
from django.test import Client
from django.urls import reverse
from danvan.core.models import User
from danvan.petitions.identity import search_q
from danvan.petitions.models import Petition, PetitionAttachment
p = Petition.objects.get()
assert p.content == {CONTENT!r} and p.identity.full_name == {NAME!r}, "decryption"
assert Petition.objects.filter(search_q("phong bi")).exists(), "search"
assert sorted(a.original_name for a in PetitionAttachment.objects.all())[0].startswith("Don_0_"), "names"
assert all(a.file.open("rb").read().startswith(b"%PDF") for a in PetitionAttachment.objects.all()), "files"
client = Client()
client.force_login(User.objects.get(username="saoluu"))
page = client.get(reverse("admin:petitions_petition_change", args=[p.pk]), secure=True)
assert page.status_code == 200 and "nhận phong bì" in page.content.decode(), page.status_code
print("READ-BACK-OK")
"""


def _postgres_url(name: str) -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    return url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", "postgresql", "sqlite-s3"])
def installation(request, tmp_path):
    """Return the environment of a fresh, migrated danvan installation in tmp_path (files on disk or in S3)."""
    data = tmp_path / "data"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "1",
        "DANVAN_DATA_DIR": str(data),
        "SECRET_KEY": "backup-test-secret-key-0123456789abcdef-0123456789",
        "DANVAN_FIELD_KEYS": KEY,
        "DANVAN_CACHE": "locmem",
        "ALLOWED_HOSTS": "testserver",
        "LANGUAGE_CODE": "vi",
    }
    dropper = None
    if request.param == "postgresql":
        url = _postgres_url("danvan_backup_roundtrip")
        if url is None:
            pytest.skip("DATABASE_URL does not point at PostgreSQL")

        admin_url = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS danvan_backup_roundtrip WITH (FORCE)")
            conn.execute("CREATE DATABASE danvan_backup_roundtrip")

        def dropper():
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute("DROP DATABASE IF EXISTS danvan_backup_roundtrip WITH (FORCE)")

        env["DATABASE_URL"] = url
    if request.param == "sqlite-s3":  # the files in a bucket of the local S3 server, under a prefix of their own
        env.update(request.getfixturevalue("s3_server").env())
    data.mkdir(mode=0o700)
    cached = cache_dir() / f"migrated-{schema_key()}.sqlite3" if cache_dir() is not None else None
    if request.param.startswith("sqlite") and cached is not None and cached.exists():
        shutil.copyfile(cached, data / "danvan.sqlite3")  # the suite's migrated schema: saves a migration run
    else:
        _cli(env, "manage", "migrate", "--no-input", "-v", "0")
    # One process populates and snapshots (each start of Django costs a second or two).
    env["_before"] = _snapshot(env, POPULATE)
    yield env
    if dropper is not None:
        dropper()


def _cli(env, *args, input_text=None, ok=True):
    done = subprocess.run(
        [sys.executable, "-m", "danvan.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        input=input_text,
    )
    if ok:
        assert done.returncode == 0, f"{args[:2]}: {done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


def _snapshot(env, before: str = "", after: str = ""):
    """Return every row and file of the installation, after running `before` (and then `after`) in the same shell."""
    env = {k: v for k, v in env.items() if not k.startswith("_")}
    out = _cli(env, "manage", "shell", "-c", before + SNAPSHOT + after).stdout
    return json.loads(out.split("SNAPSHOT", 1)[1].splitlines()[0])


def test_backup_and_restore_round_trip_everything_and_refuse_without_the_keys(installation, tmp_path):
    before = installation["_before"]
    env = {k: v for k, v in installation.items() if not k.startswith("_")}
    assert len(before["files"]) == 3 and before["tables"]["petitions_petition"]
    archive = tmp_path / "danvan.tar"

    done = _cli(env, "backup", str(archive))
    assert "Tệp tải lên: 3/3" in done.stdout and "Xong" in done.stdout
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
        stored = b"".join(tar.extractfile(m).read() for m in tar.getmembers() if m.isfile())
    assert "manifest.json" in names and len([n for n in names if n.startswith("uploads/")]) == 3
    assert manifest["engine"] == ("sqlite" if "DATABASE_URL" not in env else "postgresql")
    assert NAME.encode() not in stored and "phong bì".encode() not in stored  # ciphertext only
    again = _cli(env, "backup", str(archive), ok=False)
    assert again.returncode != 0 and "đã có" in again.stderr  # never overwrites a backup

    assert _snapshot(env, MUTATE) != before

    if "DANVAN_STORAGE" not in env:  # the refusals come before any file is touched: once is enough (slow starts)
        wrong_keys = _cli({**env, "DANVAN_FIELD_KEYS": OTHER_KEY}, "restore", str(archive), "--yes", ok=False)
        assert wrong_keys.returncode != 0 and "DANVAN_FIELD_KEYS" in wrong_keys.stderr
        wrong_hmac = _cli({**env, "DANVAN_HMAC_KEY": "another-hmac-key"}, "restore", str(archive), "--yes", ok=False)
        assert wrong_hmac.returncode != 0 and "DANVAN_HMAC_KEY" in wrong_hmac.stderr
        unconfirmed = _cli(env, "restore", str(archive), ok=False, input_text="")
        assert unconfirmed.returncode != 0 and "--yes" in unconfirmed.stderr
        assert "stray.pdf" in _snapshot(env)["files"]  # nothing was touched by the refusals

    done = _cli(env, "restore", str(archive), "--yes")
    assert "Tệp tải lên: 3/3" in done.stdout and "Xong" in done.stdout
    out = _cli(env, "manage", "shell", "-c", SNAPSHOT + READ_BACK).stdout
    after = json.loads(out.split("SNAPSHOT", 1)[1].splitlines()[0])
    assert after["files"] == before["files"]
    assert after["tables"].keys() == before["tables"].keys()
    for table, rows in before["tables"].items():
        assert after["tables"][table] == rows, table
    assert "READ-BACK-OK" in out
    media = Path(env["DANVAN_DATA_DIR"]) / "uploads"
    if "DANVAN_STORAGE" in env:
        assert not [p for p in media.rglob("*") if p.is_file()]  # every file went to the bucket, none to the disk
    else:
        assert all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in [media, *media.rglob("*")])


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "1",
        "DANVAN_DATA_DIR": str(tmp_path / "d"),
        "SECRET_KEY": "x" * 50,
        "DANVAN_FIELD_KEYS": settings.DANVAN_FIELD_KEYS[0],
        "DANVAN_CACHE": "locmem",
    }
    bogus = tmp_path / "not-a-backup.tar"
    bogus.write_bytes(b"hello")
    done = _cli(env, "restore", str(bogus), "--yes", ok=False)
    assert done.returncode != 0 and "không phải bản sao lưu" in done.stderr and "Traceback" not in done.stderr
