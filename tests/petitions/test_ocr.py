"""Scanned letters read by OCR: a Vietnamese letter rendered to a 300 dpi image here, read by OCRmyPDF/Tesseract."""

from __future__ import annotations

import datetime as dt
import difflib
import io
import os
import random
import re
import unicodedata
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter

from danvan.core.testing import client_for
from danvan.lib import ocr as lib_ocr
from danvan.petitions import ocr
from danvan.petitions.choices import ScanStatus
from danvan.petitions.models import Petition, PetitionAttachment, ScanReading
from danvan.petitions.services import PetitionError
from tests.petitions.factories import register

FONT = (
    Path(__file__).resolve().parents[2] / "danvan" / "lib" / "nd30" / "data" / "fonts" / "LiberationSerif-Regular.ttf"
)
NAME = "Trần Thị Bích Ngọc"
PHONE = "0912 345 678"
CCCD = "079182001234"
ADDRESS = "số 12 đường Lê Lợi, phường Bến Thành, Thành phố Hồ Chí Minh"
LETTER = f"""CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
ĐƠN KIẾN NGHỊ
Kính gửi: Hiệu trưởng Trường THPT Nguyễn Khuyến
Tôi tên là {NAME}, sinh năm 1982.
Địa chỉ: {ADDRESS}.
Số điện thoại: {PHONE}. Số căn cước công dân: {CCCD}.
Tôi là phụ huynh của em Lê Minh Khang, học sinh lớp 10A3.
Đầu năm học, lớp thu của mỗi học sinh một khoản tiền quỹ lớp
nhưng đến nay chưa công khai việc chi tiêu khoản tiền này.
Tôi đề nghị nhà trường kiểm tra và thông báo rõ cho phụ huynh.
Xin trân trọng cảm ơn."""


def _require_ocr() -> None:
    missing = lib_ocr.unavailable()
    if missing is None:
        return
    reason = f"OCR needs {missing} (Debian tesseract-ocr, tesseract-ocr-vie, ghostscript; PyPI ocrmypdf)"
    if os.environ.get("DANVAN_REQUIRE_TOOLS") == "1":  # CI installs them: there a missing tool is a failure
        pytest.fail(reason)
    pytest.skip(reason)


def render_letter(text: str) -> bytes:
    """Print the text on an A4 page at 300 dpi (13 pt Liberation Serif, black on white, a little dust): a PNG."""
    font = ImageFont.truetype(str(FONT), 54)
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    for row, line in enumerate(text.splitlines()):
        draw.text((230, 250 + 95 * row), line, font=font, fill=0)
    dust = random.Random(15)
    pixels = page.load()
    for _ in range(4000):
        pixels[dust.randrange(page.width), dust.randrange(page.height)] = 0
    out = io.BytesIO()
    page.save(out, format="PNG", dpi=(300, 300))
    return out.getvalue()


def words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s,.:;!?()\-]+", unicodedata.normalize("NFC", text)) if w]


def word_accuracy(source: str, read: str) -> float:
    """Return the share of the source's words found, in order, in what OCR read."""
    expected, got = words(source), words(read)
    matcher = difflib.SequenceMatcher(a=expected, b=got, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(expected)


def test_identity_is_found_in_a_letters_text():
    found = ocr.find_identity(LETTER)
    assert found.full_name == NAME
    assert found.phone == "0912345678" and found.id_number == CCCD and found.address == ADDRESS
    assert ocr.find_identity("Họ và tên: Lê Văn Tám\nCMND số 123456789").id_number == "123456789"
    assert ocr.find_identity("Tôi là phụ huynh học sinh lớp 9A.").full_name == ""  # not a name


def test_a_number_that_is_no_phone_is_passed_over_not_a_failed_reading():
    # OCR reads a receipt number "0000 000 000" before the sender's real mobile number.
    found = ocr.find_identity("Biên lai số 0000 000 000.\nĐiện thoại liên hệ: 0912 345 678.")
    assert found.phone == "0912345678"
    assert ocr.find_identity("Mã hồ sơ 0000000000").phone == ""


def test_a_scanned_letter_is_read_into_a_prefilled_entry_with_the_identity_kept_apart(
    school, clerk, clerk_client, other_principal, django_capture_on_commit_callbacks
):
    _require_ocr()
    entry = reverse("petitions:petition_create")
    assert reverse("petitions:scan_upload") in clerk_client.get(entry).text

    scan = SimpleUploadedFile("don-kien-nghi.png", render_letter(LETTER), "image/png")
    with django_capture_on_commit_callbacks(execute=True):  # the job runs when the upload commits
        response = clerk_client.post(reverse("petitions:scan_upload"), {"scan": scan, "org": school.pk})
    reading = ScanReading.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("petitions:scan_detail", args=[reading.pk])
    assert reading.status == ScanStatus.DONE, reading.message
    accuracy = word_accuracy(LETTER, reading.text)
    assert accuracy >= 0.9, f"{accuracy:.0%} of the words read right:\n{reading.text}"
    assert (reading.found_name, reading.found_phone, reading.found_id_number) == (NAME, "0912345678", CCCD)
    with connection.cursor() as cur:  # the text and identity are ciphertext at rest
        cur.execute("SELECT text, found_name FROM petitions_scanreading")
        raw = " ".join(str(v) for v in cur.fetchone())
    assert "Ngọc" not in raw and "quỹ lớp" not in raw

    progress = clerk_client.get(reverse("petitions:scan_progress", args=[reading.pk])).json()
    assert progress["done"] is True and progress["percent"] == 100
    detail = clerk_client.get(reverse("petitions:scan_detail", args=[reading.pk]))
    assert "Đã đọc xong" in detail.text and "ban-chup=" in detail.text
    assert client_for(other_principal).get(reverse("petitions:scan_detail", args=[reading.pk])).status_code == 404

    form = clerk_client.get(entry, {"ban-chup": reading.pk, "org": school.pk}).context
    letter, content = form["form"], form["items"].forms[0].initial["content"]
    assert letter.initial["full_name"] == NAME and letter.initial["phone"] == "0912345678"
    assert "quỹ lớp" in content and "0912" not in content and CCCD not in content and "Bích Ngọc" not in content

    data = {
        "org": school.pk,
        "channel": "letter",
        "received_at": "2026-12-07T09:00",
        "transferred_from": "",
        "identity_visibility": "handler-only",
        "full_name": NAME,
        "address": ADDRESS,
        "phone": "0912345678",
        "email": "",
        "signers_count": 1,
        "scan_reading": reading.pk,
        "items-TOTAL_FORMS": 1,
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 20,
        "items-0-kind": "kien-nghi",
        "items-0-subject": "Công khai quỹ lớp 10A3",
        "items-0-content": content,
        "items-0-accused_text": "",
    }
    scan_name = reading.scan.name
    with django_capture_on_commit_callbacks(execute=True):
        assert clerk_client.post(entry, data).status_code == 302
    petition = Petition.objects.get()
    assert petition.identity.full_name == NAME and petition.identity.id_number == CCCD
    attachment = PetitionAttachment.objects.get(petition=petition)
    assert attachment.is_original and attachment.contains_identity and attachment.kind == "pdf"
    with attachment.file.open("rb") as fh:
        searchable = PdfReader(io.BytesIO(fh.read())).pages[0].extract_text()
    assert "quỹ lớp" in unicodedata.normalize("NFC", searchable)  # the stored PDF carries the text layer
    reading.refresh_from_db()
    assert reading.petition == petition
    # Used: the petition holds the identity and the letter now; the reading keeps neither, the upload is gone.
    assert (reading.text, reading.found_name, reading.found_id_number) == ("", "", "")
    assert not default_storage.exists(scan_name) and default_storage.exists(attachment.file.name)
    again = clerk_client.post(entry, {**data, "items-0-subject": "Lần hai"})
    assert again.status_code == 400 and Petition.objects.count() == 1  # a reading is used once


def _pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("don.pdf", "Đơn viết bằng chữ, không phải bản chụp".encode(), "không phải loại được chấp nhận"),
        ("don.pdf", _pdf(11), "11 trang"),
        ("don.pdf", b"%PDF-1.4\n garbage \x00\x01", "bị hỏng"),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "bị hỏng"),
    ],
)
def test_a_scan_is_checked_by_its_content_and_page_count(name, data, said):
    with pytest.raises(ValidationError) as refused:
        ocr.check_scan(SimpleUploadedFile(name, data))
    assert said in refused.value.messages[0]
    assert ocr.check_scan(SimpleUploadedFile("ok.pdf", _pdf(2))) == ("pdf", 2)


def test_a_refused_scan_is_a_400_naming_the_field_and_stores_nothing(school, clerk_client, monkeypatch):
    monkeypatch.setattr(lib_ocr, "unavailable", lambda: None)  # the checks come before any OCR
    response = clerk_client.post(
        reverse("petitions:scan_upload"), {"scan": SimpleUploadedFile("don.pdf", _pdf(12)), "org": school.pk}
    )
    assert response.status_code == 400 and "12 trang" in response.text
    assert not ScanReading.objects.exists()


def test_without_tesseract_the_feature_says_it_is_unavailable(school, clerk, clerk_client, monkeypatch):
    monkeypatch.setattr(lib_ocr, "unavailable", lambda: "tesseract (tesseract-ocr)")
    page = clerk_client.get(reverse("petitions:petition_create")).text
    assert "tesseract-ocr" in page and 'disabled aria-describedby="ocr-unavailable"' in page
    upload = clerk_client.get(reverse("petitions:scan_upload"))
    assert upload.status_code == 200 and "disabled" in upload.text and "tesseract-ocr" in upload.text
    png = SimpleUploadedFile("a.png", render_letter("Xin chào"), "image/png")
    refused = clerk_client.post(reverse("petitions:scan_upload"), {"scan": png, "org": school.pk})
    assert refused.status_code == 400 and "tesseract-ocr" in refused.text
    with pytest.raises(PetitionError):
        ocr.start_reading(png, organisation=school, actor=clerk)
    assert not ScanReading.objects.exists()


def test_the_scan_pages_are_for_staff_who_register_petitions(teacher_client, clerk_client):
    assert teacher_client.get(reverse("petitions:scan_upload")).status_code == 403
    assert clerk_client.put(reverse("petitions:scan_upload")).status_code == 405
    assert clerk_client.get(reverse("petitions:scan_detail", args=[999999])).status_code == 404


def test_readings_never_registered_are_purged_with_their_files_after_30_days(
    school, clerk, django_capture_on_commit_callbacks
):
    def reading(**kw):
        row = ScanReading(organisation=school, kind="png", requested_by=clerk, text=f"Tôi tên là {NAME}", **kw)
        row.scan.save("scan.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
        row.save()
        return row

    old, fresh = reading(), reading()
    used = reading(petition=register(school, clerk))
    ScanReading.objects.filter(pk__in=[old.pk, used.pk]).update(created_at=timezone.now() - dt.timedelta(days=31))
    with django_capture_on_commit_callbacks(execute=True):
        assert ocr.purge_unused_readings() == 1
    assert set(ScanReading.objects.values_list("pk", flat=True)) == {fresh.pk, used.pk}
    assert not default_storage.exists(old.scan.name) and default_storage.exists(fresh.scan.name)
