"""The citizen's channel for updates, and Zalo messages to the OA: signed webhook → draft → petition, DK linking."""

from __future__ import annotations

import hashlib
import json
import time

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from danvan.core.models import AuditEvent
from danvan.core.testing import client_for
from danvan.notify import backends
from danvan.notify.inbox import register_draft
from danvan.notify.models import ZaloConversation
from danvan.petitions import antispam
from danvan.petitions.choices import Channel
from danvan.petitions.models import Petition, PetitionIdentity
from danvan.petitions.notifications import notify_petitioner
from danvan.privacy import services as privacy_services

pytestmark = pytest.mark.django_db

CONTENT = "Con tôi học lớp 10A3, bị thu tiền học thêm không có biên lai. Đề nghị nhà trường làm rõ."
APP_ID, OA_SECRET = "4291763606161179100", "oa-secret-key"


@pytest.fixture(autouse=True)
def _clean():
    cache.clear()
    caches["local"].clear()  # the public form is cached per school: its channel list follows the settings
    backends.outbox.clear()
    yield
    cache.clear()
    caches["local"].clear()


@pytest.fixture
def oa(school):
    with override_settings(
        DANVAN_ZALO_APP_ID=APP_ID, DANVAN_ZALO_OA_SECRET=OA_SECRET, DANVAN_ZALO_ORGANISATION=school.code
    ):
        yield


def _form(**overrides):
    data = {
        "kind": "kien-nghi",
        "subject": "Thu tiền học thêm",
        "content": CONTENT,
        "accused_text": "",
        "identity_choice": "handler-only",
        "full_name": "Trần Thị Bích",
        "address": "12 Lê Lợi",
        "phone": "0912 345 678",
        "email": "",
        "website": "",
        "updates_by": "sms",
        "form_token": antispam.issue_token(time.time() - 60),
    }
    data.update(overrides)
    return data


def _submit(school, **overrides):
    return Client().post(reverse("petitions:public_submit", args=[school.code]), _form(**overrides), follow=True)


def _event(text: str, *, sender: str = "8830012", msg_id: str = "m1") -> dict:
    return {
        "app_id": APP_ID,
        "event_name": "user_send_text",
        "timestamp": "1796620800000",
        "sender": {"id": sender},
        "recipient": {"id": "579745863508352884"},
        "message": {"text": text, "msg_id": msg_id},
    }


def _deliver(event: dict, *, secret: str = OA_SECRET, django_capture_on_commit_callbacks=None):
    raw = json.dumps(event, ensure_ascii=False).encode()
    mac = hashlib.sha256(APP_ID.encode() + raw + event["timestamp"].encode() + secret.encode()).hexdigest()
    return Client().post(
        "/notify/zalo/webhook/", raw, content_type="application/json", headers={"X-ZEvent-Signature": f"mac={mac}"}
    )


# ---------------------------------------------------------------- the form


def test_the_form_offers_only_the_configured_channels(school):
    with override_settings(DANVAN_SMS_BACKEND="", DANVAN_ZALO_BACKEND=""):
        page = Client().get(reverse("petitions:public_submit", args=[school.code])).text
    assert 'name="updates_by" value="email"' in page
    assert 'value="sms"' not in page and 'value="zalo"' not in page
    caches["local"].clear()
    page = Client().get(reverse("petitions:public_submit", args=[school.code])).text
    assert 'name="updates_by" value="sms"' in page and 'name="updates_by" value="zalo"' in page


def test_sms_updates_need_a_mobile_number(school):
    response = _submit(school, phone="0225 3 123 456")
    assert "cần số di động 10 chữ số" in response.text
    assert not Petition.objects.exists()
    response = _submit(school, updates_by="zalo", phone="", email="bich@example.com")
    assert "Ghi số điện thoại di động để nhận thông báo qua SMS hoặc Zalo." in response.text
    assert not Petition.objects.exists()


def test_the_choice_is_stored_encrypted_and_updates_go_by_sms(school, django_capture_on_commit_callbacks):
    _submit(school)
    petition = Petition.objects.get()
    assert petition.identity.updates_by == "sms"
    with connection.cursor() as cursor:
        cursor.execute("SELECT updates_by FROM petitions_petitionidentity")
        assert cursor.fetchone()[0].startswith("fernet:")
    backends.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_petitioner(petition, "Đơn đã được thụ lý") == "sms"
    [message] = backends.outbox
    assert message.channel == "sms" and message.to == "0912345678"
    assert petition.tracking_code in message.body and "Đơn đã được thụ lý" in message.body


def test_an_email_choice_without_an_address_means_no_updates(school, mailoutbox):
    _submit(school, updates_by="email", email="")
    petition = Petition.objects.get()
    assert petition.identity.updates_by == ""
    assert notify_petitioner(petition, "Đơn đã được thụ lý") == ""


# ---------------------------------------------------------------- Zalo: linking the follower


def test_a_citizen_who_chose_zalo_links_their_follower_id_with_the_code_and_phone_digits(
    school, oa, mailoutbox, django_capture_on_commit_callbacks
):
    response = _submit(school, updates_by="zalo", email="bich@example.com")
    petition = Petition.objects.get()
    assert f"DK {petition.tracking_code} 5678" in response.text
    # Not linked yet: the update goes by e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_petitioner(petition, "Đơn đã được thụ lý") == "email"

    # Someone guessing the four digits from another Zalo account gets five tries, then is not even checked.
    for n in range(5):
        assert _deliver(_event(f"DK {petition.tracking_code} 000{n}", sender="666", msg_id=f"g{n}")).json() == {
            "result": "link_refused"
        }
    assert _deliver(_event(f"DK {petition.tracking_code} 5678", sender="666", msg_id="g9")).json() == {
        "result": "link_limited"
    }
    petition.identity.refresh_from_db()
    assert petition.identity.zalo_user_id == ""
    with django_capture_on_commit_callbacks(execute=True):
        linked = _deliver(_event(f"dk {petition.tracking_code.lower()} 5678", msg_id="x2"))
    assert linked.json() == {"result": "linked"}
    petition.identity.refresh_from_db()
    assert petition.identity.zalo_user_id == "8830012"
    assert AuditEvent.objects.filter(code="notify.zalo.linked", object_id=str(petition.pk)).exists()
    assert not ZaloConversation.objects.exists()  # a DK message is not a draft

    backends.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_petitioner(petition, "Đơn đã được thụ lý") == "zalo"
    [message] = backends.outbox
    assert message.channel == "zalo" and message.to == "8830012"


# ---------------------------------------------------------------- Zalo: the webhook and the clerk's drafts


def test_the_webhook_refuses_what_zalo_did_not_sign(oa):
    assert _deliver(_event("Xin chào"), secret="forged").status_code == 403
    client = Client()
    assert client.post("/notify/zalo/webhook/", b"{not json", content_type="application/json").status_code == 400
    assert client.get("/notify/zalo/webhook/").status_code == 405
    assert not ZaloConversation.objects.exists()
    with override_settings(DANVAN_ZALO_BACKEND=""):
        assert _deliver(_event("Xin chào")).status_code == 404


def test_messages_become_one_draft_that_a_clerk_registers_as_a_petition(school, oa, clerk, teacher, other_principal):
    assert _deliver(_event("Con tôi bị thu tiền học thêm không biên lai.", msg_id="a1")).json() == {
        "result": "appended"
    }
    assert _deliver(_event("Lớp 10A3, cô chủ nhiệm thu từ tháng 9.", msg_id="a2")).json() == {"result": "appended"}
    assert _deliver(_event("Lớp 10A3, cô chủ nhiệm thu từ tháng 9.", msg_id="a2")).json() == {"result": "duplicate"}
    conversation = ZaloConversation.objects.get()
    assert conversation.messages.count() == 2 and not Petition.objects.exists()

    url = reverse("notify:zalo_draft", args=[conversation.pk])
    assert client_for(other_principal).get(url).status_code == 404
    assert client_for(teacher).get(url).status_code == 403
    page = client_for(clerk).get(url).text
    assert "cô chủ nhiệm thu từ tháng 9" in page
    response = client_for(clerk).post(url, {"action": "register", "kind": "phan-anh", "subject": "Thu tiền học thêm"})
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert petition.channel == Channel.ZALO and petition.organisation == school
    assert "không biên lai" in petition.content and "từ tháng 9" in petition.content
    assert petition.identity.zalo_user_id == "8830012" and petition.identity.updates_by == "zalo"
    conversation.refresh_from_db()
    assert conversation.state == "registered" and conversation.petition == petition
    assert client_for(clerk).post(url, {"action": "register", "kind": "phan-anh"}).status_code == 400
    assert Petition.objects.count() == 1
    # A later message opens a new draft: the registered petition is not changed behind the clerk's back.
    assert _deliver(_event("Cảm ơn nhà trường.", msg_id="a3")).json() == {"result": "appended"}
    assert ZaloConversation.objects.filter(state="open").count() == 1


def test_the_choice_is_shown_on_the_identity_page_only(school, principal):
    _submit(school)
    petition = Petition.objects.get()
    client = client_for(principal)
    detail = client.get(reverse("petitions:detail", args=[petition.pk])).text
    assert "data-identity-updates" not in detail
    identity = client.post(reverse("petitions:identity", args=[petition.pk])).text
    assert "data-identity-updates>Tin nhắn SMS<" in identity


def test_odd_events_are_acknowledged_and_ignored(oa):
    for event in (
        {**_event("x"), "sender": "8830012"},
        {**_event("x"), "message": ["x"]},
        {**_event("x"), "event_name": "follow"},
    ):
        response = _deliver(event)
        assert response.status_code == 200 and response.json() == {"result": "ignored"}
    assert _deliver(_event("x" * 70_000)).status_code == 413
    assert _deliver(_event("\x00")).status_code == 400  # core.middleware.RejectNulMiddleware, before the view
    assert not ZaloConversation.objects.exists()
    assert _deliver({**_event("Xin chào"), "timestamp": "not-a-time"}).json() == {"result": "appended"}


def test_erasing_a_petition_from_zalo_erases_the_follower_and_the_conversation(school, oa, clerk):
    _deliver(_event("Con tôi bị thu tiền học thêm không biên lai.", msg_id="e1"))
    conversation = ZaloConversation.objects.get()
    registered = register_draft(conversation, actor=clerk, kind="phan-anh")
    assert privacy_services.erase_petition(registered.petition, reason="retention") is not None
    identity = PetitionIdentity.objects.get(petition=registered.petition)
    assert identity.zalo_user_id == "" and identity.updates_by == ""
    conversation.refresh_from_db()
    assert conversation.zalo_user_id == "" and not conversation.messages.exists()
