"""The citizen's tracking page: code + secret link or code + last phone digits; only public fields."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from danvan.petitions import services
from danvan.petitions.choices import Kind, State

from .factories import advance


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def registered(school, clerk):
    return services.register_petition(
        school,
        actor=clerk,
        subject="Phản ánh thu tiền",
        channel="letter",
        kind=Kind.PHAN_ANH,
        content="Tôi là Nguyễn Thị Hoa. Em Lê Văn Nam lớp 10A3 bị thu tiền không có biên lai.",
        identity={"full_name": "Nguyễn Thị Hoa", "phone": "0912 345 678", "email": "hoa@example.invalid"},
    )


def status_url(p):
    return reverse("petitions:public_status", args=[p.tracking_code])


def test_the_secret_link_opens_the_status_page_with_only_public_fields(registered):
    p = registered.petition
    client = Client()
    response = client.get(reverse("petitions:public_track_secret", args=[p.tracking_code, registered.secret]))
    assert response.status_code == 302 and response["Location"] == status_url(p)
    page = client.get(status_url(p))
    assert page.status_code == 200
    text = page.text
    assert p.tracking_code in text and "Phản ánh" in text and "đang xem xét" in text
    for secret in ("Nguyễn Thị Hoa", "Lê Văn Nam", "0912", "hoa@example", "biên lai", "Phản ánh thu tiền"):
        assert secret not in text, secret
    assert set(page.context["p"]) == {
        "code",
        "school",
        "kind",
        "received_at",
        "stage",
        "due_on",
        "steps",
        "reply",
        "replied_at",
        "satisfaction",
        "can_give_opinion",
    }


def test_it_rejects_a_wrong_token(registered):
    p = registered.petition
    client = Client()
    assert client.get(reverse("petitions:public_track_secret", args=[p.tracking_code, "x" * 24])).status_code == 404
    response = client.get(status_url(p))
    assert response.status_code == 302 and response["Location"] == reverse("petitions:public_track")


def test_code_and_last_four_phone_digits_open_the_page(registered):
    p = registered.petition
    client = Client()
    response = client.post(
        reverse("petitions:public_track"), {"code": p.tracking_code.lower().replace("-", " "), "phone_last4": "5678"}
    )
    assert response.status_code == 302 and response["Location"] == status_url(p)
    assert client.get(status_url(p)).status_code == 200


def test_it_rejects_wrong_phone_digits_and_a_mistyped_code(registered):
    p = registered.petition
    client = Client()
    response = client.post(reverse("petitions:public_track"), {"code": p.tracking_code, "phone_last4": "0000"})
    assert response.status_code == 400 and "Không tìm thấy đơn" in response.text
    typo = p.tracking_code[:-1] + ("0" if p.tracking_code[-1] != "0" else "1")
    response = client.post(reverse("petitions:public_track"), {"code": typo, "phone_last4": "5678"})
    assert "Mã theo dõi không đúng" in response.text
    assert client.get(status_url(p)).status_code == 302


def test_lookups_are_rate_limited_per_address(registered, settings):
    settings.DANVAN_PETITION_LOOKUP_LIMITS = ((600, 3),)
    p = registered.petition
    client = Client(REMOTE_ADDR="198.51.100.20")
    for _ in range(3):
        client.post(reverse("petitions:public_track"), {"code": p.tracking_code, "phone_last4": "0000"})
    response = client.post(reverse("petitions:public_track"), {"code": p.tracking_code, "phone_last4": "5678"})
    assert response.status_code == 429
    assert "quá nhiều lần" in response.text


def test_the_reply_is_shown_with_student_names_masked_and_opinion_recorded(registered, principal, clerk):
    p = registered.petition
    advance(p, State.CLASSIFIED, principal=principal)
    services.accept(p, actor=principal)
    services.reply(p, actor=principal, text="Nhà trường đã hoàn trả tiền cho em Lê Văn Nam và nhắc nhở giáo viên.")
    client = Client()
    client.get(reverse("petitions:public_track_secret", args=[p.tracking_code, registered.secret]))
    page = client.get(status_url(p))
    assert "hoàn trả tiền" in page.text and "Lê Văn Nam" not in page.text
    assert page.context["p"]["can_give_opinion"]
    response = client.post(
        reverse("petitions:public_opinion", args=[p.tracking_code]),
        {"satisfaction": "unsatisfied", "note": "Chưa nhận lại tiền"},
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.satisfaction == "unsatisfied" and p.satisfaction_note == "Chưa nhận lại tiền"
    page = client.get(status_url(p))
    assert not page.context["p"]["can_give_opinion"] and "Chưa hài lòng" in page.text


def test_opinion_needs_the_proof_and_post(registered):
    p = registered.petition
    response = Client().post(reverse("petitions:public_opinion", args=[p.tracking_code]), {"satisfaction": "satisfied"})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.satisfaction == ""
    assert Client().get(reverse("petitions:public_opinion", args=[p.tracking_code])).status_code == 405


def test_an_unknown_or_invalid_code_is_404(db):
    assert Client().get(reverse("petitions:public_status", args=["AAAA-AAAA-AA"])).status_code == 404
