from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from danvan.core.models import AuditEvent
from danvan.notify.models import Notification
from danvan.reports import services
from danvan.reports.choices import ObligationStatus, ReportState
from danvan.reports.models import Report, ReportObligation

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def _at(*args):
    return time_machine.travel(dt.datetime(*args, tzinfo=HCM), tick=False)


def _signed(obligation, clerk, principal):
    version = services.compile_report(obligation, actor=clerk)
    return services.transition(version.report, "sign", actor=principal)


@pytest.mark.parametrize(
    ("moment", "late", "status"),
    [
        ((2023, 6, 10, 9, 0), False, ObligationStatus.ON_TIME),
        ((2023, 6, 15, 23, 59), False, ObligationStatus.ON_TIME),
        ((2023, 6, 16, 0, 1), True, ObligationStatus.LATE),
    ],
)
def test_it_records_on_time_or_late_submission_against_the_due_day(obligation, clerk, principal, moment, late, status):
    with _at(2023, 6, 1, 8, 0):
        report = _signed(obligation, clerk, principal)
    with _at(*moment):
        report = services.transition(report, "submit", actor=principal)
    assert report.state == ReportState.SUBMITTED
    assert report.submitted_late is late
    obligation.refresh_from_db()
    assert obligation.status == status


def test_it_shows_missing_once_the_due_day_passes_without_submission(obligation, clerk):
    with _at(2023, 6, 1, 8, 0):
        services.compile_report(obligation, actor=clerk)
        obligation.refresh_from_db()
        assert obligation.status == ObligationStatus.DRAFT
    with _at(2023, 6, 16, 8, 0):
        assert obligation.current_status == ObligationStatus.MISSING
        services.refresh_statuses()
        obligation.refresh_from_db()
        assert obligation.status == ObligationStatus.MISSING


def test_a_returned_report_is_edited_and_resubmitted(obligation, clerk, principal, department_officer):
    with _at(2023, 6, 10, 9, 0):
        report = _signed(obligation, clerk, principal)
        services.transition(report, "submit", actor=principal)
        with pytest.raises(services.ReportError):
            services.transition(report, "return", actor=department_officer, comment="")
        services.transition(report, "return", actor=department_officer, comment="Thiếu số liệu đơn thư")
        assert report.state == ReportState.RETURNED
        assert report.review_comment == "Thiếu số liệu đơn thư"
        with pytest.raises(services.ReportError):
            services.compile_report(obligation, actor=clerk)
        services.transition(report, "revise", actor=clerk)
        version = services.compile_report(obligation, actor=clerk)
        assert version.number == 2
        services.transition(report, "sign", actor=principal)
        services.transition(report, "submit", actor=principal)
        services.transition(report, "accept", actor=department_officer)
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.ACCEPTED
    codes = set(AuditEvent.objects.filter(code__startswith="reports.report.").values_list("code", flat=True))
    assert {
        "reports.report.sign",
        "reports.report.submit",
        "reports.report.return",
        "reports.report.revise",
        "reports.report.accept",
        "reports.report.compiled",
    } <= codes


def test_it_rejects_transitions_without_the_permission(obligation, clerk, principal, teacher, other_principal):
    version = services.compile_report(obligation, actor=clerk)
    report = version.report
    for actor in (teacher, clerk, other_principal):
        with pytest.raises(services.ReportError):
            services.transition(report, "sign", actor=actor)
    services.transition(report, "sign", actor=principal)
    services.transition(report, "submit", actor=principal)
    with pytest.raises(services.ReportError):
        services.transition(report, "accept", actor=principal)  # a school cannot accept its own report


def test_it_rejects_an_action_the_table_does_not_allow(obligation, clerk, principal):
    report = services.compile_report(obligation, actor=clerk).report
    with pytest.raises(services.ReportError):
        services.transition(report, "submit", actor=principal)  # must be signed first


def test_it_rejects_signing_before_anything_was_compiled(obligation, principal):
    report = Report.objects.create(obligation=obligation, organisation=obligation.organisation)
    with pytest.raises(services.ReportError):
        services.transition(report, "sign", actor=principal)


def test_a_teacher_cannot_compile(obligation, teacher):
    with pytest.raises(services.ReportError):
        services.compile_report(obligation, actor=teacher)


def test_signing_numbers_reports_per_year_from_01(obligation, other_obligation, school, clerk, principal):
    second = ReportObligation.objects.create(
        organisation=school,
        kind="nam",
        title="Năm 2023",
        period_start=dt.date(2022, 12, 15),
        period_end=dt.date(2023, 12, 14),
        due=dt.date(2023, 12, 10),
    )
    third = ReportObligation.objects.create(
        organisation=school,
        kind="6_thang",
        title="6 tháng 2024",
        period_start=dt.date(2023, 12, 15),
        period_end=dt.date(2024, 6, 14),
        due=dt.date(2024, 6, 15),
    )
    with _at(2023, 6, 10, 9, 0):
        a = services.transition(services.compile_report(obligation, actor=clerk).report, "sign", actor=principal)
        services.transition(a, "unsign", actor=principal)
        services.transition(a, "sign", actor=principal)
    with _at(2023, 12, 5, 9, 0):
        b = services.transition(services.compile_report(second, actor=clerk).report, "sign", actor=principal)
    with _at(2024, 1, 2, 9, 0):
        c = services.transition(services.compile_report(third, actor=clerk).report, "sign", actor=principal)
    assert (a.number, a.number_year) == (1, 2023)
    assert (b.number, b.number_year) == (2, 2023)
    assert (c.number, c.number_year) == (1, 2024)


def _inbox(user):
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("subject", "body", "url"))


def test_sending_returning_and_accepting_notify_the_other_side(
    obligation, clerk, principal, department_officer, teacher, django_capture_on_commit_callbacks
):
    url = reverse("reports:obligation_detail", args=[obligation.pk])
    with _at(2023, 6, 10, 9, 0):
        report = _signed(obligation, clerk, principal)
        with django_capture_on_commit_callbacks(execute=True):
            services.transition(report, "submit", actor=principal)
    [(subject, body, link)] = _inbox(department_officer)
    assert obligation.title in subject and "Trường THPT Nguyễn Khuyến đã gửi" in subject
    assert "09:00 ngày 10/06/2023" in body and link == url
    assert _inbox(principal) == []
    with _at(2023, 6, 11, 9, 0), django_capture_on_commit_callbacks(execute=True):
        services.transition(report, "return", actor=department_officer, comment="Thiếu số liệu đơn thư")
    [(subject, body, link)] = _inbox(principal)
    assert subject.startswith("Sở Giáo dục và Đào tạo Hải Phòng trả lại báo cáo")
    assert "Lý do: Thiếu số liệu đơn thư" in body and link == url
    with _at(2023, 6, 12, 9, 0):
        services.transition(report, "revise", actor=clerk)
        services.transition(report, "sign", actor=principal)
        with django_capture_on_commit_callbacks(execute=True):
            services.transition(report, "submit", actor=principal)
            services.transition(report, "accept", actor=department_officer, comment="Đạt yêu cầu")
    assert len(_inbox(department_officer)) == 2
    subject, body, _link = _inbox(principal)[-1]
    assert "đã tiếp nhận báo cáo" in subject and "Ý kiến: Đạt yêu cầu" in body
    assert _inbox(teacher) == [] and _inbox(clerk) == []  # signers only
