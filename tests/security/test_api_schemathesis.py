"""Property-based test of the JSON API from its own OpenAPI schema (schemathesis 4, in-process WSGI).

Every operation gets generated input — huge integers, negative numbers, odd strings, missing fields — sent with
a staff member's personal token; the API must never answer 5xx. Conformance checks that are cheap (status code
documented, content type) run too. The example count is small and the seed fixed, so a run is repeatable and
quick; raise `max_examples` locally to dig deeper.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from danvan.api.api import api
from danvan.api.services import create_token

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Keep the test's database connection open across the WSGI calls, as Django's test client does: the handler
    closes "old" connections at the end of each request, which on PostgreSQL ends the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(personas):
    return create_token(personas.principal, name="schemathesis", days=30).key


@schema.parametrize()
@settings(
    max_examples=5,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@pytest.mark.django_db
def test_no_input_makes_the_api_answer_a_server_error(case, token):
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    case.validate_response(response, checks=[not_a_server_error])
