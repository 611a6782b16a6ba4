"""GeoReport v2 documents, errors and the public-field rule, through the test client (no live server)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from danvan.core.models import AuditEvent
from danvan.open311 import services
from danvan.open311.models import PartnerRequest
from danvan.petitions import services as petitions
from danvan.petitions.choices import Kind
from danvan.petitions.models import Petition
from danvan.privacy.models import NoticeRecord

from .conftest import form

BASE = "/open311/v2"


def post(data, fmt="json"):
    return Client().post(f"{BASE}/requests.{fmt}", data)


def test_services_list_the_public_form_kinds_in_json_and_xml(school):
    data = Client().get(f"{BASE}/services.json").json()
    assert [s["service_code"] for s in data] == ["kien-nghi", "phan-anh", "khieu-nai", "to-cao", "chua-ro"]
    assert set(data[0]) == {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
    assert data[3]["service_name"] == "Tố cáo" and data[3]["metadata"] is True
    response = Client().get(f"{BASE}/services.xml")
    assert response["Content-Type"].startswith("text/xml")
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    root = ET.fromstring(response.content)
    assert root.tag == "services" and [s.findtext("service_code") for s in root.findall("service")][0] == "kien-nghi"
    assert root.find("service/metadata").text == "true"


def test_a_definition_lists_the_forms_attributes_with_their_values(school):
    data = Client().get(f"{BASE}/services/to-cao.json").json()
    codes = [a["code"] for a in data["attributes"]]
    assert data["service_code"] == "to-cao" and codes[0] == "danh_tinh" and "dia_chi" in codes
    identity = data["attributes"][0]
    assert identity["required"] is True and identity["datatype"] == "singlevaluelist"
    assert {v["key"] for v in identity["values"]} == {"handler-only", "anonymous"}
    root = ET.fromstring(Client().get(f"{BASE}/services/to-cao.xml").content)
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/values/value/key").text == "handler-only"


def test_discovery_names_the_endpoint_and_every_jurisdiction(school, other_school, department):
    data = Client().get(f"{BASE}/discovery.json").json()
    assert data["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert data["endpoints"][0]["url"] == "http://testserver/open311/v2"
    assert {j["jurisdiction_id"] for j in data["jurisdictions"]} == {"THPTNK", "THPTTP", "SGDĐT"}
    root = ET.fromstring(Client().get(f"{BASE}/discovery.xml").content)
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == ["text/xml", "application/json"]


def test_a_partner_request_goes_through_the_public_intake_and_reads_back(school, partner):
    key, raw = partner
    response = post(form(api_key=raw, jurisdiction_id="THPTNK"))
    assert response.status_code == 201, response.content
    [created] = response.json()
    petition = Petition.objects.get(pk=created["service_request_id"])
    assert created["token"] and created["account_id"] is None
    assert petition.tracking_code in created["service_notice"] and "Hạn" in created["service_notice"]
    # The same service as the form: encrypted identity in Vietnamese order, a deadline, the notice shown.
    assert petition.identity.full_name == "Nguyễn Thị Hoa" and petition.identity.phone == "0912345678"
    assert petition.due_on is not None and petition.channel == "web"
    assert NoticeRecord.objects.filter(petition=petition).exists()
    assert AuditEvent.objects.filter(code="open311.request.created", object_id=str(petition.pk)).exists()
    registered = AuditEvent.objects.get(code="petitions.petition.registered", object_id=str(petition.pk))
    assert key.prefix in registered.actor_repr and registered.ip_address is None
    # Read back by id and by token, in both formats.
    [one] = Client().get(f"{BASE}/requests/{petition.pk}.json", {"jurisdiction_id": "THPTNK"}).json()
    assert one["service_request_id"] == petition.pk and one["status"] == "open"
    assert one["service_code"] == "kien-nghi" and one["agency_responsible"] == school.name
    assert one["expected_datetime"].startswith(petition.due_on.isoformat()) and one["expected_datetime"].endswith(
        "+07:00"
    )
    root = ET.fromstring(Client().get(f"{BASE}/tokens/{created['token']}.xml", {"jurisdiction_id": "THPTNK"}).content)
    assert root.tag == "service_requests" and root.findtext("request/service_request_id") == str(petition.pk)


def test_no_answer_carries_identity_or_content(school, partner, clerk):
    _key, raw = partner
    denunciation = form(
        api_key=raw,
        service_code="to-cao",
        description="Tôi tố cáo thầy Phạm Văn Bình thu tiền học thêm trái phép của lớp 11A2.",
        email="hoa.nguyen@example.invalid",
        **{"attribute[dia_chi]": "12 Lê Lợi, Ngô Quyền"},
    )
    created = post(denunciation).json()[0]
    complaint = petitions.register_petition(
        school,
        actor=clerk,
        subject="Phúc khảo điểm",
        channel="letter",
        kind=Kind.KHIEU_NAI,
        content="Khiếu nại điểm thi của em Lê Văn Nam lớp 10A3.",
        identity={"full_name": "Trần Văn Tú"},
    ).petition
    bodies = [
        Client().get(f"{BASE}/requests.{fmt}", {"jurisdiction_id": "THPTNK"}).content.decode()
        for fmt in ("json", "xml")
    ]
    bodies.append(
        Client()
        .get(f"{BASE}/requests/{created['service_request_id']}.json", {"jurisdiction_id": "THPTNK"})
        .content.decode()
    )
    listed = json.loads(bodies[0])
    assert {r["service_request_id"] for r in listed} == {created["service_request_id"], complaint.pk}
    for body in bodies:
        for secret in (
            "Nguyễn Thị Hoa",
            "Hoa",
            "0912",
            "hoa.nguyen",
            "Lê Lợi",
            "Phạm Văn Bình",
            "học thêm",
            "Trần Văn Tú",
            "Lê Văn Nam",
            "Phúc khảo",
            "điểm thi",
        ):
            assert secret not in body
    assert all("description" not in r for r in listed)
    assert listed[0]["status_notes"].startswith("Đơn đã được tiếp nhận")
    for code in Petition.objects.values_list("tracking_code", flat=True):
        assert all(code not in body for body in bodies)  # half of the key to the citizen's tracking page


def test_a_denunciation_of_the_head_belongs_to_the_department_jurisdiction(school, department, partner):
    _key, raw = partner
    created = post(
        form(
            api_key=raw,
            service_code="to-cao",
            **{"attribute[doi_tuong]": "hieu-truong"},
            description="Tố cáo hiệu trưởng nhận tiền của phụ huynh khi xếp lớp năm học này.",
        )
    ).json()[0]
    pk = created["service_request_id"]
    assert "jurisdiction_id SGDĐT" in created["service_notice"]
    school_side = Client().get(f"{BASE}/requests/{pk}.json", {"jurisdiction_id": "THPTNK"})
    assert school_side.status_code == 404 and school_side.json()[0]["code"] == 404
    assert Client().get(f"{BASE}/tokens/{created['token']}.json", {"jurisdiction_id": "THPTNK"}).status_code == 404
    assert Client().get(f"{BASE}/requests.json", {"jurisdiction_id": "THPTNK"}).json() == []
    [shown] = Client().get(f"{BASE}/requests/{pk}.json", {"jurisdiction_id": "SGDĐT"}).json()
    assert shown["agency_responsible"] == department.name


def test_a_request_is_read_only_in_its_own_jurisdiction(school, other_school, partner):
    _key, raw = partner
    created = post(form(api_key=raw)).json()[0]
    for path in (f"requests/{created['service_request_id']}", f"tokens/{created['token']}"):
        assert Client().get(f"{BASE}/{path}.json", {"jurisdiction_id": "THPTTP"}).status_code == 404
    assert Client().get(f"{BASE}/requests.json", {"jurisdiction_id": "THPTTP"}).json() == []


def test_filters_by_id_list_code_status_and_dates(school, partner):
    _key, raw = partner
    a = post(form(api_key=raw)).json()[0]["service_request_id"]
    b = post(form(api_key=raw, service_code="phan-anh")).json()[0]["service_request_id"]

    def get(**q):
        return [
            r["service_request_id"]
            for r in Client().get(f"{BASE}/requests.json", {"jurisdiction_id": "THPTNK", **q}).json()
        ]

    assert set(get(service_request_id=f"{a},{b}")) == {a, b}
    assert get(service_code="phan-anh") == [b]
    assert set(get(status="open")) == {a, b} and get(status="closed") == []
    assert get(start_date="2000-01-01T00:00:00Z", end_date="2000-02-01T00:00:00+07:00") == []


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({}, 400),
        ({"jurisdiction_id": "KHONGCO"}, 404),
        ({"jurisdiction_id": "THPTNK", "status": "pending"}, 400),
        ({"jurisdiction_id": "THPTNK", "start_date": "2026-01-01T00:00:00Z", "end_date": "2026-12-01T00:00:00Z"}, 400),
        ({"jurisdiction_id": "THPTNK", "start_date": "hôm qua"}, 400),
        ({"jurisdiction_id": "THPTNK", "end_date": "99999-01-01"}, 400),
        ({"jurisdiction_id": "THPTNK", "start_date": "0001-01-01T00:00:00+14:00"}, 400),
        ({"jurisdiction_id": "THPTNK", "service_request_id": "1,x"}, 400),
        ({"jurisdiction_id": "THPTNK", "service_request_id": str(2**64)}, 400),
        ({"jurisdiction_id": "THPTNK", "service_code": "a;b"}, 400),
        ({"jurisdiction_id": "x" * 5000}, 404),
    ],
)
def test_bad_queries_get_the_error_document_never_a_5xx(school, query, status):
    for fmt in ("json", "xml"):
        response = Client().get(f"{BASE}/requests.{fmt}", query)
        assert response.status_code == status
        if fmt == "json":
            [error] = response.json()
            assert error["code"] == status and error["description"]
        else:
            root = ET.fromstring(response.content)
            assert root.tag == "errors" and root.findtext("error/code") == str(status)


def test_nul_characters_in_a_query_are_refused_before_any_lookup(school):
    # The site-wide guard (core.middleware) answers 400 for a NUL anywhere in the query string.
    for query in ({"jurisdiction_id": "TH\x00PT"}, {"jurisdiction_id": "THPTNK", "service_code": "a\x00b"}):
        assert Client().get(f"{BASE}/requests.json", query).status_code == 400


def test_posting_needs_a_valid_key_and_names_each_bad_field(school, other_school, partner):
    key, raw = partner
    assert post(form()).status_code == 403
    assert post(form(api_key="o311_" + "x" * 43)).status_code == 403
    assert post(form(api_key=raw, jurisdiction_id="THPTTP")).status_code == 403
    refused = post(form(api_key=raw, description="ngắn", phone="12345", service_code="kien-nghi"))
    assert refused.status_code == 400
    described = " ".join(e["description"] for e in refused.json())
    assert "description:" in described and "phone:" in described
    assert post(form(api_key=raw, service_code="khong-co")).status_code == 400
    assert post(form(api_key=raw, lat="91")).status_code == 400
    assert post(form(api_key=raw, description="Nội dung\x00có ký tự lạ ở giữa câu")).status_code == 400
    xml = post(form(api_key=raw, **{"attribute[danh_tinh]": "public"}), fmt="xml")
    assert xml.status_code == 400 and ET.fromstring(xml.content).findtext("error/description").startswith("attribute[")
    assert not Petition.objects.exists()
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_a_revoked_key_stops_at_once_and_its_requests_stay(school, partner):
    key, raw = partner
    created = post(form(api_key=raw)).json()[0]
    services.revoke_key(key, actor=None)
    assert post(form(api_key=raw)).status_code == 403
    assert PartnerRequest.objects.filter(token=created["token"]).exists()


def test_the_keys_limit_answers_429_and_gives_back_refused_sends(school, partner, settings):
    settings.DANVAN_OPEN311_SUBMIT_LIMITS = ((3600, 2),)
    _key, raw = partner
    assert post(form(api_key=raw, description="x")).status_code == 400  # refused before counting
    assert [post(form(api_key=raw)).status_code for _ in range(3)] == [201, 201, 429]
    assert Petition.objects.count() == 2


def test_reads_are_limited_per_address(school, settings):
    settings.DANVAN_OPEN311_READ_LIMITS = ((60, 2),)
    codes = [Client().get(f"{BASE}/services.json").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_wrong_methods_and_unknown_addresses_answer_in_the_spec_format(school):
    response = Client().delete(f"{BASE}/requests.json")
    assert response.status_code == 405 and response["Allow"] == "GET, POST" and response.json()[0]["code"] == 405
    assert Client().post(f"{BASE}/services.json").status_code == 405
    missing = Client().get(f"{BASE}/services.csv")
    assert missing.status_code == 404 and missing.json()[0]["code"] == 404
    assert Client().get(f"{BASE}/services/khong-co.xml").status_code == 404
    assert Client().get(f"{BASE}/requests/abc.json", {"jurisdiction_id": "THPTNK"}).status_code == 404
    assert Client().get(f"{BASE}/tokens/a%2Cb.json", {"jurisdiction_id": "THPTNK"}).status_code == 404


def test_posting_is_csrf_exempt_but_the_rest_of_the_site_is_not(school, partner):
    _key, raw = partner
    client = Client(enforce_csrf_checks=True)
    assert client.post(f"{BASE}/requests.json", form(api_key=raw)).status_code == 201
    assert client.post("/don-thu/cong-khai/theo-doi/", {"code": "x", "phone_last4": "1234"}).status_code == 403
