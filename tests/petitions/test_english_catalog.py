"""The app's pages speak English after the switch (catalog completeness: tests/core/test_catalogs.py)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from danvan.core.models import AuditEvent
from danvan.petitions import services
from danvan.petitions.choices import Channel, Kind
from danvan.petitions.models import PetitionStep


@pytest.mark.django_db
def test_the_public_petition_page_is_english_after_switching_language(client):
    # The middleware activates the session's language for the thread: give the next test its Vietnamese back.
    with translation.override(settings.LANGUAGE_CODE):
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        body = client.get(reverse("petitions:public_schools")).content.decode()
    assert "Send a petition to the school" in body
    assert "Gửi đơn đến nhà trường" not in body


@pytest.mark.django_db
def test_the_citizens_tracking_page_is_english_after_switching_language(client, school):
    registered = services.register_petition(
        school,
        actor=None,
        subject="Khoản thu",
        channel=Channel.WEB,
        content="Đề nghị công khai các khoản thu đầu năm học.",
        kind=Kind.KIEN_NGHI,
        identity={"phone": "0912345678"},
    )
    petition = registered.petition
    with translation.override(settings.LANGUAGE_CODE):
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        response = client.get(
            reverse("petitions:public_track_secret", args=[petition.tracking_code, registered.secret]), follow=True
        )
    body = response.content.decode()
    assert "The school has received your petition and is looking into it" in body
    assert "Nhà trường đã nhận đơn" not in body


@pytest.mark.django_db
def test_what_an_english_reader_does_is_recorded_in_vietnamese(principal, school):
    with translation.override("en"):
        petition = services.register_petition(
            school,
            actor=None,
            subject="Khoản thu",
            channel=Channel.WEB,
            content="Đề nghị công khai các khoản thu đầu năm học.",
            kind=Kind.KIEN_NGHI,
            identity={"phone": "0912345678"},
        ).petition
        services.classify(petition, actor=principal, kind=Kind.PHAN_ANH)
    petition.refresh_from_db()
    lines = " ".join(PetitionStep.objects.filter(petition=petition).values_list("public_text", flat=True))
    assert "Đơn đã được tiếp nhận, mã theo dõi" in lines and "Đơn đã được phân loại: Phản ánh" in lines
    assert "ngày làm việc" in petition.deadline_rule
    registered = AuditEvent.objects.get(code="petitions.petition.registered")
    assert registered.message.endswith("; Kiến nghị")
