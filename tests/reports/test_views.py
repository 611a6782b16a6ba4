from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from docx import Document

from danvan.core.testing import assert_forbidden, assert_isolated, assert_method_not_allowed, client_for
from danvan.reports import models, services, sources, tasks
from danvan.reports.choices import ObligationStatus, ReportState
from danvan.reports.models import CompileJob, ReportObligation
from danvan.reports.models import CompileJob as Job
from danvan.reports.narrative import _results


def _u(name, *args):
    return reverse(f"reports:{name}", args=args)


@pytest.fixture
def compiled(obligation, clerk):
    return services.compile_report(obligation, actor=clerk)


def test_the_list_shows_own_obligations_only(
    principal_client, obligation, other_obligation, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = principal_client.get(_u("obligation_list"))
    assert response.status_code == 200
    assert obligation.title in response.content.decode()
    assert other_obligation.title not in response.content.decode()


def test_the_department_sees_its_schools_obligations(department_officer, obligation, other_obligation):
    response = client_for(department_officer).get(_u("obligation_list"))
    body = response.content.decode()
    assert obligation.title in body and other_obligation.title in body


def test_another_school_gets_404_everywhere(other_principal, obligation, compiled):
    job = CompileJob.objects.create(organisation=obligation.organisation, obligation=obligation)
    pk = obligation.pk
    assert_isolated(
        other_principal,
        [
            _u("obligation_detail", pk),
            _u("report_export", pk, "docx"),
            _u("report_export", pk, "xlsx"),
            _u("report_chart", pk, "tasks"),
            _u("job_detail", job.pk),
            _u("job_progress", job.pk),
            _u("narrative_edit", pk),
            _u("obligation_edit", pk),
        ],
    )
    assert_isolated(
        other_principal,
        [
            _u("compile_start", pk),
            _u("report_transition", pk, "sign"),
            _u("narrative_edit", pk),
            _u("obligation_edit", pk),
        ],
        methods=("post",),
    )


def test_a_teacher_gets_403_on_writes(teacher, obligation, compiled):
    pk = obligation.pk
    assert_forbidden(
        teacher,
        [
            _u("compile_start", pk),
            _u("narrative_edit", pk),
            _u("obligation_edit", pk),
            _u("obligation_create"),
            _u("report_transition", pk, "sign"),
            _u("report_transition", pk, "accept"),
            _u("campaign_create"),
        ],
    )
    assert_forbidden(teacher, [_u("department_matrix"), _u("department_report")], method="get")


def test_a_school_cannot_use_the_department_pages(principal):
    assert_forbidden(
        principal, [_u("department_matrix"), _u("department_report"), _u("department_export", "docx")], method="get"
    )


def test_wrong_methods_get_405(principal, obligation):
    pk = obligation.pk
    assert_method_not_allowed(principal, _u("compile_start", pk), "get")
    assert_method_not_allowed(principal, _u("report_transition", pk, "sign"), "get")
    assert_method_not_allowed(principal, _u("obligation_list"), "post")
    assert_method_not_allowed(principal, _u("obligation_detail", pk), "post")
    assert_method_not_allowed(principal, _u("report_export", pk, "docx"), "post")
    assert_method_not_allowed(principal, _u("obligation_edit", pk), "delete")


def test_compiling_from_the_page_runs_the_task_and_reports_progress(
    clerk_client, obligation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(_u("compile_start", obligation.pk))
    job = CompileJob.objects.get(obligation=obligation)
    assert response.status_code == 302 and response["Location"] == _u("job_detail", job.pk)
    data = clerk_client.get(_u("job_progress", job.pk)).json()
    assert data == {
        "percent": 100,
        "done": True,
        "message": data["message"],
        "status": "done",
        "redirect": _u("obligation_detail", obligation.pk),
    }
    job.refresh_from_db()
    assert job.version is not None and job.version.number == 1


def test_the_job_page_has_the_progress_poller(clerk_client, obligation):
    job = CompileJob.objects.create(
        organisation=obligation.organisation, obligation=obligation, percent=40, message="Đang lấy số liệu"
    )
    body = clerk_client.get(_u("job_detail", job.pk)).content.decode()
    assert f'data-progress-url="{_u("job_progress", job.pk)}"' in body
    assert "<progress" in body


def test_the_detail_page_shows_figures_charts_and_actions(principal_client, obligation, compiled):
    body = principal_client.get(_u("obligation_detail", obligation.pk)).content.decode()
    assert "Kết quả đạt được" in body
    assert _u("report_export", obligation.pk, "docx") in body
    assert _u("report_transition", obligation.pk, "sign") in body


def test_the_principal_signs_and_submits_through_the_pages(principal_client, obligation, compiled):
    principal_client.post(_u("report_transition", obligation.pk, "sign"))
    principal_client.post(_u("report_transition", obligation.pk, "submit"))
    obligation.refresh_from_db()
    assert obligation.report.state == ReportState.SUBMITTED
    assert obligation.status in (ObligationStatus.ON_TIME, ObligationStatus.LATE)


def test_the_department_returns_a_report_with_a_comment(department_officer, principal, obligation, compiled):
    services.transition(compiled.report, "sign", actor=principal)
    services.transition(compiled.report, "submit", actor=principal)
    client = client_for(department_officer)
    client.post(_u("report_transition", obligation.pk, "return"), {"comment": "Bổ sung số liệu"})
    obligation.report.refresh_from_db()
    assert obligation.report.state == ReportState.RETURNED
    assert obligation.report.review_comment == "Bổ sung số liệu"


def test_the_narrative_is_saved_as_a_new_version_with_placeholders(clerk_client, obligation, compiled):
    data = {k: v for k, v in compiled.sections.items()}
    data["proposals"] = "Đề nghị Sở tập huấn; đã nhận {tasks.total} nhiệm vụ."
    response = clerk_client.post(_u("narrative_edit", obligation.pk), data)
    assert response.status_code == 302
    report = obligation.report_or_none
    assert report.current_version.number == 2
    assert report.current_version.section_text("proposals") == "Đề nghị Sở tập huấn; đã nhận 0 nhiệm vụ."


def test_the_chart_view_returns_a_png(principal_client, obligation, clerk, monkeypatch):
    real = sources.fetch

    def fake(source, ids, start, end):
        if source == "tasks":
            return {"total": 4, "done": 2, "done_late": 1, "in_progress": 1, "not_started": 1, "late": 1, "tasks": []}
        return real(source, ids, start, end)

    monkeypatch.setattr(sources, "fetch", fake)
    services.compile_report(obligation, actor=clerk)
    response = principal_client.get(_u("report_chart", obligation.pk, "tasks"))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_clerk_adds_an_ad_hoc_obligation(clerk_client, school):
    response = clerk_client.post(
        _u("obligation_create"),
        {
            "kind": "chuyen_de",
            "title": "Báo cáo chuyên đề tiếp công dân",
            "period_start": "01/01/2023",
            "period_end": "31/03/2023",
            "due": "05/04/2023",
            "template": "tiep_cong_dan",
        },
    )
    assert response.status_code == 302
    o = ReportObligation.objects.get(title="Báo cáo chuyên đề tiếp công dân")
    assert o.organisation == school and o.period_start == dt.date(2023, 1, 1)


def test_it_rejects_a_period_that_ends_before_it_starts(clerk_client):
    response = clerk_client.post(
        _u("obligation_create"),
        {
            "kind": "chuyen_de",
            "title": "x",
            "period_start": "01/04/2023",
            "period_end": "31/03/2023",
            "due": "05/04/2023",
            "template": "dan_van",
        },
    )
    assert response.status_code == 400
    assert "phải sau ngày bắt đầu" in response.content.decode()


def test_the_department_sets_a_campaign_for_all_schools(department_officer, school, other_school):
    client = client_for(department_officer)
    response = client.post(
        _u("campaign_create"),
        {
            "kind": "6_thang",
            "title": "",
            "period_start": "15/12/2022",
            "period_end": "14/06/2023",
            "due": "15/06/2023",
            "template": "dan_van",
            "confirm": "1",
        },
    )
    assert response.status_code == 302
    rows = ReportObligation.objects.filter(campaign__isnull=False)
    assert {o.organisation_id for o in rows} == {school.id, other_school.id}
    assert all(o.title == "Kết quả thực hiện công tác dân vận 6 tháng đầu năm 2023" for o in rows)


def test_the_matrix_shows_schools_by_obligations(
    department_officer, school, other_school, principal, django_assert_max_num_queries
):
    campaign = services.create_campaign(
        school.parent,
        actor=department_officer,
        kind="6_thang",
        title="",
        period_start=dt.date(2022, 12, 15),
        period_end=dt.date(2023, 6, 14),
        due=dt.date(2023, 6, 15),
    )
    client = client_for(department_officer)
    with django_assert_max_num_queries(15):
        response = client.get(_u("department_matrix") + "?nam=2023")
    body = response.content.decode()
    assert response.status_code == 200
    assert school.name in body and other_school.name in body
    assert campaign.title in body
    assert "Chưa gửi (quá hạn)" in body  # due 15/6/2023 passed
    o = campaign.obligations.get(organisation=school)
    assert _u("obligation_detail", o.pk) in body


def test_the_department_report_page_and_exports(department_officer, school):
    campaign = services.create_campaign(
        school.parent,
        actor=department_officer,
        kind="6_thang",
        title="",
        period_start=dt.date(2022, 12, 15),
        period_end=dt.date(2023, 6, 14),
        due=dt.date(2023, 6, 15),
    )
    client = client_for(department_officer)
    response = client.get(_u("department_report") + f"?campaign={campaign.pk}")
    assert response.status_code == 200
    assert "Chưa gửi" in response.content.decode()
    docx = client.get(_u("department_export", "docx") + f"?campaign={campaign.pk}")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    xlsx = client.get(_u("department_export", "xlsx") + "?start=15/12/2022&end=14/06/2023")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    pdf = client.get(_u("department_export", "pdf") + f"?campaign={campaign.pk}&chi_tiet=1")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "BÁO CÁO" in text and "Tổng hợp kết quả thực hiện công tác dân vận 6 tháng đầu năm 2023" in text
    assert "Về chế độ báo cáo: 2 trường chưa gửi báo cáo." in text and "0/2" not in text


def test_the_dashboard_shows_due_reports_and_the_department_panel(
    principal_client, department_officer, obligation, school
):

    with time_machine.travel(dt.datetime(2023, 6, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))):
        body = principal_client.get(reverse("core:dashboard")).content.decode()
        assert "Báo cáo đến hạn" in body and obligation.title in body
        services.create_campaign(
            school.parent,
            actor=department_officer,
            kind="6_thang",
            title="",
            period_start=dt.date(2022, 12, 15),
            period_end=dt.date(2023, 6, 14),
            due=dt.date(2023, 6, 15),
        )
        body = client_for(department_officer).get(reverse("core:dashboard")).content.decode()
        assert "Báo cáo của các trường" in body and "data:image/png;base64," in body


def test_the_department_drills_down_into_a_schools_report(department_officer, obligation, compiled):
    response = client_for(department_officer).get(_u("obligation_detail", obligation.pk))
    assert response.status_code == 200
    assert obligation.organisation.name in response.content.decode()
    assert client_for(department_officer).get(_u("report_export", obligation.pk, "docx")).status_code == 200


def test_the_compile_task_stores_its_progress_on_the_job(obligation, clerk, monkeypatch):
    seen = []
    real = services.job_progress

    def spy(job_id):
        tick = real(job_id)

        def record(percent, message):
            tick(percent, message)
            row = Job.objects.get(pk=job_id)
            seen.append((row.percent, row.status, row.message))

        return record

    monkeypatch.setattr(services, "job_progress", spy)
    job = Job.objects.create(organisation=obligation.organisation, obligation=obligation, requested_by=clerk)
    tasks.compile_obligation.call(job.pk)
    percents = [p for p, _s, _m in seen]
    assert percents == sorted(percents) and percents[0] < 50 and percents[-1] == 100
    assert all(status == "running" for _p, status, _m in seen)
    assert any("Đang lấy số liệu" in m for _p, _s, m in seen)
    job.refresh_from_db()
    assert job.status == "done" and job.percent == 100 and job.version is not None


def test_a_failed_compile_is_reported_on_the_job(obligation, clerk, principal):
    report = services.compile_report(obligation, actor=clerk).report
    services.transition(report, "sign", actor=principal)
    job = Job.objects.create(organisation=obligation.organisation, obligation=obligation, requested_by=clerk)
    tasks.compile_obligation.call(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "đã ký" in job.message


def test_every_reports_model_has_an_admin_page(obligation, compiled):
    for model in (
        models.ObligationCampaign,
        models.ReportObligation,
        models.Report,
        models.ReportVersion,
        models.CompileJob,
    ):
        assert model in admin.site._registry
    root = get_user_model().objects.create_superuser("root", "root@example.invalid", "pw-for-tests-1")
    client = client_for(root)
    for url in (
        reverse("admin:reports_reportobligation_changelist"),
        reverse("admin:reports_report_change", args=[compiled.report.pk]),
    ):
        assert client.get(url).status_code == 200


def test_a_second_click_follows_the_running_job(clerk, obligation):
    first = services.start_compile(obligation, actor=clerk)  # not run: no commit in this test
    again = services.start_compile(obligation, actor=clerk)
    assert again.pk == first.pk
    assert CompileJob.objects.filter(obligation=obligation).count() == 1


def test_the_detail_page_shows_a_failed_compile(principal_client, obligation):
    CompileJob.objects.create(
        organisation=obligation.organisation, obligation=obligation, status="failed", message="Lỗi khi tổng hợp"
    )
    body = principal_client.get(_u("obligation_detail", obligation.pk)).content.decode()
    assert "Lần tổng hợp gần nhất bị lỗi" in body and "Lỗi khi tổng hợp" in body


def test_every_version_opens_and_downloads_and_shows_what_was_sent(
    obligation, clerk, principal, department_officer, other_principal
):

    first = services.compile_report(obligation, actor=clerk)
    report = first.report
    services.save_narrative(report, actor=clerk, sections={"proposals": "Đề xuất bản gửi lần đầu."})
    services.transition(report, "sign", actor=principal)
    services.transition(report, "submit", actor=principal)
    services.transition(report, "return", actor=department_officer, comment="Bổ sung")
    services.transition(report, "revise", actor=clerk)
    services.save_narrative(report, actor=clerk, sections={"proposals": "Đề xuất đã sửa."})
    client = client_for(department_officer)
    page = client.get(_u("obligation_detail", obligation.pk)).content.decode()
    assert _u("version_detail", obligation.pk, 2) in page and "đã gửi lúc" in page
    sent = client.get(_u("version_detail", obligation.pk, 2))
    assert sent.status_code == 200
    body = sent.content.decode()
    assert "Đề xuất bản gửi lần đầu." in body and "Đề xuất đã sửa." not in body and "đã gửi lúc" in body
    current = client.get(_u("version_detail", obligation.pk, 3)).content.decode()
    assert "Đề xuất đã sửa." in current
    docx = client.get(_u("version_export", obligation.pk, 2, "docx"))
    assert docx.status_code == 200 and docx["Content-Disposition"].endswith('-v2.docx"')
    xlsx = client.get(_u("version_export", obligation.pk, 1, "xlsx"))
    assert xlsx.status_code == 200
    openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert client.get(_u("version_detail", obligation.pk, 9)).status_code == 404
    assert client.post(_u("version_detail", obligation.pk, 2)).status_code == 405
    assert_isolated(
        other_principal, [_u("version_detail", obligation.pk, 2), _u("version_export", obligation.pk, 2, "docx")]
    )


def test_the_narrative_leaves_out_what_did_not_happen():
    figures = {
        "department": True,
        "submission": {"owed": 3, "sent": 3, "on_time": 3, "late": 0, "missing": 0},
        "tasks": {"total": 4, "done": 4, "done_late": 0, "in_progress": 0, "not_started": 0},
        "petitions": {
            "accepted": 2,
            "not_accepted": 0,
            "transferred": 0,
            "guided": 1,
            "filed": 0,
            "resolved": 0,
            "receptions": 1,
            "received": 3,
        },
        "emulation": {"model_count": 2, "proposal_count": 0},
    }
    figures["department"] = False
    text = _results(figures, ("tasks", "petitions", "emulation"))
    assert "{tasks.in_progress}" not in text and "{petitions.not_accepted}" not in text
    assert "thụ lý {petitions.accepted} đơn, hướng dẫn {petitions.guided} trường hợp." in text
    assert "đề nghị khen thưởng" not in text
    figures["department"] = True
    assert _results(figures, ()) == "Về chế độ báo cáo: cả {submission.owed} trường đã gửi báo cáo đúng hạn."


def test_the_due_panel_puts_the_report_due_next_before_forgotten_overdue_ones(principal_client, school):
    old = [
        ReportObligation.objects.create(
            organisation=school,
            kind="6_thang",
            title=f"Báo cáo cũ {i}",
            period_start=dt.date(2022, 12, 15),
            period_end=dt.date(2023, 6, 14),
            due=dt.date(2023, 6, 15) + dt.timedelta(days=i),
        )
        for i in range(10)
    ]
    soon = ReportObligation.objects.create(
        organisation=school,
        kind="nam",
        title="Báo cáo năm 2026",
        period_start=dt.date(2025, 12, 15),
        period_end=dt.date(2026, 11, 30),
        due=dt.date(2026, 12, 10),
    )
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))):
        body = principal_client.get(reverse("core:dashboard")).content.decode()
    panel = body[body.index("Báo cáo đến hạn") :]
    assert soon.title in panel and panel.index(soon.title) < panel.index("Báo cáo cũ")
    assert "còn 3 ngày" in panel
    # Overdue ones follow, the most recent first.
    assert old[9].title in panel and panel.index(old[9].title) < panel.index(old[8].title)
