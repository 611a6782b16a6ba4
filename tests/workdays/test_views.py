from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from danvan.core.testing import client_for
from danvan.workdays import services
from danvan.workdays.choices import Kind, Unit
from danvan.workdays.models import CalendarChange, WorkWeek

pytestmark = pytest.mark.django_db

URLS = [
    ("workdays:calendar", {}),
    ("workdays:calendar_year", {"year": 2024}),
    ("workdays:rules", {}),
    ("workdays:deadline", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), URLS)
def test_anonymous_visitors_are_sent_to_the_login_page(client, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize(("name", "kwargs"), URLS)
def test_staff_see_the_pages(teacher, name, kwargs):
    assert client_for(teacher).get(reverse(name, kwargs=kwargs)).status_code == 200


def test_the_year_page_shows_the_days_off_with_reasons(principal):
    html = client_for(principal).get(reverse("workdays:calendar_year", kwargs={"year": 2024})).content.decode()
    assert "29/04/2024" in html and "Nghỉ hoán đổi" in html
    assert "Tết Dương lịch" in html
    assert reverse("workdays:calendar_year", kwargs={"year": 2023}) in html
    assert reverse("workdays:calendar_year", kwargs={"year": 2025}) in html


def test_a_year_outside_the_calendar_shows_a_message(principal):
    response = client_for(principal).get(reverse("workdays:calendar_year", kwargs={"year": 1900}))
    assert response.status_code == 200
    assert "ngoài lịch" in response.content.decode()


def test_the_rule_table_shows_citations_and_flags_unconfirmed_versions(principal):
    html = client_for(principal).get(reverse("workdays:rules")).content.decode()
    assert "Luật Tố cáo 2018, Điều 30" in html
    assert "chưa xác nhận" in html
    assert "01/07/2026" in html
    assert "NĐ 155/2026/NĐ-CP, Điều 10" in html


def test_the_calculator_gives_the_due_date_rule_citation_and_days_left(principal, time_machine):
    time_machine.move_to("2024-02-01 09:00 +07:00")
    url = reverse("workdays:deadline")
    response = client_for(principal).get(url, {"kind": "khieu-nai", "step": "thu-ly", "start": "25/01/2024"})
    html = response.content.decode()
    assert "15/02/2024" in html
    assert "10 ngày làm việc" in html
    assert "Luật Khiếu nại 2011, Điều 27" in html
    assert "<dd>5</dd>" in html  # 02, 05, 06, 07 and 15/02


def test_the_calculator_reports_a_bad_date_on_the_field(principal):
    response = client_for(principal).get(
        reverse("workdays:deadline"), {"kind": "to-cao", "step": "xu-ly", "start": "31/02/2024"}
    )
    assert "Ngày không hợp lệ" in response.content.decode()


def test_the_calculator_explains_a_step_without_a_deadline(principal):
    response = client_for(principal).get(
        reverse("workdays:deadline"), {"kind": "tiep-cong-dan", "step": "giai-quyet", "start": "2024-01-25"}
    )
    assert "Không có thời hạn" in response.content.decode()


@pytest.mark.parametrize("model", ["calendarchange", "workweek", "deadlinerule"])
def test_administrators_edit_the_calendar_and_rules_in_the_admin(admin_client, model):
    assert admin_client.get(reverse(f"admin:workdays_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:workdays_{model}_add")).status_code == 200


def test_the_admin_saves_weekly_rest_days_from_checkboxes(admin_client, school):
    response = admin_client.post(
        reverse("admin:workdays_workweek_add"), {"organisation": school.pk, "rest_days": ["6"]}
    )
    assert response.status_code == 302
    assert WorkWeek.objects.get(organisation=school).rest_weekdays == frozenset({6})


def test_the_service_batch_helper_matches_the_engine():
    out = services.due_dates_batch(np.array(["2024-01-25"], dtype="datetime64[D]"), 10, "working")
    assert str(out[0]) == "2024-02-15"


def test_the_english_catalog_translates_the_workdays_texts():
    with translation.override("en"):
        assert str(Kind.TO_CAO.label) == "Denunciation"
        assert str(Unit.WORKING.label) == "working days"


def test_the_calendar_names_rest_days_in_the_readers_language(principal):
    client = client_for(principal)
    url = reverse("workdays:calendar_year", kwargs={"year": 2024})
    assert ": Thứ Bảy" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override(settings.LANGUAGE_CODE):
        html = client.get(url).content.decode()
    assert ": Saturday" in html and "Thứ Bảy" not in html


def test_the_2026_page_lists_every_change_with_its_document(principal):
    html = client_for(principal).get(reverse("workdays:calendar_year", kwargs={"year": 2026})).content.decode()
    assert "02/01/2026" in html and "10/01/2026" in html and "CV 12729/VPCP-KGVX" in html
    assert "TB 9441/TB-BNV" in html and "NQ 28/2026/QH16" in html and "CV 3383/BNV-CVL" in html
    assert "Ngày Văn hóa Việt Nam" in html
    assert reverse("admin:workdays_calendarchange_add") not in html  # a principal does not edit the national calendar


def test_an_administrator_overrides_a_day_from_the_calendar_page(principal):
    principal.is_superuser = True  # a platform administrator who also holds a school position
    principal.save(update_fields=["is_superuser"])
    admin_client = client_for(principal)
    page = admin_client.get(reverse("workdays:calendar_year", kwargs={"year": 2026}))
    add = reverse("admin:workdays_calendarchange_add")
    assert add in page.content.decode()
    response = admin_client.post(
        add,
        {
            "date": "23/11/2026",
            "kind": "nghi",
            "name": "Nghỉ hoán đổi (thử)",
            "document": "Văn bản thử",
            "is_swap": "on",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert CalendarChange.objects.filter(date=dt.date(2026, 11, 23), organisation=None).exists()
    html = admin_client.get(reverse("workdays:calendar_year", kwargs={"year": 2026})).content.decode()
    assert "23/11/2026" in html and "Nghỉ hoán đổi (thử)" in html and "Văn bản thử" in html
