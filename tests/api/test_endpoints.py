"""Every endpoint, as a table: anonymous 401, revoked or expired token 401, wrong method 405; the OpenAPI schema."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from danvan.api.api import api
from danvan.api.services import create_token, revoke_token
from danvan.core.testing import client_for
from danvan.plans import services
from danvan.reports.models import CompileJob
from tests.api.conftest import API, BearerClient

pytestmark = pytest.mark.django_db

# (method, path template, wrong method) — the OpenAPI test below checks this table lists every path.
ENDPOINTS = [
    ("get", "/me", "post"),
    ("get", "/organisations", "post"),
    ("get", "/organisations/{org_id}", "delete"),
    ("get", "/workdays/deadline", "post"),
    ("get", "/plans", "post"),
    ("get", "/plans/{plan_id}", "put"),
    ("post", "/plans/{plan_id}/transitions", "get"),
    ("get", "/tasks", "post"),
    ("get", "/tasks/{task_id}", "delete"),
    ("post", "/tasks/{task_id}/updates", "get"),
    ("get", "/petitions", "delete"),
    ("post", "/petitions", "put"),
    ("get", "/petitions/{petition_id}", "delete"),
    ("get", "/petitions/{petition_id}/identity", "post"),
    ("post", "/petitions/{petition_id}/actions/{action}", "get"),
    ("get", "/reports/obligations", "post"),
    ("get", "/reports/obligations/{obligation_id}", "delete"),
    ("get", "/reports/{report_id}", "patch"),
    ("post", "/reports/{report_id}/transitions", "get"),
    ("post", "/reports/obligations/{obligation_id}/compile", "get"),
    ("get", "/reports/jobs/{job_id}", "post"),
    ("get", "/board/recommendations", "post"),
    ("get", "/board/recommendations/{rec_id}", "delete"),
    ("post", "/board/recommendations/{rec_id}/answer", "get"),
    ("get", "/notifications", "post"),
    ("post", "/notifications/read", "get"),
    ("get", "/emulation/campaigns", "post"),
    ("get", "/emulation/models", "post"),
    ("get", "/dissemination/documents", "post"),
    ("get", "/dissemination/sessions", "post"),
    ("get", "/public/petitions/{code}", "delete"),
    ("post", "/public/petitions/{code}", "put"),
]
PUBLIC = {"/public/petitions/{code}"}


@pytest.fixture
def ids(school, plans, petitions, reports, recommendations):
    job = CompileJob.objects.create(organisation=school, obligation=reports["ours"])
    return {
        "job_id": job.pk,
        "org_id": school.pk,
        "plan_id": plans["ours"].pk,
        "task_id": plans["late"].pk,
        "petition_id": petitions["ours"].pk,
        "obligation_id": reports["ours"].pk,
        "report_id": reports["report"].pk,
        "code": petitions["ours"].tracking_code,
        "rec_id": recommendations["ours"].pk,
        "action": "classify",
    }


def _url(template: str, ids: dict) -> str:
    return API + template.format(**ids)


# Valid for every write, so body validation never hides the permission check.
BODY = '{"status": "done", "progress": 100, "action": "approve", "note": "", "answer": "Đồng ý", "content": "Đơn"}'


def _call(client, method: str, url: str):
    if method in ("post", "put", "patch"):
        return getattr(client, method)(url, BODY, content_type="application/json")
    return getattr(client, method)(url)


def test_the_openapi_schema_builds_and_lists_every_endpoint():
    schema = api.get_openapi_schema()
    paths = {p.removeprefix(API) for p in schema["paths"]}
    assert paths == {template for _m, template, _w in ENDPOINTS}
    methods = {(m, p.removeprefix(API)) for p, ops in schema["paths"].items() for m in ops}
    assert methods == {(m, template) for m, template, _w in ENDPOINTS}
    for template, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), f"{method} {template} has no summary"
            assert operation.get("description"), f"{method} {template} has no description"
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}


def test_the_docs_page_needs_a_signed_in_user(principal):
    assert Client().get(f"{API}/docs").status_code == 302
    docs = client_for(principal).get(f"{API}/docs")
    assert docs.status_code == 200
    body = docs.content.decode()
    assert 'data-api-csrf="true"' in body  # "Try it out" sends the session's CSRF token
    assert "/static/ninja/swagger-ui-bundle.js" in body  # served locally: schools may be offline
    assert client_for(principal).get(f"{API}/openapi.json").status_code == 200


def test_anonymous_callers_get_401_everywhere_but_the_public_endpoint(ids):
    for method, template, _wrong in ENDPOINTS:
        if template in PUBLIC:
            continue
        response = _call(Client(), method, _url(template, ids))
        assert response.status_code == 401, f"{method.upper()} {template}: {response.status_code}"
        assert response.json()["detail"]


def test_a_revoked_token_gets_401_everywhere(ids, principal):
    new = create_token(principal, name="x")
    revoke_token(new.token, actor=principal)
    client = BearerClient(new.key)
    for method, template, _wrong in ENDPOINTS:
        if template in PUBLIC:
            continue
        assert _call(client, method, _url(template, ids)).status_code == 401, template


def test_an_expired_token_gets_401_everywhere(ids, principal):
    client = BearerClient(create_token(principal, name="x", days=30).key)
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        for method, template, _wrong in ENDPOINTS:
            if template in PUBLIC:
                continue
            assert _call(client, method, _url(template, ids)).status_code == 401, template


def test_a_wrong_method_gets_405_everywhere(ids, api_principal):
    for _method, template, wrong in ENDPOINTS:
        response = _call(api_principal, wrong, _url(template, ids))
        assert response.status_code == 405, f"{wrong.upper()} {template}: {response.status_code}"
        assert wrong.upper() in response.json()["detail"] and response["Allow"]


def test_another_school_gets_404_on_every_object_endpoint(ids, api_other):
    for method, template, _wrong in ENDPOINTS:
        if "{" not in template or template in PUBLIC:
            continue
        response = _call(api_other, method, _url(template, ids))
        assert response.status_code == 404, f"{method.upper()} {template}: {response.status_code}"
        assert response.json() == {"detail": "Không tìm thấy."}


OWN_DATA_WRITES = {"/notifications/read"}  # acts only on the caller's own rows: allowed to everyone


def test_a_teacher_gets_403_on_every_write(ids, api_teacher):
    for method, template, _wrong in ENDPOINTS:
        if method == "get" or template in OWN_DATA_WRITES or template in PUBLIC:
            continue
        response = _call(api_teacher, method, _url(template, ids))
        assert response.status_code == 403, f"{method.upper()} {template}: {response.status_code}"


def test_pagination_caps_the_limit_and_reports_the_count(api_principal, plans, school):
    for i in range(120):
        services.save_task(plans["ours"], actor=None, content=f"Việc {i}")
    body = api_principal.get(f"{API}/tasks", {"limit": 500}).json()
    assert body["count"] == 122 and len(body["items"]) == 100
    page = api_principal.get(f"{API}/tasks", {"limit": 10, "offset": 115}).json()
    assert len(page["items"]) == 7
    assert api_principal.get(f"{API}/tasks", {"limit": 0}).status_code == 422
    assert api_principal.get(f"{API}/tasks", {"offset": -1}).status_code == 422


def test_every_list_stays_within_a_small_query_budget(ids, api_principal, django_assert_max_num_queries):
    # Lists whose size grows with the data are also tested with many rows in their own files.
    for method, template, _wrong in ENDPOINTS:
        if method != "get" or "{" in template or template in ("/me", "/workdays/deadline"):
            continue
        with django_assert_max_num_queries(12):
            response = api_principal.get(_url(template, ids))
        assert response.status_code == 200, template
        assert set(response.json()) == {"items", "count"}, template
