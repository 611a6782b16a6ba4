"""The Department's "Giao báo cáo cho các trường": prefill, confirmation, no duplicates, notifications."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from danvan.core.testing import client_for
from danvan.notify.models import Notification
from danvan.org.services import create_school
from danvan.reports import services
from danvan.reports.choices import ObligationKind
from danvan.reports.models import ObligationCampaign, ReportObligation

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
URL = "reports:campaign_create"
SIX_MONTH_2023 = {
    "kind": "6_thang",
    "title": "",
    "period_start": "15/12/2022",
    "period_end": "14/06/2023",
    "due": "15/06/2023",
    "template": "dan_van",
}


def _notified(user):
    return list(Notification.objects.filter(recipient=user).values_list("subject", "url"))


def test_the_form_is_prefilled_with_the_next_report_not_yet_due(department_officer):
    with time_machine.travel(dt.datetime(2026, 11, 28, 9, tzinfo=HCM), tick=False):
        body = client_for(department_officer).get(reverse(URL)).content.decode()
    # The annual report of 2026, due 10/12/2026 with data to 30/11/2026 — nothing in the past.
    assert 'value="10/12/2026"' in body and 'value="15/12/2025"' in body and 'value="30/11/2026"' in body
    with time_machine.travel(dt.datetime(2027, 1, 5, 9, tzinfo=HCM), tick=False):
        body = client_for(department_officer).get(reverse(URL)).content.decode()
    assert 'value="15/06/2027"' in body and 'value="14/06/2027"' in body


def test_the_first_post_asks_for_confirmation_and_creates_nothing(department_officer, school, other_school):
    response = client_for(department_officer).post(reverse(URL), SIX_MONTH_2023)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Xác nhận giao báo cáo" in body and "Sẽ giao cho 2 trường" in body
    assert not ReportObligation.objects.exists() and not ObligationCampaign.objects.exists()


def test_confirming_assigns_every_school_and_notifies_each(
    department_officer,
    school,
    other_school,
    principal,
    clerk,
    other_principal,
    teacher,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(department_officer).post(reverse(URL), {**SIX_MONTH_2023, "confirm": "1"})
    assert response.status_code == 302
    ours = ReportObligation.objects.get(organisation=school)
    theirs = ReportObligation.objects.get(organisation=other_school)
    for user, obligation in ((principal, ours), (clerk, ours), (other_principal, theirs)):
        [(subject, url)] = _notified(user)
        assert "Kết quả thực hiện công tác dân vận 6 tháng đầu năm 2023" in subject
        assert url == reverse("reports:obligation_detail", args=[obligation.pk])
    assert _notified(teacher) == []  # a teacher neither writes nor signs reports


def test_submitting_the_same_campaign_twice_is_refused_and_names_the_schools(department_officer, school, other_school):
    client = client_for(department_officer)
    client.post(reverse(URL), {**SIX_MONTH_2023, "confirm": "1"})
    response = client.post(reverse(URL), {**SIX_MONTH_2023, "confirm": "1"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "đã được giao báo cáo này" in body and school.name in body and other_school.name in body
    assert ReportObligation.objects.filter(organisation=school).count() == 1
    assert ObligationCampaign.objects.count() == 1


def test_a_second_campaign_only_reaches_the_schools_not_yet_asked(department, department_officer, school, other_school):
    args = {
        "kind": ObligationKind.SIX_MONTH,
        "title": "",
        "period_start": dt.date(2022, 12, 15),
        "period_end": dt.date(2023, 6, 14),
        "due": dt.date(2023, 6, 15),
    }
    services.create_campaign(department, actor=department_officer, **args)
    new = create_school(department, name="Trường THPT Mới", code="THPTM", place="Hải Phòng")
    campaign = services.create_campaign(department, actor=department_officer, **args)
    assert list(campaign.obligations.values_list("organisation_id", flat=True)) == [new.id]
    assert sorted(campaign.skipped) == sorted([school.name, other_school.name])
    assert ReportObligation.objects.filter(organisation=school).count() == 1
