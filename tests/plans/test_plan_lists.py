"""Cited documents and report deadlines written in the browser: saved through the service with audit, and the
deadlines become report obligations when the plan is published, exactly as an imported plan's do."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from danvan.core.models import AuditEvent
from danvan.core.testing import assert_forbidden, assert_isolated, assert_method_not_allowed, client_for
from danvan.plans import services
from danvan.plans.choices import PlanAction
from danvan.plans.models import LegalReference, Plan, PlanReportDeadline
from danvan.plans.services import DeadlineRow, ReferenceRow
from danvan.reports.choices import ObligationKind
from danvan.reports.models import ReportObligation
from tests.plans.fixtures_plans import import_seed, simple_plan

pytestmark = pytest.mark.django_db


def _publish(plan, principal, capture):
    with capture(execute=True):
        services.transition(plan, PlanAction.APPROVE, actor=principal)
        services.transition(plan, PlanAction.PUBLISH, actor=principal)


def _form(plan, refs=(), deadlines=(), **changes):
    """Return the POST of the plan form: the header as it is, plus the given rows (refs as tuples)."""
    data = {
        "year": plan.year,
        "symbol": plan.symbol,
        "title": plan.title,
        "issuer": plan.issuer,
        "number": plan.number or "",
        "date": plan.date.isoformat() if plan.date else "",
        **changes,
    }
    for prefix, rows, keys in (
        ("refs", refs, ("id", "number", "date", "issuer", "title")),
        ("deadlines", deadlines, ("id", "name", "due", "to")),
    ):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": len(rows),
                f"{prefix}-INITIAL_FORMS": 0,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 100,
            }
        )
        for i, row in enumerate(rows):
            for key, value in zip(keys, row, strict=False):
                data[f"{prefix}-{i}-{key}"] = "" if value is None else value
    return data


# ---------------------------------------------------------------- services


def test_a_plan_written_in_the_browser_gets_report_obligations_on_publication(
    school, clerk, principal, department, django_capture_on_commit_callbacks
):
    plan = services.create_plan(
        school,
        {"year": 2023, "title": "Kế hoạch công tác dân vận năm 2023"},
        actor=clerk,
        legal_refs=[
            ReferenceRow(
                "23-QĐ/TW", dt.date(2021, 7, 30), "Bộ Chính trị", "Quy chế công tác dân vận của hệ thống chính trị"
            )
        ],
        report_deadlines=[
            DeadlineRow("Báo cáo 6 tháng", dt.date(2023, 6, 15), "Sở Giáo dục và Đào tạo"),
            DeadlineRow("Báo cáo năm", dt.date(2023, 12, 10), "Sở Giáo dục và Đào tạo"),
        ],
    )
    assert plan.legal_refs.get().doc_type == "QĐ"
    assert not ReportObligation.objects.exists()  # a draft binds nobody
    _publish(plan, principal, django_capture_on_commit_callbacks)
    rows = list(ReportObligation.objects.filter(organisation=school).order_by("due"))
    # The same obligations the imported seed gets (tests/reports/test_obligations.py).
    assert [(o.kind, o.due, o.period_start, o.period_end, o.recipient) for o in rows] == [
        (ObligationKind.SIX_MONTH, dt.date(2023, 6, 15), dt.date(2022, 12, 15), dt.date(2023, 6, 14), department),
        (ObligationKind.ANNUAL, dt.date(2023, 12, 10), dt.date(2022, 12, 15), dt.date(2023, 11, 30), department),
    ]
    assert all(o.deadline.plan == plan for o in rows)


def test_a_revision_moving_a_deadline_moves_its_obligation_and_a_new_one_adds_one(
    school, clerk, principal, django_capture_on_commit_callbacks
):
    plan = simple_plan(school)
    services.update_plan(plan, {}, actor=clerk, report_deadlines=[DeadlineRow("Báo cáo 6 tháng", dt.date(2023, 6, 15))])
    _publish(plan, principal, django_capture_on_commit_callbacks)
    obligation = ReportObligation.objects.get(organisation=school)
    services.transition(plan, PlanAction.REVISE, actor=clerk)
    deadline = plan.report_deadlines.get()
    services.update_plan(
        plan,
        {},
        actor=clerk,
        report_deadlines=[
            DeadlineRow("Báo cáo 6 tháng", dt.date(2023, 6, 20), id=deadline.pk),
            DeadlineRow("Báo cáo năm", dt.date(2023, 12, 10)),
        ],
    )
    assert plan.report_deadlines.get(pk=deadline.pk).due == dt.date(2023, 6, 20)  # the same row, changed
    _publish(plan, principal, django_capture_on_commit_callbacks)
    obligation.refresh_from_db()
    assert obligation.due == dt.date(2023, 6, 20) and obligation.deadline_id == deadline.pk
    assert sorted(ReportObligation.objects.filter(organisation=school).values_list("due", flat=True)) == [
        dt.date(2023, 6, 20),
        dt.date(2023, 12, 10),
    ]


def test_editing_the_lists_changes_adds_and_removes_rows_in_order_with_audit(school, clerk):
    plan = simple_plan(school)
    services.update_plan(plan, {}, actor=clerk, legal_refs=[ReferenceRow("23-QĐ/TW"), ReferenceRow("26/CT-UBND")])
    first, second = plan.legal_refs.order_by("order")
    services.update_plan(
        plan,
        {},
        actor=clerk,
        legal_refs=[
            ReferenceRow(
                "07-CT/TU",
                dt.date(2021, 9, 8),
                "Ban Thường vụ Thành ủy",
                "đẩy mạnh … xử lý “điểm nóng”, vụ việc phức tạp",
            ),
            ReferenceRow("26/CT-UBND", id=second.pk, title="Tiếp tục tăng cường"),
        ],
    )
    rows = list(plan.legal_refs.order_by("order").values_list("number", "title", "order"))
    assert rows == [
        ("07-CT/TU", "đẩy mạnh … xử lý “điểm nóng”, vụ việc phức tạp", 1),
        ("26/CT-UBND", "Tiếp tục tăng cường", 2),
    ]
    assert not LegalReference.objects.filter(pk=first.pk).exists()
    codes = set(AuditEvent.objects.values_list("code", flat=True))
    assert {
        "plans.legalreference.created",
        "plans.legalreference.changed",
        "plans.legalreference.deleted",
        "plans.plan.lists_changed",
    } <= codes
    entry = AuditEvent.objects.filter(code="plans.plan.lists_changed").order_by("-id").first()
    assert entry.actor == clerk and entry.object_id == str(plan.pk)


def test_a_row_id_of_another_plan_adds_a_row_and_leaves_the_other_plan_alone(
    school, other_school, clerk, other_principal
):
    foreign = simple_plan(other_school)
    services.update_plan(
        foreign, {}, actor=other_principal, report_deadlines=[DeadlineRow("Báo cáo năm", dt.date(2023, 12, 1))]
    )
    theirs = foreign.report_deadlines.get()
    plan = simple_plan(school)
    services.update_plan(
        plan, {}, actor=clerk, report_deadlines=[DeadlineRow("Báo cáo", dt.date(2023, 12, 10), id=theirs.pk)]
    )
    theirs.refresh_from_db()
    assert (theirs.plan, theirs.name) == (foreign, "Báo cáo năm")
    assert plan.report_deadlines.get().name == "Báo cáo"


def test_a_deadline_outside_the_plans_years_is_refused(school, clerk):
    plan = simple_plan(school)
    with pytest.raises(services.PlanError) as refused:
        services.update_plan(plan, {}, actor=clerk, report_deadlines=[DeadlineRow("Báo cáo", dt.date(2021, 6, 1))])
    assert "01/06/2021" in str(refused.value)
    assert not PlanReportDeadline.objects.exists()


def test_the_lists_of_a_published_plan_cannot_be_changed(school, clerk, principal, django_capture_on_commit_callbacks):
    plan = simple_plan(school)
    _publish(plan, principal, django_capture_on_commit_callbacks)
    with pytest.raises(services.PlanError):
        services.update_plan(plan, {}, actor=clerk, legal_refs=[ReferenceRow("23-QĐ/TW")])
    assert not plan.legal_refs.exists()


def test_a_teacher_cannot_change_the_lists(school, teacher):
    plan = simple_plan(school)
    with pytest.raises(services.PlanError):
        services.update_plan(plan, {}, actor=teacher, legal_refs=[ReferenceRow("23-QĐ/TW")])


def test_an_imported_plans_title_number_date_and_issuer_are_corrected_while_draft(seed_plan, clerk):
    services.update_plan(
        seed_plan,
        {
            "title": "Thực hiện công tác dân vận năm 2023 (sửa)",
            "number": 5,
            "date": dt.date(2023, 2, 10),
            "issuer": "Trường THPT Nguyễn Khuyến",
        },
        actor=clerk,
    )
    seed_plan.refresh_from_db()
    assert (seed_plan.title, seed_plan.number_symbol, seed_plan.date) == (
        "Thực hiện công tác dân vận năm 2023 (sửa)",
        "05/KH-THPTNK",
        dt.date(2023, 2, 10),
    )
    entry = AuditEvent.objects.filter(code="plans.plan.changed", object_id=str(seed_plan.pk)).order_by("-id").first()
    assert entry.changes["title"][1] == "Thực hiện công tác dân vận năm 2023 (sửa)"


@pytest.fixture
def seed_plan(school, clerk):
    return import_seed(school, actor=clerk)


# ---------------------------------------------------------------- pages


def test_the_edit_page_shows_the_imported_rows_and_saves_them(seed_plan, clerk_client):
    response = clerk_client.get(reverse("plans:plan_edit", args=[seed_plan.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="07-CT/TU"' in body and 'value="Báo cáo 6 tháng"' in body
    refs = [
        (r.pk, r.number, r.date.isoformat() if r.date else "", r.issuer, r.title)
        for r in seed_plan.legal_refs.order_by("order")
    ]
    deadlines = [(d.pk, d.name, d.due.isoformat(), d.to) for d in seed_plan.report_deadlines.order_by("due")]
    deadlines[1] = (deadlines[1][0], "Báo cáo năm", "2023-12-05", deadlines[1][3])
    response = clerk_client.post(
        reverse("plans:plan_edit", args=[seed_plan.pk]), _form(seed_plan, refs=refs[1:], deadlines=deadlines)
    )
    assert response.status_code == 302
    assert seed_plan.legal_refs.count() == len(refs) - 1
    assert sorted(seed_plan.report_deadlines.values_list("due", flat=True)) == [
        dt.date(2023, 6, 15),
        dt.date(2023, 12, 5),
    ]


def test_a_half_filled_row_is_a_field_error_not_a_500(seed_plan, clerk_client):
    response = clerk_client.post(
        reverse("plans:plan_edit", args=[seed_plan.pk]),
        _form(seed_plan, deadlines=[("", "Báo cáo quý", "")], refs=[("", "", "2023-01-01")]),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ghi hạn gửi báo cáo" in body and "Ghi số, ký hiệu của văn bản" in body
    assert seed_plan.report_deadlines.count() == 2


def test_a_new_plan_is_written_with_its_rows(school, clerk_client):
    plan_data = {
        "year": 2026,
        "symbol": "KH-THPTNK",
        "title": "Kế hoạch công tác dân vận năm 2026",
        "issuer": school.name,
    }
    data = _form(
        Plan(**plan_data),
        refs=[("", "23-QĐ/TW", "2021-07-30", "Bộ Chính trị", "Quy chế")],
        deadlines=[("", "Báo cáo năm", "2026-12-10", "Sở GD&ĐT")],
    )
    response = clerk_client.post(reverse("plans:plan_create"), data)
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert list(plan.legal_refs.values_list("number", flat=True)) == ["23-QĐ/TW"]
    assert list(plan.report_deadlines.values_list("name", "due")) == [("Báo cáo năm", dt.date(2026, 12, 10))]


def test_the_edit_page_refuses_other_schools_read_only_roles_and_wrong_methods(
    school, teacher, other_principal, principal
):
    plan = simple_plan(school)
    data = _form(plan, refs=[("", "23-QĐ/TW")])
    assert_isolated(other_principal, [reverse("plans:plan_edit", args=[plan.pk])], methods=("get", "post"), data=data)
    assert_forbidden(teacher, [reverse("plans:plan_edit", args=[plan.pk])], data=data)
    assert_method_not_allowed(principal, reverse("plans:plan_edit", args=[plan.pk]), "put")
    assert not LegalReference.objects.exists()
    assert client_for(principal).get(reverse("plans:plan_edit", args=[plan.pk])).status_code == 200
