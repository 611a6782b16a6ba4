"""The narrative editor names every figure code and previews the text with the values in place."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.reports import services
from danvan.reports.models import ReportVersion
from danvan.reports.placeholders import available, label

pytestmark = pytest.mark.django_db

CODE = "{petitions.by_month.2026-09.khieu-nai}"


@pytest.fixture
def version(obligation, clerk) -> ReportVersion:
    version = services.compile_report(obligation, actor=clerk)
    version.figures["petitions"]["by_month"] = {"2026-09": {"khieu-nai": 3}}
    version.figures["petitions"]["received"] = 7
    version.save(update_fields=["figures"])
    return version


def test_the_editor_lists_each_code_with_what_it_counts_and_its_value(clerk_client, obligation, version):
    page = clerk_client.get(reverse("reports:narrative_edit", args=[obligation.pk])).text
    assert "Số đơn tiếp nhận</td><td>7</td><td><code>{petitions.received}</code>" in page
    assert "Số đơn khiếu nại lần đầu tháng 09/2026</td><td>3</td>" in page


def test_the_preview_shows_the_values_with_their_names_and_saves_nothing(clerk_client, obligation, version):
    data = {**version.sections, "proposals": f"Tháng 9 nhận {CODE} đơn khiếu nại; tổng {{petitions.recieved}} đơn."}
    response = clerk_client.post(reverse("reports:narrative_edit", args=[obligation.pk]), {**data, "preview": "1"})
    assert response.status_code == 200
    page = response.text
    assert 'Tháng 9 nhận <mark class="figure" title="Số đơn khiếu nại lần đầu tháng 09/2026">3</mark> đơn' in page
    assert "Mã không có trong số liệu, sẽ in nguyên như đã gõ: {petitions.recieved}" in page  # the typo stands out
    assert obligation.report.versions.count() == 1  # a preview is not a new version


def test_every_code_of_a_compiled_report_has_a_name(obligation, clerk):
    version = services.compile_report(obligation, actor=clerk)
    assert [p.code for p in available(version.figures) if not label(p.code)] == []
