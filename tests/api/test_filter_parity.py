"""Each list's page and its API endpoint filter with one definition: the same parameters give the same rows.

A value that is not valid is left out by the page, which says so above the list, and refused by the API with a
422 in Vietnamese; neither answers a 5xx. Every table below is run against both doors.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from danvan.api.routers import board as board_api
from danvan.api.routers import campaigns as campaigns_api
from danvan.api.routers import petitions as petitions_api
from danvan.api.routers import plans as plans_api
from danvan.api.routers import reports as reports_api
from danvan.board.filters import RecommendationFilter
from danvan.core.testing import client_for
from danvan.dissemination import services as dissemination_services
from danvan.dissemination.filters import DocumentFilter
from danvan.org.models import Organisation, Person
from danvan.petitions.choices import Channel, Kind
from danvan.petitions.filters import QueueFilterForm
from danvan.plans.choices import PlanStatus
from danvan.plans.filters import PlanFilter, TaskFilter
from danvan.reports.filters import ObligationFilter
from tests.api.conftest import API, bearer

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _page(user, url: str, params: dict) -> tuple[int, list[int], list[str]]:
    response = client_for(user).get(url, params)
    warnings = [str(m) for m in response.context["messages"]] if response.context else []
    return response.status_code, [row.pk for row in response.context["page"].object_list], warnings


def _api(user, url: str, params: dict) -> tuple[int, list[int] | str]:
    response = bearer(user).get(f"{API}{url}", {**params, "limit": 100})
    body = response.json()
    return response.status_code, [row["id"] for row in body["items"]] if response.status_code == 200 else body["detail"]


def _same_rows(user, page_url: str, api_url: str, params: dict, api_extra: dict | None = None) -> list[int]:
    status, page_rows, warnings = _page(user, page_url, params)
    assert (status, warnings) == (200, []), params
    assert _api(user, api_url, {**params, **(api_extra or {})}) == (200, page_rows), params
    return page_rows


def _refused_by_both(user, page_url: str, api_url: str, params: dict, valid: dict, api_extra: dict | None = None):
    """The page lists what the valid parameters give and warns; the API refuses with a Vietnamese 422."""
    status, page_rows, warnings = _page(user, page_url, {**valid, **params})
    assert status == 200 and page_rows == _page(user, page_url, valid)[1], params
    assert warnings and all("không hợp lệ" in w for w in warnings), params
    api_status, detail = _api(user, api_url, {**valid, **params, **(api_extra or {})})
    assert api_status == 422 and "không hợp lệ" in detail and any(name in detail for name in params), (params, detail)


# ---------------------------------------------------------------- plans


@pytest.fixture
def more_plans(plans, school):
    last_year = type(plans["ours"]).objects.create(
        organisation=school, year=TODAY.year - 1, title="Kế hoạch năm trước", status=PlanStatus.PUBLISHED
    )
    return {**plans, "last_year": last_year}


PLAN_PARAMS = [
    {},
    {"q": "dan van"},
    {"q": "KẾ HOẠCH"},
    {"status": "draft"},
    {"status": "published"},
    {"year": str(TODAY.year - 1)},
    {"q": "ke hoach", "status": "draft", "year": str(TODAY.year)},
]


@pytest.mark.parametrize("params", PLAN_PARAMS)
def test_the_plan_list_page_and_api_give_the_same_plans(params, more_plans, principal, department_officer):
    for user in (principal, department_officer):
        _same_rows(user, reverse("plans:plan_list"), "/plans", params)


def test_the_plan_filters_find_what_they_say(more_plans, principal, school, other_school):
    url = reverse("plans:plan_list")
    assert _same_rows(principal, url, "/plans", {"status": "published"}) == [more_plans["last_year"].pk]
    assert _same_rows(principal, url, "/plans", {"organisation": str(school.pk), "year": str(TODAY.year)}) == [
        more_plans["ours"].pk
    ]
    assert _same_rows(principal, url, "/plans", {"organisation": str(other_school.pk)}) == []


@pytest.mark.parametrize("params", [{"status": "xoa"}, {"year": "1999"}, {"year": "hai nghìn"}, {"organisation": "-3"}])
def test_an_invalid_plan_filter_is_left_out_by_the_page_and_refused_by_the_api(params, more_plans, principal):
    _refused_by_both(principal, reverse("plans:plan_list"), "/plans", params, valid={"q": "ke hoach"})


# ---------------------------------------------------------------- my tasks (GET /tasks?mine=1)


@pytest.fixture
def tasks_in_force(plans):
    type(plans["ours"]).objects.filter(pk=plans["ours"].pk).update(status=PlanStatus.APPROVED)
    return plans


def _bgh(school):
    return Organisation.objects.get(parent=school, code="BGH")


def _task_params(school):
    return [
        {"open": "1"},
        {"open": "0"},
        {"open": "0", "q": "hoi nghi"},
        {"open": "0", "late": "1"},
        {"open": "0", "status": "not_started"},
        {"open": "0", "status": "done"},
        {"open": "true", "unit": str(_bgh(school).pk)},
        {"open": "0", "due_from": TODAY.isoformat()},
        {"open": "0", "due_to": TODAY.isoformat()},
    ]


def test_the_my_tasks_page_and_api_give_the_same_tasks(tasks_in_force, principal, school):
    url = reverse("plans:my_tasks")
    seen = [_same_rows(principal, url, "/tasks", params, {"mine": "1"}) for params in _task_params(school)]
    assert seen[0] == [tasks_in_force["late"].pk]  # the principal sits in BGH, the late task's unit
    assert seen[2] == [tasks_in_force["late"].pk] and seen[8] == [tasks_in_force["late"].pk]


def test_my_tasks_open_by_default_on_the_page(tasks_in_force, principal):
    assert _page(principal, reverse("plans:my_tasks"), {})[1] == _api(principal, "/tasks", {"mine": 1, "open": 1})[1]


def test_an_invalid_task_filter_is_left_out_by_the_page_and_refused_by_the_api(tasks_in_force, principal, school):
    url = reverse("plans:my_tasks")
    not_mine = Organisation.objects.get(parent=school, code="TOCM").pk  # a unit of the school, not the principal's
    for params in [
        {"status": "xong"},
        {"due_from": "31/02/2026"},
        {"unit": str(not_mine)},
        {"plan": "0"},
    ]:
        _refused_by_both(principal, url, "/tasks", params, valid={"open": "0"}, api_extra={"mine": "1"})


# ---------------------------------------------------------------- reporting obligations


OBLIGATION_PARAMS = [{}, {"year": "2023"}, {"nam": "2023"}, {"year": "2022"}, {"status": "late"}, {"status": "draft"}]


@pytest.mark.parametrize("params", OBLIGATION_PARAMS)
def test_the_obligation_page_and_api_give_the_same_obligations(params, reports, principal, department_officer):
    for user in (principal, department_officer):
        _same_rows(user, reverse("reports:obligation_list"), "/reports/obligations", params)


def test_the_department_filters_obligations_by_school(reports, department_officer, other_school):
    url = reverse("reports:obligation_list")
    rows = _same_rows(department_officer, url, "/reports/obligations", {"organisation": str(other_school.pk)})
    assert rows == [reports["theirs"].pk]


@pytest.mark.parametrize("params", [{"status": "qua-han"}, {"nam": "20x3"}, {"year": "2101"}])
def test_an_invalid_obligation_filter_is_left_out_by_the_page_and_refused_by_the_api(params, reports, principal):
    _refused_by_both(principal, reverse("reports:obligation_list"), "/reports/obligations", params, valid={})


# ---------------------------------------------------------------- the petition queue


def _queue_params(school, clerk_person):
    return [
        {},
        {"stage": "all"},
        {"stage": ""},
        {"kind": Kind.TO_CAO.value},
        {"kind": Kind.KIEN_NGHI.value, "stage": "all"},
        {"channel": Channel.LETTER.value},
        {"q": "thu tien"},
        {"handler": "none"},
        {"handler": str(clerk_person.pk)},
        {"unit": str(school.pk)},
        {"window": "late"},
        {"window": "30"},
    ]


def test_the_queue_page_and_api_give_the_same_petitions(petitions, clerk, principal, department_officer, school):
    url = reverse("petitions:queue")
    clerk_person = Person.objects.get(user=clerk)
    for user in (clerk, principal, department_officer):
        # The clerk is a handler in the school's queue, not in the Department's: there the id is refused (below).
        table = [p for p in _queue_params(school, clerk_person) if user != department_officer or "handler" not in p]
        seen = [_same_rows(user, url, "/petitions", params) for params in table]
        if user != department_officer:
            assert set(seen[0]) == {petitions["ours"].pk, petitions["denunciation"].pk}
            assert seen[3] == [petitions["denunciation"].pk]


@pytest.mark.parametrize(
    "params", [{"kind": "don-bay"}, {"stage": "xoa"}, {"window": "99"}, {"channel": "fax"}, {"handler": "abc"}]
)
def test_an_invalid_queue_filter_is_left_out_by_the_page_and_refused_by_the_api(params, petitions, clerk):
    _refused_by_both(clerk, reverse("petitions:queue"), "/petitions", params, valid={"stage": "all"})


def test_another_schools_handler_or_unit_is_not_a_valid_queue_filter(petitions, clerk, other_school):
    stranger = Person.objects.filter(organisation=other_school, user__isnull=False).first()
    url = reverse("petitions:queue")
    _refused_by_both(clerk, url, "/petitions", {"handler": str(stranger.pk)}, valid={})
    _refused_by_both(clerk, url, "/petitions", {"unit": str(other_school.pk)}, valid={})


def test_huge_numbers_in_any_list_filter_are_a_4xx_never_a_5xx(petitions, reports, plans, principal):
    huge = "9" * 30
    for page, api, name in [
        ("petitions:queue", "/petitions", "unit"),
        ("plans:plan_list", "/plans", "year"),
        ("plans:my_tasks", "/tasks", "plan"),
        ("reports:obligation_list", "/reports/obligations", "organisation"),
    ]:
        assert client_for(principal).get(reverse(page), {name: huge}).status_code == 200
        assert bearer(principal).get(f"{API}{api}", {name: huge}).status_code == 422


# ---------------------------------------------------------------- the board's recommendations, documents to study


@pytest.mark.parametrize("params", [{}, {"status": "da-gui"}, {"status": "da-tra-loi"}])
def test_the_recommendation_page_and_api_give_the_same_rows(params, recommendations, principal, school):
    url = reverse("board:recommendation_list")
    for org in ({"org": str(school.pk)}, {"organisation": str(school.pk)}):
        rows = _same_rows(principal, url, "/board/recommendations", {**params, **org})
        assert rows == ([] if params.get("status") == "da-tra-loi" else [recommendations["ours"].pk])


def test_an_invalid_recommendation_status_is_left_out_by_the_page_and_refused_by_the_api(recommendations, principal):
    valid = {"org": str(recommendations["ours"].organisation_id)}
    _refused_by_both(principal, reverse("board:recommendation_list"), "/board/recommendations", {"status": "x"}, valid)


@pytest.fixture
def documents(db):
    return dissemination_services.ensure_legal_documents(
        [
            {"number": "23-QĐ/TW", "date": "2021-07-30", "issuer": "Bộ Chính trị", "title": "Quy chế công tác dân vận"},
            {"number": "446-QĐ/TU", "date": "2021-11-26", "issuer": "Thành ủy", "title": "Quy chế tại Hải Phòng"},
        ]
    )


@pytest.mark.parametrize("q", ["", "23-qđ/tw", "dan van", "HẢI PHÒNG", "QĐ", "Số", "không có"])
def test_the_document_page_and_api_find_the_same_documents(q, documents, teacher):
    rows = _same_rows(teacher, reverse("dissemination:document_list"), "/dissemination/documents", {"q": q})
    if q == "Số":  # keys to no number at all: it matches words only, not every number-symbol
        assert rows == []


def test_the_api_documents_exactly_the_parameters_the_shared_filters_read():
    for schema, definition, api_only in [
        (petitions_api.QueueQuery, QueueFilterForm, set()),
        (plans_api.PlanQuery, PlanFilter, set()),
        (plans_api.TaskQuery, TaskFilter, {"mine"}),  # mine picks the rows the list starts from, not a filter
        (reports_api.ObligationQuery, ObligationFilter, set()),
        (board_api.RecommendationQuery, RecommendationFilter, set()),
        (campaigns_api.DocumentQuery, DocumentFilter, set()),
    ]:
        assert set(schema.model_fields) - api_only == set(definition.base_fields), schema
