"""Unit evaluations (sơ kết, tổng kết): criteria per school, the unit head's draft, the principal's rating, the lock,
the report figures and the suggestions for next year's plan (issue #12)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from danvan.core.models import AuditEvent
from danvan.core.testing import client_for
from danvan.emulation import services
from danvan.emulation.choices import EvaluationPeriod, UnitEvaluationAction, UnitEvaluationStatus, UnitRating
from danvan.emulation.stats import emulation_stats
from danvan.org.choices import Position
from danvan.org.models import Membership, Organisation, Person
from danvan.plans.models import Plan
from danvan.plans.services import clone_plan
from danvan.reports.narrative import _results
from danvan.reports.tables import stat_tables

pytestmark = pytest.mark.django_db

YEAR_END, MID = EvaluationPeriod.YEAR_END, EvaluationPeriod.MID_YEAR


@pytest.fixture
def union(school):
    return Organisation.objects.get(parent=school, code="CD")


@pytest.fixture
def union_head(union, personas):
    user = get_user_model().objects.create_user("congdoan", "cd@example.invalid", personas.password)
    person = Person.objects.create(organisation=union.tenant, full_name="Vũ Văn Công Đoàn", user=user)
    Membership.objects.create(person=person, organisation=union, position=Position.CHU_TICH_CD)
    return user


def _scores(school, share=1.0):
    return {name: points * share for name, points in services.unit_criteria(school)}


def _finalised(union, union_head, principal, *, rating=UnitRating.GOOD, weaknesses="", period=YEAR_END, year=2023):
    ev = services.save_unit_evaluation(
        union,
        actor=union_head,
        year=year,
        period=period,
        scores=_scores(union.tenant, 0.8),
        results="Tổ chức hội nghị CBVC",
        weaknesses=weaknesses,
    )
    services.transition_unit_evaluation(ev, UnitEvaluationAction.SUBMIT, actor=union_head)
    return services.transition_unit_evaluation(
        ev, UnitEvaluationAction.FINALISE, actor=principal, rating=rating, comment="Đơn vị tích cực"
    )


def test_a_school_without_its_own_criteria_scores_on_the_seed_defaults_out_of_100(school):
    criteria = services.unit_criteria(school)
    assert sum(points for _n, points in criteria) == 100
    assert any("Dân vận khéo" in name for name, _p in criteria)


def test_criteria_lines_are_parsed_and_a_bad_line_is_named(school, principal):
    assert services.parse_criteria("Tuyên truyền | 40\n\n- Dân chủ cơ sở | 60") == [
        ("Tuyên truyền", 40),
        ("Dân chủ cơ sở", 60),
    ]
    for text, words in (
        ("Tuyên truyền 40", "Dòng 1"),
        ("A | 0", "từ 1 đến 100"),
        ("A | 101", "từ 1 đến 100"),
        ("A | 5\nA | 5", "bị lặp"),
        ("A | ²", "số nguyên"),
    ):
        with pytest.raises(services.EmulationError) as err:
            services.parse_criteria(text)
        assert words in str(err.value.message)
    services.set_unit_criteria(school, actor=principal, criteria=[("Tuyên truyền", 40), ("Dân chủ", 60)])
    assert services.unit_criteria(school) == [("Tuyên truyền", 40), ("Dân chủ", 60)]


def test_the_unit_head_drafts_the_principal_rates_and_the_rating_is_locked(union, union_head, principal, teacher):
    with pytest.raises(services.EmulationError):  # a teacher heads no unit
        services.save_unit_evaluation(union, actor=teacher, year=2023, period=YEAR_END, scores=_scores(union.tenant))
    ev = services.save_unit_evaluation(
        union,
        actor=union_head,
        year=2023,
        period=YEAR_END,
        scores=_scores(union.tenant, 0.5),
        weaknesses="Chưa công khai kịp thời",
    )
    assert (ev.total, ev.max_total, ev.status) == (50, 100, UnitEvaluationStatus.DRAFT)
    with pytest.raises(services.EmulationError):  # only the principal rates
        services.transition_unit_evaluation(ev, UnitEvaluationAction.FINALISE, actor=union_head, rating=UnitRating.GOOD)
    services.transition_unit_evaluation(ev, UnitEvaluationAction.SUBMIT, actor=union_head)
    with pytest.raises(services.EmulationError) as err:
        services.transition_unit_evaluation(ev, UnitEvaluationAction.FINALISE, actor=principal)
    assert "xếp loại" in str(err.value.message)
    services.transition_unit_evaluation(
        ev, UnitEvaluationAction.FINALISE, actor=principal, rating=UnitRating.DONE, comment="Cần khắc phục"
    )
    ev.refresh_from_db()
    assert ev.is_locked and ev.get_rating_display() == "Hoàn thành nhiệm vụ" and ev.finalised_by == principal
    with pytest.raises(services.EmulationError):  # finalised: locked
        services.save_unit_evaluation(union, actor=union_head, year=2023, period=YEAR_END, scores=_scores(union.tenant))
    with pytest.raises(services.EmulationError) as err:
        services.transition_unit_evaluation(ev, UnitEvaluationAction.REOPEN, actor=principal)
    assert "lý do" in str(err.value.message)
    services.transition_unit_evaluation(ev, UnitEvaluationAction.REOPEN, actor=principal, reason="Sai điểm tiêu chí 2")
    reopened = AuditEvent.objects.get(code="emulation.unitevaluation.reopen", object_id=str(ev.pk))
    assert reopened.message == "Sai điểm tiêu chí 2" and reopened.actor == principal


def test_a_score_above_the_criterion_maximum_is_refused(union, union_head):
    name, points = services.unit_criteria(union.tenant)[0]
    scores = {**_scores(union.tenant), name: points + 1}
    with pytest.raises(services.EmulationError) as err:
        services.save_unit_evaluation(union, actor=union_head, year=2023, period=YEAR_END, scores=scores)
    assert f"từ 0 đến {points}" in str(err.value.message)


def test_the_form_answers_out_of_range_scores_and_years_with_field_errors(union, union_head):
    url = reverse("emulation:unit_evaluation_create", args=[union.pk])
    data = {
        "year": "10000",
        "period": YEAR_END,
        "c0": "21",
        "c1": "9" * 30,
        "c2": "-1",
        "c3": "5",
        "c4": "5",
        "results": "x" * 6000,
    }
    response = client_for(union_head).post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Điểm tối đa của tiêu chí này là 20" in body and "Điểm không được âm" in body
    assert body.count('aria-invalid="true"') >= 4  # year, two scores, the over-long text


def test_another_school_gets_404_and_the_department_reads_only(
    union, union_head, principal, other_principal, department_officer
):
    ev = _finalised(union, union_head, principal)
    detail = reverse("emulation:unit_evaluation_detail", args=[ev.pk])
    assert client_for(other_principal).get(detail).status_code == 404
    assert (
        client_for(other_principal).get(reverse("emulation:unit_evaluation_create", args=[union.pk])).status_code == 404
    )
    officer = client_for(department_officer)
    assert officer.get(detail).status_code == 200
    assert (
        officer.post(
            reverse("emulation:unit_evaluation_transition", args=[ev.pk]), {"action": "reopen", "reason": "x"}
        ).status_code
        == 403
    )
    summary = officer.get(
        reverse("emulation:unit_evaluation_list"), {"org": union.tenant.parent_id, "year": 2023, "period": YEAR_END}
    )
    assert summary.status_code == 200
    table = summary.content.decode().split('id="unit-evaluation-summary"', 1)[1]
    row = table.split(union.tenant.name, 1)[1].split("</tr>", 1)[0]
    assert row.count("<td>1</td>") == 1  # one unit rated "Hoàn thành tốt nhiệm vụ"


def test_the_annual_report_shows_the_year_end_ratings_and_the_6_month_one_the_mid_year(
    union, union_head, principal, school
):
    _finalised(union, union_head, principal, period=YEAR_END, rating=UnitRating.EXCELLENT)
    _finalised(union, union_head, principal, period=MID, rating=UnitRating.GOOD)
    annual = {"emulation": emulation_stats([school.pk], dt.date(2022, 12, 15), dt.date(2023, 12, 14))}
    half = {"emulation": emulation_stats([school.pk], dt.date(2022, 12, 15), dt.date(2023, 6, 14))}
    tables = {title: rows for title, _h, rows in stat_tables(annual)}
    rows = tables["Tổng kết công tác dân vận của các tổ chức, bộ phận"]
    assert rows == [[1, "Công đoàn", "80/100", "Hoàn thành xuất sắc nhiệm vụ", "Đơn vị tích cực"]]
    half_tables = {title: rows for title, _h, rows in stat_tables(half)}
    assert half_tables["Sơ kết 6 tháng công tác dân vận của các tổ chức, bộ phận"][0][3] == "Hoàn thành tốt nhiệm vụ"
    assert "tổng kết năm công tác dân vận của 1 tổ chức, bộ phận: 1 hoàn thành xuất sắc nhiệm vụ" in _results(
        annual, ("emulation",)
    )


def test_the_weak_points_of_the_year_become_suggested_tasks_of_next_years_plan(union, union_head, principal, school):
    _finalised(
        union, union_head, principal, rating=UnitRating.DONE, weaknesses="Chưa kịp thời trả lời kiến nghị của đoàn viên"
    )
    plan = Plan.objects.create(
        organisation=school, year=2023, title="Kế hoạch công tác dân vận năm 2023", status="published"
    )
    copy = clone_plan(plan, actor=principal)
    items = copy.review_items()
    assert any(
        "Công đoàn" in item and "Chưa kịp thời trả lời kiến nghị" in item and "Hoàn thành nhiệm vụ" in item
        for item in items
    )
