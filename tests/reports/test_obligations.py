from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from danvan.org import demo as org_demo
from danvan.plans.demo import load_demo_plan
from danvan.plans.parsing import parse_plan
from danvan.plans.services import import_plan, transition
from danvan.plans.signals import plan_published
from danvan.reports import demo, services
from danvan.reports.choices import ObligationKind
from danvan.reports.models import ObligationCampaign, Report, ReportObligation
from tests.conftest import SEED_PLAN
from tests.plans.conftest import FIXTURES as PLAN_FIXTURES


def _import_seed(school, clerk, capture):
    text = SEED_PLAN.read_text(encoding="utf-8")
    with capture(execute=True):
        return import_plan(parse_plan(text, filename="seed.txt"), organisation=school, actor=clerk)


def _publish(plan, principal, capture):
    with capture(execute=True):
        transition(plan, "approve", actor=principal)
        transition(plan, "publish", actor=principal)
    return plan


@pytest.fixture
def seed_plan(school, clerk, principal, django_capture_on_commit_callbacks):
    """Import the seed plan through the plans app (a draft, plan_imported), then approve and publish it."""
    plan = _import_seed(school, clerk, django_capture_on_commit_callbacks)
    return _publish(plan, principal, django_capture_on_commit_callbacks)


def test_importing_a_plan_as_a_draft_creates_no_obligation(school, clerk, django_capture_on_commit_callbacks):
    _import_seed(school, clerk, django_capture_on_commit_callbacks)
    _import_seed(school, clerk, django_capture_on_commit_callbacks)
    assert not ReportObligation.objects.filter(organisation=school).exists()


def test_publishing_the_same_plan_twice_gives_each_report_once(
    seed_plan, school, clerk, principal, django_capture_on_commit_callbacks
):
    again = _import_seed(school, clerk, django_capture_on_commit_callbacks)
    _publish(again, principal, django_capture_on_commit_callbacks)
    rows = ReportObligation.objects.filter(organisation=school)
    assert sorted(rows.values_list("kind", flat=True)) == sorted([ObligationKind.SIX_MONTH, ObligationKind.ANNUAL])


def test_publishing_the_seed_plan_creates_its_two_report_obligations(seed_plan, school, department):
    rows = list(ReportObligation.objects.filter(organisation=school).order_by("due"))
    assert [(o.kind, o.due, o.period_start, o.period_end) for o in rows] == [
        (ObligationKind.SIX_MONTH, dt.date(2023, 6, 15), dt.date(2022, 12, 15), dt.date(2023, 6, 14)),
        (ObligationKind.ANNUAL, dt.date(2023, 12, 10), dt.date(2022, 12, 15), dt.date(2023, 11, 30)),
    ]
    assert rows[0].title == "Kết quả thực hiện công tác dân vận 6 tháng đầu năm 2023"
    assert rows[1].title == "Kết quả thực hiện công tác dân vận năm 2023"
    assert all(o.recipient == department for o in rows)
    assert all(o.deadline.plan == seed_plan for o in rows)


def test_receiving_the_signal_again_creates_nothing_new(seed_plan, school):
    plan_published.send(sender=type(seed_plan), plan=seed_plan)
    services.obligations_from_plan(seed_plan)
    assert ReportObligation.objects.filter(organisation=school).count() == 2


def test_the_obligation_period_is_editable(seed_plan, school, clerk):
    o = ReportObligation.objects.filter(organisation=school).order_by("due").first()
    services.update_obligation(o, actor=clerk, period_start=dt.date(2022, 12, 16), period_end=dt.date(2023, 6, 15))
    o.refresh_from_db()
    assert (o.period_start, o.period_end) == (dt.date(2022, 12, 16), dt.date(2023, 6, 15))


def test_a_signed_report_freezes_the_period(obligation, clerk, principal):
    report = services.compile_report(obligation, actor=clerk).report
    services.transition(report, "sign", actor=principal)
    with pytest.raises(services.ReportError):
        services.update_obligation(obligation, actor=clerk, due=dt.date(2023, 6, 30))


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Báo cáo 6 tháng", ObligationKind.SIX_MONTH),
        ("Báo cáo sơ kết học kỳ", ObligationKind.SIX_MONTH),
        ("Báo cáo năm", ObligationKind.ANNUAL),
        ("Báo cáo tổng kết", ObligationKind.ANNUAL),
        ("Báo cáo quý", ObligationKind.QUARTER),
        ("Báo cáo kết quả kiểm tra", ObligationKind.AD_HOC),
        ("Báo cáo đầu năm", ObligationKind.AD_HOC),
        ("Báo cáo học kỳ I", ObligationKind.SIX_MONTH),
        ("Báo cáo cuối năm", ObligationKind.ANNUAL),
    ],
)
def test_the_kind_is_read_from_the_deadline_name(name, kind):
    assert services.kind_from_name(name) == kind


def test_a_legal_affairs_school_year_plan_gives_its_own_reports(
    school, clerk, principal, django_capture_on_commit_callbacks
):

    path = PLAN_FIXTURES / "school_year_legal_affairs_plan.txt"
    data = parse_plan(path.read_text(encoding="utf-8"), filename=path.name)
    with django_capture_on_commit_callbacks(execute=True):
        # A Phòng's plan used as a school's: the clerk acknowledged the other issuing body.
        plan = import_plan(data, organisation=school, actor=clerk, issuer_acknowledged=True)
    _publish(plan, principal, django_capture_on_commit_callbacks)
    rows = [
        (o.kind, o.title, o.period_start, o.period_end, o.due)
        for o in ReportObligation.objects.filter(organisation=school).order_by("due")
    ]
    assert rows == [
        (
            ObligationKind.AD_HOC,
            "Tình hình triển khai nhiệm vụ pháp chế đầu năm học 2020-2021",
            dt.date(2020, 9, 1),
            dt.date(2020, 10, 12),
            dt.date(2020, 10, 12),
        ),
        (
            ObligationKind.SIX_MONTH,
            "Kết quả thực hiện nhiệm vụ pháp chế học kỳ I năm học 2020-2021",
            dt.date(2020, 9, 1),
            dt.date(2020, 12, 31),
            dt.date(2021, 1, 5),
        ),
        (
            ObligationKind.ANNUAL,
            "Kết quả thực hiện nhiệm vụ pháp chế năm học 2020-2021",
            dt.date(2020, 9, 1),
            dt.date(2021, 4, 30),
            dt.date(2021, 5, 31),
        ),
    ]
    assert not any("dân vận" in title for _k, title, *_rest in rows)


def test_a_year_end_report_due_in_may_of_a_calendar_plan_is_not_passed_off_as_the_annual_report():
    plan = SimpleNamespace(title="Kế hoạch công tác dân vận năm 2023", year=2023)
    kind, start, end, title = services.plan_report(plan, "Báo cáo cuối năm", dt.date(2023, 5, 31))
    assert kind == ObligationKind.AD_HOC
    assert (start, end) == (dt.date(2022, 12, 15), dt.date(2023, 5, 31))
    assert title == "Kết quả thực hiện kế hoạch công tác dân vận năm 2023 (Báo cáo cuối năm)"


def test_a_due_date_before_the_end_of_the_data_period_is_refused(school, clerk):
    with pytest.raises(services.ReportError, match="trước ngày kết thúc kỳ số liệu"):
        services.create_obligation(
            school,
            actor=clerk,
            kind=ObligationKind.ANNUAL,
            title="",
            period_start=dt.date(2025, 12, 15),
            period_end=dt.date(2026, 12, 14),
            due=dt.date(2026, 12, 10),
        )


def test_a_campaign_gives_one_obligation_per_school(department, school, other_school, department_officer):
    campaign = services.create_campaign(
        department,
        actor=department_officer,
        kind=ObligationKind.ANNUAL,
        title="",
        period_start=dt.date(2022, 12, 15),
        period_end=dt.date(2023, 12, 14),
        due=dt.date(2023, 12, 20),
    )
    assert sorted(campaign.obligations.values_list("organisation_id", flat=True)) == sorted(
        [school.id, other_school.id]
    )
    assert campaign.title == "Kết quả thực hiện công tác dân vận năm 2023"


def test_a_school_cannot_launch_a_campaign(department, principal):
    with pytest.raises(services.ReportError):
        services.create_campaign(
            department,
            actor=principal,
            kind=ObligationKind.ANNUAL,
            title="x",
            period_start=dt.date(2023, 1, 1),
            period_end=dt.date(2023, 12, 14),
            due=dt.date(2023, 12, 20),
        )


def test_a_campaign_adopts_the_obligation_a_school_has_from_its_plan(
    seed_plan, department, school, other_school, department_officer
):
    campaign = services.create_campaign(
        department,
        actor=department_officer,
        kind=ObligationKind.SIX_MONTH,
        title="",
        period_start=dt.date(2022, 12, 15),
        period_end=dt.date(2023, 6, 14),
        due=dt.date(2023, 6, 20),
    )
    ours = ReportObligation.objects.filter(organisation=school, kind=ObligationKind.SIX_MONTH)
    assert ours.count() == 1
    assert ours.get().campaign == campaign and ours.get().due == dt.date(2023, 6, 20)
    assert ours.get().deadline is not None
    assert campaign.obligations.count() == 2


def test_a_plan_published_after_the_campaign_links_to_it(
    department, school, other_school, department_officer, clerk, principal, django_capture_on_commit_callbacks
):
    campaign = services.create_campaign(
        department,
        actor=department_officer,
        kind=ObligationKind.SIX_MONTH,
        title="",
        period_start=dt.date(2022, 12, 15),
        period_end=dt.date(2023, 6, 14),
        due=dt.date(2023, 6, 20),
    )
    plan = _import_seed(school, clerk, django_capture_on_commit_callbacks)
    _publish(plan, principal, django_capture_on_commit_callbacks)
    six = ReportObligation.objects.get(organisation=school, kind=ObligationKind.SIX_MONTH)
    assert six.campaign == campaign and six.deadline is not None
    assert ReportObligation.objects.filter(organisation=school).count() == 2  # + the annual one


def test_the_demo_loader_is_idempotent(db):
    org_demo.load()
    load_demo_plan()
    demo.load()
    demo.load()
    assert ObligationCampaign.objects.count() == 1
    assert Report.objects.filter(obligation__organisation__code="THPTNK").count() == 1
