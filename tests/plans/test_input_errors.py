"""Out-of-range input on the plan pages gets a message on the form (issue #11/#12), never a 500."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.plans import services
from danvan.plans.models import Plan
from danvan.plans.parsing import blank_plan, blank_task
from tests.plans.fixtures_plans import simple_plan

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"plans:{name}", args=args)


@pytest.mark.parametrize("year", [0, 1999, 2101, 10000])
def test_a_plan_year_outside_2000_to_2100_is_refused_on_the_form(school, clerk_client, year):
    response = clerk_client.post(url("plan_create"), {"year": year, "title": "Kế hoạch", "issuer": school.name})
    assert response.status_code == 400  # a refused form answers 400 with the form and what was typed
    assert response.context["form"].errors["year"]
    assert "Kế hoạch" in response.content.decode()  # what was typed is still there
    assert not Plan.objects.exists()


@pytest.mark.parametrize("timing, shown", [("Quý 7", "quý 7"), ("quý 1, quý 5", "quý 5"), ("Tháng 13", "tháng 13")])
def test_a_task_timing_naming_a_quarter_or_month_that_does_not_exist_is_refused(school, clerk_client, timing, shown):
    plan = simple_plan(school)
    before = plan.tasks.count()
    response = clerk_client.post(url("task_create", plan.pk), {"content": "Việc mới", "timing": timing})
    assert response.status_code == 400
    assert shown in response.content.decode().lower()
    assert "Việc mới" in response.content.decode()
    assert plan.tasks.count() == before


def test_the_quarter_timeline_and_task_page_of_a_valid_plan_answer(school, clerk_client):
    plan = simple_plan(school)
    assert clerk_client.get(url("plan_timeline", plan.pk)).status_code == 200
    assert clerk_client.get(url("task_create", plan.pk)).status_code == 200


@pytest.mark.parametrize(
    "name, content",
    [
        ("ke-hoach.pdf", b"%PDF-1.4\n" + b"\x00garbage" * 50),
        ("ke-hoach.docx", b"PK\x03\x04" + b"\x00" * 60),
    ],
)
def test_an_unreadable_plan_file_gets_a_sentence_not_the_python_error(school, clerk_client, name, content):
    response = clerk_client.post(url("plan_import"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    page = response.content.decode()
    errors = " ".join(response.context["form"].errors.get("file", []))
    assert errors and name in errors
    for leak in ("Error", "Traceback", "PdfReadError", "BadZipFile", "KeyError", "struct"):
        assert leak not in page


@pytest.mark.parametrize("year", [1000, 9999, 10000])
def test_importing_a_document_whose_year_no_date_can_hold_is_refused_with_a_sentence(school, clerk, year):
    data = blank_plan(year=year, title="Kế hoạch", tasks=(blank_task("Việc", timing="Quý 1"),))
    with pytest.raises(services.PlanError) as error:
        services.import_plan(data, organisation=school, actor=clerk)
    assert "2000" in str(error.value) and "2100" in str(error.value)
    assert not Plan.objects.exists()


@pytest.mark.parametrize("value", ["9" * 25, "²", "abc", "0"])
def test_a_year_filter_no_year_can_be_is_ignored_and_the_page_says_so(school, clerk_client, value):
    simple_plan(school)
    response = clerk_client.get(url("plan_list"), {"year": value})
    assert response.status_code == 200
    assert "không hợp lệ" in response.content.decode()
    assert len(response.context["page"].object_list) == 1
