"""Identity and content at rest: what the database and the upload folder hold when read without the application."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import re
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
import time_machine
from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from danvan.core.models import AuditEvent
from danvan.core.storage import is_local, stored_files, sweep_orphans
from danvan.lib.text import fold
from danvan.petitions import antispam, intake, services
from danvan.petitions.choices import Channel, IdentityPaper, Kind
from danvan.petitions.filters import QueueFilterForm
from danvan.petitions.identity import search_q
from danvan.petitions.models import Petition, PetitionAttachment
from danvan.petitions.services import PetitionError

NAME = "Phạm Văn Xuyến"
PHONE = "0987 654 321"
ID_NUMBER = "034123456789"
SECRET_WORDS = "nhận phong bì quỹ lớp riêng"  # what the denunciation is about: protected content too
MARKERS = [
    NAME,
    fold(NAME),
    "0987654321",
    "987 654 321",
    ID_NUMBER,
    SECRET_WORDS,
    fold(SECRET_WORDS),
    "Xuyến",
    "xuyen",
    "phong bì",
    "phong bi",
    "don-to-cao",
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
UPLOAD_NAME = f"Don_to_cao_-_{NAME}_-_{PHONE}.pdf"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    """Give each test its own upload folder: parallel workers share the suite's data directory."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _raw_rows(table_prefixes: tuple[str, ...]) -> dict[str, list[tuple]]:
    """Read every row of every table with one of the prefixes through raw SQL, as the database stores it."""
    quote = connection.ops.quote_name
    out = {}
    with connection.cursor() as cur:
        for table in connection.introspection.table_names():
            if table.startswith(table_prefixes):
                cur.execute(f"SELECT * FROM {quote(table)}")
                out[table] = cur.fetchall()
    return out


def _leaks(rows: dict[str, list[tuple]]) -> list[str]:
    found = []
    for table, table_rows in rows.items():
        for row in table_rows:
            text = " ".join(str(value) for value in row).lower()
            found += [f"{table}: {marker!r}" for marker in MARKERS if marker.lower() in text]
    return found


def _denunciation(school, principal):
    content = (
        f"Tôi là {NAME}, CCCD {ID_NUMBER}, điện thoại {PHONE}. Tôi tố cáo cô giáo chủ nhiệm {SECRET_WORDS} "
        f"của lớp 9A. Ký tên: {NAME.upper()}"
    )
    registered = services.register_petition(
        school,
        actor=principal,
        subject=f"Tố cáo việc {SECRET_WORDS} ({NAME}, {PHONE})",
        content=content,
        channel=Channel.LETTER,
        kind=Kind.TO_CAO,
        received_at=timezone.now(),
        identity={"full_name": NAME, "phone": PHONE, "id_number": ID_NUMBER, "address": "5 Cầu Đất"},
        accused_text=f"Cô chủ nhiệm lớp 9A, người bị {NAME} tố cáo",
    )
    return registered.petition


def test_the_database_holds_no_name_phone_id_or_denounced_content_in_clear(school, principal):
    petition = _denunciation(school, principal)
    PetitionAttachment.objects.create(
        petition=petition,
        organisation=school,
        file=SimpleUploadedFile(UPLOAD_NAME, PDF, "application/pdf"),
        original_name=UPLOAD_NAME,
        size=len(PDF),
    )
    services.register_reception(
        school,
        actor=principal,
        content=f"Ông {NAME} ({PHONE}) trình bày việc {SECRET_WORDS}.",
        citizen_name=NAME,
        citizen_phone=PHONE,
        citizen_id_number=ID_NUMBER,
        id_paper=IdentityPaper.CAN_CUOC,
        requests=f"Đề nghị giữ bí mật cho {NAME}",
        prior_handling="Chưa",
    )
    # Edits are audited too: the old and new values must not land in the trail in clear.
    services.classify(
        petition,
        actor=principal,
        kind=Kind.TO_CAO,
        subject=f"Tố cáo {SECRET_WORDS} ({NAME})",
        accused_text=f"Người bị {NAME} tố cáo",
    )
    petition.refresh_from_db()
    petition.subject = f"Tố cáo {SECRET_WORDS} — bổ sung của {NAME}"
    petition.save(update_fields=["subject"])

    rows = _raw_rows(("petitions_", "core_auditevent"))
    assert rows["petitions_petition"] and rows["petitions_reception"] and rows["core_auditevent"]
    assert _leaks(rows) == []
    stored = Petition.objects.values_list("content", flat=True).get()
    assert NAME in stored  # the application still reads the plaintext back
    assert all(NAME not in e.object_repr and SECRET_WORDS not in e.object_repr for e in AuditEvent.objects.all())
    assert AuditEvent.objects.filter(object_repr=petition.tracking_code).exists()


def test_the_queue_still_finds_a_word_of_the_encrypted_content_but_not_the_identity(school, principal):
    petition = _denunciation(school, principal)
    for query, found in (
        ("phong bi", True),
        ("quỹ lớp", True),
        ("PHONG", True),
        ("xuyen", False),
        ("0987654321", False),
        ("ong bi", False),
    ):
        form = QueueFilterForm({"q": query, "stage": ""})
        assert (petition in form.apply(Petition.objects.all())) is found, query


def test_stored_file_names_carry_nothing_of_the_upload_and_files_are_owner_only(school, principal):
    petition = _denunciation(school, principal)
    attachment = PetitionAttachment.objects.create(
        petition=petition,
        organisation=school,
        file=SimpleUploadedFile(UPLOAD_NAME, PDF, "application/pdf"),
        original_name=UPLOAD_NAME,
        size=len(PDF),
    )
    stored = attachment.file.name
    with default_storage.open(stored, "rb") as fh:
        assert fh.read() == PDF
    # A random name (32 hex digits: "654" may turn up in it by chance) in a folder that says nothing of the upload.
    folder, _slash, name = stored.rpartition("/")
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", name), stored
    assert all(part not in folder.lower() for part in ("don", "xuy", "pham", "0987", "654", "cao"))
    assert PetitionAttachment.objects.get().original_name == UPLOAD_NAME  # kept, encrypted, for the download name
    if is_local():
        path = Path(default_storage.path(stored))
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    else:  # in a bucket: no public URL answers, a signed one does (and is short-lived)
        signed = default_storage.url(stored)
        unsigned = signed.split("?", 1)[0]
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(unsigned, timeout=10)  # noqa: S310 (the local test server)
        assert refused.value.code == 403
        assert "X-Amz-Expires=300" in signed
        with urllib.request.urlopen(signed, timeout=10) as answer:  # noqa: S310
            assert answer.read() == PDF


def _form(**overrides):
    data = {
        "kind": "to-cao",
        "subject": "Tố cáo thu tiền",
        "content": f"Tôi tố cáo việc {SECRET_WORDS} ở lớp 9A.",
        "accused_text": "",
        "identity_choice": "handler-only",
        "full_name": NAME,
        "address": "5 Cầu Đất",
        "phone": PHONE,
        "email": "",
        "website": "",
        "form_token": antispam.issue_token(time.time() - 60),
    }
    data.update(overrides)
    return data


def _uploads() -> list[str]:
    return sorted(name for name, _mtime in stored_files() if not name.startswith("tmp/"))


def test_a_failed_submission_leaves_no_file_behind(school, monkeypatch):
    before = _uploads()
    save = intake.save_attachments

    def save_then_fail(petition, files):
        save(petition, files)
        assert len(_uploads()) == len(before) + 2  # the files were written…
        raise PetitionError("Lỗi giả lập sau khi lưu tệp")  # …then the submission's transaction fails

    monkeypatch.setattr(intake, "save_attachments", save_then_fail)
    files = [
        SimpleUploadedFile(UPLOAD_NAME, PDF, "application/pdf"),
        SimpleUploadedFile("bien-lai.pdf", PDF, "application/pdf"),
    ]
    response = Client().post(reverse("petitions:public_submit", args=[school.code]), {**_form(), "attachments": files})
    assert response.status_code == 400 and "Lỗi giả lập" in response.content.decode()
    assert not Petition.objects.exists() and not PetitionAttachment.objects.exists()
    assert _uploads() == before


def test_a_crash_after_the_file_is_written_leaves_no_file_behind(school, monkeypatch):
    before = _uploads()
    save = intake.save_attachments

    def save_then_crash(petition, files):
        save(petition, files)
        raise RuntimeError("mất kết nối giả lập")

    monkeypatch.setattr(intake, "save_attachments", save_then_crash)
    files = [SimpleUploadedFile(UPLOAD_NAME, PDF, "application/pdf")]
    with pytest.raises(RuntimeError):
        Client().post(reverse("petitions:public_submit", args=[school.code]), {**_form(), "attachments": files})
    assert _uploads() == before


def test_the_sweep_removes_old_orphans_keeps_referenced_and_fresh_files(school, principal):
    petition = _denunciation(school, principal)
    kept = PetitionAttachment.objects.create(
        petition=petition, organisation=school, file=SimpleUploadedFile("a.pdf", PDF, "application/pdf"), size=3
    )
    orphan = default_storage.save("petitions/crash/left-by-a-crash.pdf", ContentFile(PDF))
    fresh = sweep_orphans()  # written a moment ago: it may be an upload in flight
    assert orphan not in fresh.deleted and fresh.too_new >= 1 and default_storage.exists(orphan)
    # Three hours later (the file's date is the disk's or the object store's, not the test clock's).
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(hours=3)):
        dry = sweep_orphans(dry_run=True)
        assert orphan in dry.deleted and default_storage.exists(orphan)
        call_command("sweep_uploads", stdout=io.StringIO())
    assert not default_storage.exists(orphan) and default_storage.exists(kept.file.name)


def test_serve_creates_the_data_dir_and_sqlite_file_owner_only(tmp_path):
    data = tmp_path / "data"
    env = {
        "PATH": "/usr/bin:/bin",
        "DANVAN_DATA_DIR": str(data),
        "SECRET_KEY": "x" * 50,
        "DANVAN_CACHE": "locmem",
        "DANVAN_FIELD_KEYS": settings.DANVAN_FIELD_KEYS[0],
    }
    # `check` goes through the same start-up (umask, settings, first connection) as serve and worker.
    done = subprocess.run(
        [sys.executable, "-m", "danvan.cli", "check"],
        cwd=Path(__file__).parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    db = data / "danvan.sqlite3"
    assert db.exists() and stat.S_IMODE(db.stat().st_mode) == 0o600
    for path in data.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


def _raw(column: str, pk: int) -> str:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {column} FROM petitions_petition WHERE id = %s", [pk])
        return cur.fetchone()[0]


def test_the_data_migration_encrypts_plaintext_rows_once_and_reverses(school, principal):
    migration = importlib.import_module("danvan.petitions.migrations.0011_encrypt_content_at_rest")
    petition = _denunciation(school, principal)
    plain_content = f"Tố cáo việc {SECRET_WORDS}, người gửi {NAME}"
    with connection.cursor() as cur:  # a row as it was stored before the migration
        cur.execute(
            "UPDATE petitions_petition SET subject = %s, content = %s, search_text = %s WHERE id = %s",
            ["Tố cáo thu tiền", plain_content, "to cao thu tien", petition.pk],
        )
    editor = SimpleNamespace(connection=connection)

    migration.forward(django_apps, editor)
    encrypted = _raw("content", petition.pk)
    assert encrypted.startswith("fernet:") and _raw("subject", petition.pk).startswith("fernet:")
    assert Petition.objects.get().content == plain_content
    found = Petition.objects.filter(pk=petition.pk)
    assert found.filter(search_q("phong bi")).exists() and not found.filter(search_q("xuyen")).exists()
    migration.forward(django_apps, editor)  # again: nothing changes
    assert _raw("content", petition.pk) == encrypted

    migration.backward(django_apps, editor)
    assert _raw("content", petition.pk) == plain_content and "phong bi" in _raw("search_text", petition.pk)
    assert "xuyen" not in _raw("search_text", petition.pk)
