"""The API for the accused principal: a denunciation routed to the Department is a 404 and absent from lists."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from danvan.org.choices import Position
from danvan.org.models import Membership, Person
from danvan.petitions import services
from danvan.petitions.choices import AccusedRole, Channel, Kind
from tests.api.conftest import API, bearer, post_json

pytestmark = pytest.mark.django_db

DENOUNCER = "Trần Thị Bích"


@pytest.fixture
def routed(school):
    return services.register_petition(
        school,
        actor=None,
        subject="Thu tiền học thêm",
        channel=Channel.WEB,
        kind=Kind.TO_CAO,
        content="Tố cáo việc ép học sinh học thêm, thu tiền không biên lai.",
        accused_role=AccusedRole.HEAD,
        identity={"full_name": DENOUNCER, "phone": "0912345678"},
    ).petition


@pytest.fixture
def api_director(department):
    user = get_user_model().objects.create_user("giamdoc", "gd@example.invalid", "pw")
    person = Person.objects.create(organisation=department, full_name="Nguyễn Văn Sở", user=user)
    Membership.objects.create(person=person, organisation=department, position=Position.LANH_DAO_SO)
    return bearer(user)


def test_the_principal_gets_404_and_an_empty_list(api_principal, api_clerk, routed):
    for client in (api_principal, api_clerk):
        assert client.get(f"{API}/petitions/{routed.pk}").status_code == 404
        assert client.get(f"{API}/petitions/{routed.pk}/identity").status_code == 404
        assert post_json(client, f"{API}/petitions/{routed.pk}/actions/classify", {"data": {}}).status_code == 404
        body = client.get(f"{API}/petitions", {"stage": "all"})
        assert body.status_code == 200 and routed.pk not in {p["id"] for p in body.json()["items"]}
        assert routed.tracking_code not in body.content.decode()


def test_the_department_head_gets_it_and_the_identity(api_director, routed):
    assert routed.pk in {p["id"] for p in api_director.get(f"{API}/petitions", {"stage": "all"}).json()["items"]}
    response = api_director.get(f"{API}/petitions/{routed.pk}/identity")
    assert response.status_code == 200 and response.json()["full_name"] == DENOUNCER


def test_a_clerk_registering_it_gets_202_with_where_it_went(api_clerk, department):
    response = post_json(
        api_clerk,
        f"{API}/petitions",
        {
            "kind": "to-cao",
            "content": "Tố cáo Hiệu trưởng Pham Huy Hung thu tiền trái phép.",
            "identity": {"full_name": DENOUNCER},
        },
    )
    assert response.status_code == 202
    assert response.json()["handling_body"] == department.name
    assert DENOUNCER not in response.content.decode()


def test_an_unknown_role_is_a_422(api_clerk):
    response = post_json(api_clerk, f"{API}/petitions", {"kind": "to-cao", "content": "x", "accused_role": "ong"})
    assert response.status_code == 422
