"""Petition endpoints: the queue's shared filters, scoping, and the petitioner's identity never leaking."""

from __future__ import annotations

import json
import json as _json

import pytest
from django.core.cache import cache
from django.utils import timezone

from danvan.core.models import AuditEvent
from danvan.petitions import services
from danvan.petitions.models import Petition
from tests.api.conftest import ADDRESS, API, EMAIL, NAME, PHONE, bearer, post_json

pytestmark = pytest.mark.django_db

IDENTITY_STRINGS = [NAME, "Nguyễn Thị", ADDRESS, "Lạch Tray", EMAIL, PHONE, "0912345678", "345 678", "345678"]


def assert_no_identity(response) -> None:
    """Assert that no identity string appears in the raw body, escaped or not."""
    raw = response.content.decode()
    text = json.dumps(response.json(), ensure_ascii=False) if response.content else ""
    escaped = json.dumps(response.json()) if response.content else ""
    for value in IDENTITY_STRINGS:
        assert value not in raw and value not in text
        assert json.dumps(value)[1:-1] not in escaped


def test_the_queue_lists_our_petitions_only_with_counts(api_clerk, petitions):
    response = api_clerk.get(f"{API}/petitions")
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 2
    assert {p["id"] for p in body["items"]} == {petitions["ours"].pk, petitions["denunciation"].pk}
    item = next(p for p in body["items"] if p["id"] == petitions["ours"].pk)
    assert item["tracking_code"] == petitions["ours"].tracking_code
    assert item["kind"] == "kien-nghi" and item["state"] == "received"
    assert item["received_at"].endswith("+07:00")


def test_the_queue_never_contains_the_petitioners_identity(api_clerk, api_principal, petitions):
    # The first petition's subject was left empty, so the service took it from the letter (which names her),
    # masking her identity at the source; the API masks again in case a clerk typed it into a subject.
    assert NAME not in petitions["ours"].subject and "[đã che]" in petitions["ours"].subject
    for client in (api_clerk, api_principal):
        assert_no_identity(client.get(f"{API}/petitions"))


def test_a_petition_file_never_contains_the_identity_even_for_those_allowed_to_see_it(
    api_clerk, api_principal, petitions
):
    for client in (api_clerk, api_principal):
        response = client.get(f"{API}/petitions/{petitions['ours'].pk}")
        assert response.status_code == 200
        assert_no_identity(response)
        assert "[đã che]" in response.json()["content"]
    assert api_clerk.get(f"{API}/petitions/{petitions['ours'].pk}").json()["can_view_identity"] is False
    assert api_principal.get(f"{API}/petitions/{petitions['ours'].pk}").json()["can_view_identity"] is True


def test_a_teacher_without_petitions_view_gets_403_everywhere_and_no_identity(api_teacher, petitions):
    # As on the web pages (`require_perm`): no petitions.view anywhere is a 403 before any lookup.
    for url in (
        f"{API}/petitions",
        f"{API}/petitions/{petitions['ours'].pk}",
        f"{API}/petitions/{petitions['ours'].pk}/identity",
    ):
        response = api_teacher.get(url)
        assert response.status_code == 403
        assert_no_identity(response)


def test_searching_by_the_petitioners_name_finds_nothing(api_clerk, petitions):
    assert api_clerk.get(f"{API}/petitions", {"q": "Nguyen Thi Hoa", "stage": "all"}).json()["count"] == 0
    assert api_clerk.get(f"{API}/petitions", {"q": "thu tien", "stage": "all"}).json()["count"] == 1


def test_the_queue_filters_by_kind_stage_handler_and_window(api_clerk, petitions, principal):
    services.assign(petitions["denunciation"], principal.person, actor=principal)
    assert api_clerk.get(f"{API}/petitions", {"kind": "to-cao"}).json()["count"] == 1
    assert api_clerk.get(f"{API}/petitions", {"stage": "closed"}).json()["count"] == 0
    assert api_clerk.get(f"{API}/petitions", {"stage": "all"}).json()["count"] == 2
    mine = api_clerk.get(f"{API}/petitions", {"handler": principal.person.pk}).json()
    assert [p["id"] for p in mine["items"]] == [petitions["denunciation"].pk]
    assert mine["items"][0]["handler"]["name"] == principal.person.full_name
    assert api_clerk.get(f"{API}/petitions", {"handler": "none"}).json()["count"] == 1
    assert api_clerk.get(f"{API}/petitions", {"window": "late"}).json()["count"] == 0
    assert api_clerk.get(f"{API}/petitions", {"window": "30"}).json()["count"] == 2


def test_an_unknown_filter_value_gets_422_in_vietnamese(api_clerk, petitions):
    response = api_clerk.get(f"{API}/petitions", {"kind": "xyz"})
    assert response.status_code == 422
    assert "kind" in response.json()["detail"]
    # Another school's handler is not a valid choice either.
    other = petitions["theirs"].organisation.people.first()
    assert api_clerk.get(f"{API}/petitions", {"handler": other.pk}).status_code == 422


def test_another_school_gets_404_on_a_petition_and_its_identity(api_other, petitions):
    for url in (f"{API}/petitions/{petitions['ours'].pk}", f"{API}/petitions/{petitions['ours'].pk}/identity"):
        assert api_other.get(url).status_code == 404
    assert api_other.get(f"{API}/petitions").json()["count"] == 1


def test_the_identity_endpoint_shows_it_to_the_head_and_audits_every_look(api_principal, principal, petitions):
    url = f"{API}/petitions/{petitions['ours'].pk}/identity"
    for n in (1, 2):
        response = api_principal.get(url, {"purpose": "liên hệ trả lời"})
        assert response.status_code == 200
        assert response.json()["full_name"] == NAME and response.json()["phone"] == PHONE
        events = AuditEvent.objects.filter(code="petitions.identity.viewed", object_id=str(petitions["ours"].pk))
        assert events.count() == n
    event = events.first()
    assert event.actor == principal
    assert event.ip_address == "127.0.0.1"  # the token request's address reaches the trail too
    assert "liên hệ trả lời" in event.message and "API" in event.message


def test_the_identity_endpoint_refuses_a_clerk_with_403_and_audits_the_refusal(api_clerk, clerk, petitions):
    response = api_clerk.get(f"{API}/petitions/{petitions['ours'].pk}/identity")
    assert response.status_code == 403
    assert_no_identity(response)
    assert response.json()["detail"]
    assert AuditEvent.objects.filter(code="petitions.identity.denied", actor=clerk).count() == 1
    assert not AuditEvent.objects.filter(code="petitions.identity.viewed").exists()


def test_the_assigned_handler_may_see_the_identity(petitions, principal, clerk):
    services.assign(petitions["ours"], clerk.person, actor=principal)
    response = bearer(clerk).get(f"{API}/petitions/{petitions['ours'].pk}/identity")
    assert response.status_code == 200
    assert response.json()["email"] == EMAIL


def test_the_department_reads_school_petitions_without_identity(api_department, petitions):
    response = api_department.get(f"{API}/petitions")
    assert response.json()["count"] == 3
    assert_no_identity(response)


def test_the_queue_uses_a_constant_number_of_queries(
    api_clerk, petitions, clerk, school, django_assert_max_num_queries
):
    for i in range(10):
        services.register_petition(
            school,
            actor=clerk,
            subject=f"Đơn {i}",
            content=f"Nội dung {i}",
            channel="letter",
            received_at=timezone.now(),
            identity={"full_name": f"Người {i}"},
        )
    with django_assert_max_num_queries(12):
        response = api_clerk.get(f"{API}/petitions", {"limit": 100})
    assert response.json()["count"] == 12


# ---------------------------------------------------------------- public


def test_the_public_endpoint_needs_the_secret_token(anon, petitions):
    code = petitions["ours"].tracking_code
    response = anon.get(f"{API}/public/petitions/{code}", {"token": petitions["ours_secret"]})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"code", "kind", "received_at", "stage", "due_on", "reply", "replied_at"}
    assert body["code"] == code and body["kind"] == "Kiến nghị"
    assert_no_identity(response)
    assert anon.get(f"{API}/public/petitions/{code}", {"token": "wrong"}).status_code == 404
    assert anon.get(f"{API}/public/petitions/{code}").status_code == 422
    assert anon.get(f"{API}/public/petitions/XXXX-XXXX", {"token": "x"}).status_code == 404


def test_the_public_endpoint_shows_the_published_reply_with_names_masked(anon, petitions, principal):
    p = petitions["ours"]
    services.classify(p, actor=principal, kind="kien-nghi")
    services.accept(p, actor=principal)
    services.reply(p, actor=principal, text=f"Trả lời bà {NAME}: nhà trường đã chấm lại bài của em Lê Văn Nam.")
    body = anon.get(f"{API}/public/petitions/{p.tracking_code}", {"token": petitions["ours_secret"]}).json()
    assert "nhà trường đã chấm lại" in body["reply"]
    assert NAME not in body["reply"] and "Lê Văn Nam" not in body["reply"]
    assert body["replied_at"]


def test_the_public_endpoint_takes_the_secret_in_the_body_so_no_url_carries_it(anon, petitions):
    url = f"{API}/public/petitions/{petitions['ours'].tracking_code}"
    ok = anon.post(url, {"token": petitions["ours_secret"]}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["code"] == petitions["ours"].tracking_code
    assert anon.post(url, {"token": "wrong"}, content_type="application/json").status_code == 404


def test_the_public_endpoint_is_rate_limited_by_the_antispam_limiter(anon, petitions, settings):
    settings.DANVAN_PETITION_LOOKUP_LIMITS = ((600, 2),)
    cache.clear()
    url = f"{API}/public/petitions/{petitions['ours'].tracking_code}"
    statuses = [anon.get(url, {"token": "wrong"}).status_code for _ in range(3)]
    assert statuses == [404, 404, 429]
    assert anon.get(url, {"token": petitions["ours_secret"]}).status_code == 429
    cache.clear()


# ---------------------------------------------------------------- workflow actions


def _act(client, petition, action, **fields):
    return client.post(
        f"{API}/petitions/{petition.pk}/actions/{action}",
        _json.dumps({"fields": fields}),
        content_type="application/json",
    )


def test_the_head_drives_a_petition_through_the_services_with_the_pages_forms(
    api_principal, principal, clerk, petitions
):
    p = petitions["ours"]
    body = _act(api_principal, p, "classify", kind="kien-nghi", is_complex=False).json()
    assert body["state"] == "classified" and body["kind"] == "kien-nghi"
    body = _act(api_principal, p, "accept", handler=clerk.person.pk).json()
    assert body["state"] == "accepted" and body["handler"]["id"] == clerk.person.pk
    response = _act(api_principal, p, "reply", text=f"Trả lời bà {NAME}: nhà trường đã chấm lại bài.")
    assert response.status_code == 200 and response.json()["state"] == "replied"
    assert_no_identity(response)
    assert AuditEvent.objects.filter(code="petitions.petition.replied", actor=principal).exists()


def test_an_action_the_state_forbids_is_a_409_and_an_unknown_one_a_400(api_principal, petitions):
    response = _act(api_principal, petitions["ours"], "close")
    assert response.status_code == 409 and "Không thể" in response.json()["detail"]
    assert _act(api_principal, petitions["ours"], "xoa-don").status_code == 400


def test_invalid_fields_are_a_422_naming_them_without_the_form_prefix(api_principal, petitions):
    response = _act(api_principal, petitions["ours"], "classify", kind="chua-ro")
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"kind"}


def test_a_clerk_may_not_classify_and_a_teacher_or_another_school_may_not_act(
    api_clerk, api_teacher, api_other, petitions
):
    assert _act(api_clerk, petitions["ours"], "classify", kind="to-cao").status_code == 403
    assert _act(api_teacher, petitions["ours"], "classify", kind="to-cao").status_code == 403
    assert _act(api_other, petitions["ours"], "classify", kind="to-cao").status_code == 404
    petitions["ours"].refresh_from_db()
    assert petitions["ours"].state == "received"


# ---------------------------------------------------------------- registering a letter


def test_a_clerk_registers_a_letter_and_the_answer_holds_no_identity(api_clerk, clerk, school):
    response = post_json(
        api_clerk,
        f"{API}/petitions",
        {
            "channel": "letter",
            "kind": "kien-nghi",
            "content": f"Tôi là {NAME}. Đề nghị sửa mái che nhà xe.",
            "identity": {"full_name": NAME, "phone": PHONE, "address": ADDRESS, "email": EMAIL},
        },
    )
    assert response.status_code == 201
    assert_no_identity(response)
    body = response.json()
    assert body["state"] == "received" and body["organisation"]["id"] == school.pk and body["due_on"]
    petition = Petition.objects.get(pk=body["id"])
    assert petition.identity.full_name == NAME and petition.identity.phone == PHONE
    assert AuditEvent.objects.filter(code="petitions.petition.registered", actor=clerk).exists()


def test_registering_checks_the_permission_the_school_and_the_values(api_teacher, api_clerk, other_school):
    data = {"content": "Nội dung"}
    assert post_json(api_teacher, f"{API}/petitions", data).status_code == 403
    assert post_json(api_clerk, f"{API}/petitions", {**data, "organisation": other_school.pk}).status_code == 404
    bad = post_json(api_clerk, f"{API}/petitions", {**data, "channel": "web", "kind": "xyz"})
    assert bad.status_code == 422 and "channel" in bad.json()["detail"] and "kind" in bad.json()["detail"]
    assert post_json(api_clerk, f"{API}/petitions", {"content": ""}).status_code == 422
