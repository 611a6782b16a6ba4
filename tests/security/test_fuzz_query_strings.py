"""Query-string fuzzer: every GET page without an id, with hostile values in every parameter a page reads.

The pages come from the resolver (tests/security/routes.py); the parameter names are those every list page
and filter reads (grep for `request.GET` finds them) plus the names of the page's own GET forms. Each value
goes into all names at once, so one request per page and value covers them; a page must answer below 500.
The values are the ones that gave 500s in issue #11 (23+ digit integers → OverflowError, "²" which
`str.isdigit()` accepts and `int()` refuses, impossible dates), plus hypothesis-generated text.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danvan.core.testing import client_for
from tests.plans.fixtures_plans import simple_plan
from tests.security.routes import all_routes

pytestmark = pytest.mark.django_db

KNOWN_NAMES = [
    "nam",
    "year",
    "campaign",
    "offset",
    "limit",
    "organisation",
    "org",
    "plan",
    "task",
    "parent",
    "page",
    "unit",
    "document",
    "model",
    "status",
    "from",
    "to",
    "tu",
    "den",
    "start",
    "end",
    "q",
    "handler",
    "kind",
    "state",
    "format",
    "chi_tiet",
    "open",
    "code",
    "next",
]
HOSTILE = ["9" * 25, "-" + "9" * 25, "-1", "abc", "²", "2026-13-45", "\x1b[31m\x00", "1e309", "ü" * 300]
SKIP = ("tai-khoan/dang-xuat/", "i18n/setlang/")
GET_FORM_FIELD = re.compile(r'<form[^>]*method="get"[^>]*>(.*?)</form>', re.S | re.I)
NAME = re.compile(r'name="([^"]+)"')


def _pages() -> list[str]:
    return [r.fill() for r in all_routes() if not r.has_kwargs and not r.is_api and r.pattern not in SKIP]


def _names(client, pages) -> dict[str, list[str]]:
    names = {}
    for page in pages:
        response = client.get(page)
        own = []
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            for form in GET_FORM_FIELD.findall(response.content.decode()):
                own += NAME.findall(form)
        names[page] = sorted(set(KNOWN_NAMES + own))
    return names


def _check(client, pages, names, value, who, problems):
    for page in pages:
        response = client.get(page, {name: value for name in names[page]})
        if response.status_code >= 500:
            problems.append(f"{who} GET {page} with {value!r} in {names[page]} gave {response.status_code}")


def test_no_query_string_makes_a_list_page_answer_a_server_error(personas):
    simple_plan(personas.school)
    pages = _pages()
    problems: list[str] = []
    for who in ("principal", "department_officer"):
        client = client_for(getattr(personas, who))
        client.raise_request_exception = False
        names = _names(client, pages)
        for value in HOSTILE:
            _check(client, pages, names, value, who, problems)
    assert not problems, "\n".join(problems)


@given(value=st.one_of(st.integers(min_value=-(10**30), max_value=10**30).map(str), st.text(max_size=40)))
@settings(
    max_examples=3,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_generated_query_values_never_give_a_server_error(personas, value):
    client = client_for(personas.principal)
    client.raise_request_exception = False
    pages = _pages()
    problems: list[str] = []
    _check(client, pages, {page: KNOWN_NAMES for page in pages}, value.replace("\x00", ""), "principal", problems)
    assert not problems, "\n".join(problems)
