"""Importing a plan document: parsing, unit resolution against the school, report deadlines, audit, signal."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from danvan.core.models import AuditEvent
from danvan.org.models import Organisation
from danvan.plans import export, services
from danvan.plans.models import Plan, UnitAbbreviation
from danvan.plans.signals import plan_imported
from tests.plans.fixtures_plans import SEED_NAME, import_seed, publish, seed_bytes

pytestmark = pytest.mark.django_db


def test_it_previews_the_seed_without_storing_anything(school):
    preview = services.preview_import(seed_bytes(), SEED_NAME, school)
    assert len(preview.tasks) == 4
    assert set(preview.unknown_units) == {"Bộ phận giúp việc", "Phó hiệu trưởng phụ trách"}
    assert Plan.objects.count() == 0


def test_it_resolves_the_seed_units_against_the_school(school, clerk):
    plan = import_seed(school, actor=clerk)
    tasks = list(plan.tasks.order_by("order"))
    assert len(tasks) == 4
    codes = [sorted(t.units.values_list("code", flat=True)) for t in tasks]
    assert codes[0] == ["VT"]
    assert codes[1] == ["BGH", "CD", "DOAN", "TOCM"]
    assert codes[2] == ["BGH"]
    assert codes[3] == []
    assert tasks[1].units_text == ["BGH", "BCH CĐ", "BTV Đoàn", "Các tổ CM"]


def test_it_stores_periods_due_dates_and_report_deadlines(school, clerk):
    plan = import_seed(school, actor=clerk)
    assert [t.due_on for t in plan.tasks.order_by("order")] == [
        dt.date(2023, 3, 31),
        dt.date(2023, 6, 30),
        dt.date(2023, 12, 31),
        dt.date(2023, 12, 31),
    ]
    assert sorted(plan.report_deadlines.values_list("due", flat=True)) == [dt.date(2023, 6, 15), dt.date(2023, 12, 10)]
    assert plan.tasks.get(order=4).periods.count() == 2
    numbers = set(plan.legal_refs.values_list("number", flat=True))
    assert {"23-QĐ/TW", "446-QĐ/TU", "26/CT-UBND", "07-CT/TU", "15-CT/TU"} <= numbers
    assert plan.legal_refs.get(number="26/CT-UBND").doc_type == "CT"
    assert plan.parent_number == "09/KH-SGDĐT"
    assert plan.parent_date == dt.date(2023, 1, 31)
    assert plan.year == 2023
    assert plan.status == "draft"


def test_it_resolves_the_lead_to_the_principal(school, clerk, principal):
    plan = import_seed(school, actor=clerk)
    assert plan.tasks.first().lead_person.user == principal


def test_it_creates_the_units_the_user_ticked(school, clerk):
    plan = import_seed(school, actor=clerk, create_units=["Bộ phận giúp việc"])
    unit = Organisation.objects.get(parent=school, name="Bộ phận giúp việc")
    assert unit.tenant == school
    assert unit in plan.tasks.get(order=3).units.all()
    assert not Organisation.objects.filter(name="Phó hiệu trưởng phụ trách").exists()


def test_it_uses_the_schools_own_dictionary_first(school, clerk):
    vt = Organisation.objects.get(parent=school, code="VT")
    UnitAbbreviation.objects.create(organisation=school, abbreviation="Bộ phận giúp việc", unit=vt)
    preview = services.preview_import(seed_bytes(), SEED_NAME, school)
    assert preview.unknown_units == ["Phó hiệu trưởng phụ trách"]
    assert preview.tasks[2].units[1].unit == vt


def test_it_keeps_the_source_file_and_records_the_import(school, clerk):
    data = services.preview_import(seed_bytes(), SEED_NAME, school).data

    fh = io.BytesIO(seed_bytes())
    plan = services.import_plan(data, organisation=school, actor=clerk, source_file=fh, source_name=SEED_NAME)
    assert plan.source_file.read() == seed_bytes()
    assert plan.source_name == SEED_NAME
    assert plan.source_format == "txt"
    assert plan.created_by == clerk
    assert AuditEvent.objects.for_object(plan).filter(code="plans.plan.imported").exists()


def test_it_sends_plan_imported_after_commit(school, clerk, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, plan, **kwargs):
        received.append(plan)

    plan_imported.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            plan = import_seed(school, actor=clerk)
    finally:
        plan_imported.disconnect(receiver)
    assert received == [plan]


def test_it_refuses_an_import_by_a_teacher(school, teacher):
    with pytest.raises(services.PlanError):
        import_seed(school, actor=teacher)


def test_it_links_the_internal_parent_plan_when_the_department_has_it(school, department, clerk):
    parent = Plan.objects.create(
        organisation=department,
        year=2023,
        number=9,
        symbol="KH-SGDĐT",
        title="Kế hoạch thực hiện công tác dân vận năm 2023",
    )
    plan = import_seed(school, actor=clerk)
    assert plan.parent == parent


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("BGH", "BGH"),
        ("Ban giám hiệu", "BGH"),
        ("BCH CĐ", "CD"),
        ("BCH Công đoàn", "CD"),
        ("BTV Đoàn", "DOAN"),
        ("Các tổ CM", "TOCM"),
        ("Tổ CM", "TOCM"),
        ("Văn thư", "VT"),
        ("van thu", "VT"),
        ("Ban TTND", "TTND"),
        ("Bộ phận giúp việc", None),
        ("Phó hiệu trưởng phụ trách", None),
    ],
)
def test_it_resolves_unit_spellings(school, text, code):
    unit = services.resolve_unit(text, services.unit_dictionary(school))
    assert (unit.code if unit else None) == code


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_it_reads_its_own_export_back_and_refuses_to_store_it_twice(school, clerk, fmt):
    original = publish(import_seed(school, actor=clerk))
    builder = {"docx": export.export_plan_docx, "pdf": export.export_plan_pdf}[fmt]
    document = builder(
        original.as_document_dict(), issuer_superior=school.superior_name, issuer_code=school.code, place=school.place
    )
    preview = services.preview_import(document, f"ke-hoach.{fmt}", school)
    assert preview.source_format == fmt
    keys = ("content", "units", "timing", "periods")
    assert [{k: t[k] for k in keys} for t in preview.data.to_json()["tasks"]] == [
        {k: t[k] for k in keys} for t in original.as_document_dict()["tasks"]
    ]
    assert preview.data.number == original.number_symbol
    assert sorted(d.due for d in preview.data.report_deadlines) == sorted(
        d.isoformat() for d in original.report_deadlines.values_list("due", flat=True)
    )
    # The export carries the published plan's number: it is that plan, not a second one.
    assert preview.duplicate == original
    with pytest.raises(services.DuplicatePlan) as refused:
        services.import_plan(preview.data, organisation=school, actor=clerk)
    assert refused.value.other == original
    assert Plan.objects.filter(organisation=school).count() == 1
