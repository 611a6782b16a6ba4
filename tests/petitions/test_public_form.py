"""The public petition form: happy path, every bad input keeps the text, receipt, spam refusals."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from danvan.core.models import AuditEvent
from danvan.core.storage import stored_files
from danvan.lib import archives, tracking
from danvan.petitions import antispam
from danvan.petitions.models import Petition, PetitionAttachment

CONTENT = "Con tôi học lớp 10A3, bị thu tiền học thêm không có biên lai. Đề nghị nhà trường làm rõ và trả lời."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def form_data(**overrides):
    data = {
        "kind": "kien-nghi",
        "subject": "Thu tiền học thêm",
        "content": CONTENT,
        "accused_text": "",
        "identity_choice": "handler-only",
        "full_name": "Trần Thị Bích",
        "address": "12 Lê Lợi, Hải Phòng",
        "phone": "0912 345 678",
        "email": "bich@example.com",
        "website": "",
        "form_token": antispam.issue_token(time.time() - 60),
    }
    data.update(overrides)
    return data


def url(school):
    return reverse("petitions:public_submit", args=[school.code])


def test_school_picker_lists_schools_and_finds_without_diacritics(school, other_school):
    response = Client().get(reverse("petitions:public_schools"), {"q": "nguyen khuyen"})
    assert response.status_code == 200
    assert school.name in response.text
    assert other_school.name not in response.text


def test_the_form_renders_on_a_phone_without_an_account(school):
    response = Client().get(url(school))
    assert response.status_code == 200
    assert 'name="viewport"' in response.text
    assert "Chỉ cán bộ được giao xử lý và Hiệu trưởng được xem tên và liên hệ của tôi" in response.text
    assert "Điều 47, 56 Luật Tố cáo" in response.text
    assert "Điều 25 Luật Tố cáo" in response.text
    assert 'name="form_token"' in response.text and 'name="website"' in response.text


def test_a_citizen_sends_a_petition_and_gets_code_link_and_receipt(school):
    client = Client()
    files = [
        SimpleUploadedFile("bien-lai.pdf", PDF, "application/pdf"),
        SimpleUploadedFile("anh.png", PNG, "image/png"),
    ]
    response = client.post(url(school), {**form_data(), "attachments": files})
    assert response.status_code == 302, response.content.decode()[:2000]
    petition = Petition.objects.get()
    assert response["Location"] == reverse("petitions:public_sent", args=[petition.tracking_code])
    assert petition.organisation == school and petition.channel == "web" and petition.kind == "kien-nghi"
    assert petition.identity.full_name == "Trần Thị Bích"
    assert petition.identity.phone == "0912345678"
    assert PetitionAttachment.objects.filter(petition=petition).count() == 2
    assert tracking.is_valid(petition.tracking_code)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "no-referrer"
    assert petition.tracking_code in page.text
    # The private link keeps the secret in its fragment, which browsers never send to any server.
    link = re.search(r"data-secret-link>([^<]+)<", page.text).group(1)
    path, _hash, fragment = link.partition("#")
    assert path.endswith(reverse("petitions:public_track_link"))
    code, _colon, token = fragment.partition(":")
    assert code == petition.tracking_code and tracking.check_secret(token, petition.secret_hash)
    # Another browser (no session) sees neither the confirmation nor the receipt.
    assert Client().get(response["Location"])["Location"] == reverse("petitions:public_track")
    pdf = client.get(reverse("petitions:public_receipt", args=[petition.tracking_code]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert petition.tracking_code in text
    assert "Trần Thị Bích" not in text and "học thêm" not in text and "0912" not in text
    assert "Điều 28" in text


def test_the_receipt_needs_the_session_or_the_secret(school):
    client = Client()
    client.post(url(school), form_data())
    petition = Petition.objects.get()
    stranger = Client()
    assert stranger.get(reverse("petitions:public_receipt", args=[petition.tracking_code])).status_code == 302
    assert (
        stranger.get(reverse("petitions:public_receipt_legacy", args=[petition.tracking_code, "wrong"])).status_code
        == 404
    )


def test_an_anonymous_denunciation_is_accepted_with_a_warning(school):
    client = Client()
    response = client.post(
        url(school), form_data(kind="to-cao", identity_choice="anonymous", full_name="", phone="", email="", address="")
    )
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert petition.anonymous
    page = client.get(response["Location"])
    assert "Điều 25 Luật Tố cáo" in page.text
    pdf = client.get(reverse("petitions:public_receipt", args=[petition.tracking_code]))
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "đường liên kết riêng" in text and "4 chữ số cuối" not in text


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"content": ""}, "content", "Vui lòng ghi nội dung đơn"),
        ({"content": "ngắn"}, "content", "quá ngắn"),
        ({"phone": "12345"}, "phone", "Số điện thoại không hợp lệ"),
        ({"phone": "0123456789"}, "phone", "Số điện thoại không hợp lệ"),
        ({"email": "not-an-email"}, "email", "thư điện tử không hợp lệ"),
        ({"full_name": ""}, "full_name", "Ghi họ và tên"),
        ({"phone": "", "email": ""}, "phone", "Ghi số điện thoại hoặc thư điện tử"),
    ],
)
def test_it_rejects_bad_input_at_the_field_and_keeps_the_text(school, overrides, field, message):
    data = form_data(**overrides)
    response = Client().post(url(school), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in e for e in form.errors[field]), form.errors
    assert Petition.objects.count() == 0
    if data["content"]:
        assert data["content"] in response.text
    assert "Trần Thị Bích" in response.text or not data["full_name"]


def test_it_rejects_a_disguised_executable(school):
    exe = SimpleUploadedFile("hoa-don.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "application/pdf")
    response = Client().post(url(school), {**form_data(), "attachments": [exe]})
    assert response.status_code == 400
    assert "không phải loại được chấp nhận" in " ".join(response.context["form"].errors["attachments"])
    assert CONTENT in response.text
    assert "chọn lại tệp" in response.text or "chọn lại" in response.text
    assert Petition.objects.count() == 0


def test_it_rejects_too_many_files(school):
    files = [SimpleUploadedFile(f"a{i}.pdf", PDF, "application/pdf") for i in range(6)]
    response = Client().post(url(school), {**form_data(), "attachments": files})
    assert "tối đa 5 tệp" in " ".join(response.context["form"].errors["attachments"])
    assert Petition.objects.count() == 0


def test_it_rejects_an_oversized_file(school, monkeypatch):
    monkeypatch.setattr("danvan.petitions.public_forms.MAX_FILE_BYTES", 1024)
    big = SimpleUploadedFile("to.pdf", PDF + b"0" * 4096, "application/pdf")
    response = Client().post(url(school), {**form_data(), "attachments": [big]})
    assert "quá lớn" in " ".join(response.context["form"].errors["attachments"])
    assert CONTENT in response.text
    assert Petition.objects.count() == 0


def test_it_refuses_a_filled_honeypot_politely_and_keeps_the_text(school):
    response = Client().post(url(school), form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert Petition.objects.count() == 0
    assert CONTENT in response.text
    assert "Không gửi được đơn" in response.text


def test_it_refuses_a_form_sent_too_fast_and_gives_a_fresh_token(school):
    sent = antispam.issue_token(time.time() - 1)
    response = Client().post(url(school), form_data(form_token=sent))
    assert Petition.objects.count() == 0
    assert "quá nhanh" in response.text
    assert CONTENT in response.text
    fresh = re.search(r'name="form_token" value="([^"]+)"', response.text).group(1)
    assert fresh != sent
    antispam.check_token(fresh, time.time() + 30)  # valid: a person sending it half a minute later gets through


def test_it_asks_to_resend_a_stale_form_without_losing_text(school):
    response = Client().post(url(school), form_data(form_token=antispam.issue_token(time.time() - 3 * 3600)))
    assert Petition.objects.count() == 0
    assert "quá lâu" in response.text and CONTENT in response.text


def test_it_limits_submissions_per_address(school, settings):
    settings.DANVAN_PETITION_SUBMIT_LIMITS = ((3600, 2),)
    client = Client(REMOTE_ADDR="203.0.113.50")
    for _ in range(2):
        assert client.post(url(school), form_data()).status_code == 302
    response = client.post(url(school), form_data())
    assert response.status_code == 400
    assert "nhiều đơn" in response.text and CONTENT in response.text
    assert Petition.objects.count() == 2


def test_unknown_school_is_404(db):
    assert Client().get(reverse("petitions:public_submit", args=["KHONGCO"])).status_code == 404


def test_public_form_refuses_other_methods(school):
    assert Client().put(url(school)).status_code == 405


def _tokens(page: str) -> tuple[str, str]:
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return csrf, re.search(r'name="form_token" value="([^"]+)"', page).group(1)


def test_every_visitor_gets_their_own_tokens_on_the_page_rendered_once(school, settings):
    settings.DANVAN_PETITION_MIN_SECONDS = 0
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page1, page2 = first.get(url(school)).text, second.get(url(school)).text
    assert "__danvan_hole_" not in page1 + page2
    (csrf1, token1), (csrf2, token2) = _tokens(page1), _tokens(page2)
    assert csrf1 != csrf2 and token1 != token2
    assert page1.replace(csrf1, "").replace(token1, "") == page2.replace(csrf2, "").replace(token2, "")
    response = second.post(url(school), form_data(csrfmiddlewaretoken=csrf2, form_token=token2))
    assert response.status_code == 302  # the second visitor's CSRF cookie and tokens work together
    assert Petition.objects.count() == 1


def test_the_page_rendered_once_still_follows_the_visitors_language(school, settings):
    Client().get(url(school))  # a Vietnamese visitor first
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override(settings.LANGUAGE_CODE):
        page = english.get(url(school)).text
    assert "Send" in page and "Gửi đơn đến" not in page


def test_a_signed_in_user_gets_the_page_with_their_own_menu(school, principal_client):
    Client().get(url(school))
    page = principal_client.get(url(school)).text
    assert "Đăng xuất" in page


def test_a_word_attachment_that_unpacks_to_gigabytes_is_refused_and_the_text_kept(school, monkeypatch):
    monkeypatch.setattr(archives, "MAX_EXPANDED_BYTES", 1_000_000)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b" " * 3_000_000)
    bomb = SimpleUploadedFile("minh-chung.docx", buf.getvalue())
    response = Client().post(url(school), {**form_data(), "attachments": [bomb]})
    assert response.status_code == 400 and Petition.objects.count() == 0
    assert "minh-chung.docx" in response.text and "giải nén" in response.text
    assert CONTENT in response.text


def test_the_trail_names_the_citizen_and_keeps_no_network_address(school):
    Client(REMOTE_ADDR="203.0.113.77").post(url(school), form_data(kind="to-cao"))
    petition = Petition.objects.get()
    entries = AuditEvent.objects.for_object(petition)
    assert [e.code for e in entries] == ["petitions.petition.registered"]
    assert entries[0].actor_repr == "Công dân (trang công khai)" and entries[0].ip_address is None
    assert not AuditEvent.objects.filter(ip_address="203.0.113.77").exists()


@pytest.mark.parametrize("kind", ["to-cao", "kien-nghi"])
def test_the_confirmation_and_the_receipt_give_the_deadline_the_tracking_page_shows(school, kind):
    client = Client()
    sent = client.get(client.post(url(school), form_data(kind=kind))["Location"])
    petition = Petition.objects.get()
    assert petition.due_on is not None and petition.deadline_citation
    due = petition.due_on.strftime("%d/%m/%Y")
    assert due in sent.text and petition.deadline_citation in sent.text
    receipt = client.get(reverse("petitions:public_receipt", args=[petition.tracking_code]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(receipt.content)).pages)
    assert due in text


def test_a_sender_without_a_phone_is_told_to_keep_the_secret_link(school):
    client = Client()
    response = client.post(
        url(school), form_data(identity_choice="anonymous", full_name="", address="", phone="", email="")
    )
    sent = client.get(response["Location"])
    assert "chỉ theo dõi được đơn bằng đường liên kết riêng" in sent.text
    assert "4 chữ số cuối số điện thoại" not in sent.text


def test_the_same_form_sent_again_after_back_does_not_make_a_second_petition(school, settings):
    settings.DANVAN_PETITION_MIN_SECONDS = 0
    client = Client()
    data = form_data()
    assert client.post(url(school), data).status_code == 302
    code = Petition.objects.get().tracking_code
    again = client.post(url(school), data)  # Back, then "Gửi đơn" on the page the browser kept
    assert again.status_code == 400 and Petition.objects.count() == 1
    assert f"Đơn này đã được gửi, mã theo dõi {code}" in again.text and CONTENT in again.text
    fresh = re.search(r'name="form_token" value="([^"]+)"', again.text).group(1)
    # A deliberate second petition goes through with the page's fresh token.
    assert client.post(url(school), form_data(form_token=fresh)).status_code == 302
    assert Petition.objects.count() == 2


def test_a_file_name_too_long_to_store_is_refused_the_text_kept_and_nothing_written(school):
    before = set(stored_files())
    files = [
        SimpleUploadedFile("bien-lai.pdf", PDF, "application/pdf"),
        SimpleUploadedFile("đơn " * 75 + ".pdf", PDF, "application/pdf"),
    ]
    response = Client().post(url(school), {**form_data(), "attachments": files})
    assert response.status_code == 400
    assert "quá dài" in " ".join(response.context["form"].errors["attachments"])
    assert CONTENT in response.text
    assert Petition.objects.count() == 0 and PetitionAttachment.objects.count() == 0
    assert set(stored_files()) == before  # on disk or in the bucket, as configured


def test_an_escape_character_in_a_public_petition_leaves_the_register_xlsx_readable(school, clerk_client):
    text = "Nội dung có ký tự điều khiển \x1b[31m ở giữa"
    response = Client().post(url(school), form_data(subject="Đơn \x1b có ESC", content=text + " " + CONTENT))
    assert response.status_code == 302
    assert Petition.objects.count() == 1
    export = clerk_client.get(reverse("petitions:register_petitions"), {"format": "xlsx"})
    assert export.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(export.streaming_content) if export.streaming else export.content))
    cells = [str(c) for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert any("Đơn  có ESC" in c or "Đơn có ESC" in c for c in cells) or any("[31m" in c for c in cells)
    assert not any("\x1b" in c for c in cells)
