"""One plan, one record: duplicates refused on import and publish, a document of another body acknowledged."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.core.testing import client_for
from danvan.plans import services
from danvan.plans.choices import PlanAction, PlanStatus
from danvan.plans.models import Plan
from danvan.plans.parsing import blank_plan
from danvan.plans.parsing.references import same_body
from tests.plans.fixtures_plans import SEED_NAME, publish, seed_bytes, simple_plan

pytestmark = pytest.mark.django_db

# The seed's heading names another school (a plan copied from a neighbour, as the issue found).
TRAN_PHU = (
    seed_bytes()
    .decode("utf-8")
    .replace("**KẾ HOẠCH**", "TRƯỜNG THCS TRẦN PHÚ\n\n**KẾ HOẠCH**", 1)
    .replace("trường THPT Nguyễn Khuyến", "trường THCS Trần Phú")
    .encode("utf-8")
)


def _import_file(school, actor, raw=None, name=SEED_NAME, **kw):
    raw = seed_bytes() if raw is None else raw
    preview = services.preview_import(raw, name, school)
    return services.import_plan(
        preview.data, organisation=school, actor=actor, source_file=io.BytesIO(raw), source_name=name, **kw
    )


# ---------------------------------------------------------------- import


def test_importing_the_same_file_again_is_refused_naming_the_first_plan(school, clerk):
    first = _import_file(school, clerk)
    preview = services.preview_import(seed_bytes(), SEED_NAME, school)
    assert preview.duplicate == first
    assert "Thực hiện công tác dân vận năm 2023" in preview.duplicate_message
    with pytest.raises(services.DuplicatePlan) as refused:
        _import_file(school, clerk)
    assert refused.value.other == first
    assert "Tệp này đã được nhập" in str(refused.value)
    assert Plan.objects.filter(organisation=school).count() == 1


def test_the_same_file_is_refused_even_after_its_plan_was_published(school, clerk):
    first = publish(_import_file(school, clerk))
    with pytest.raises(services.DuplicatePlan) as refused:
        _import_file(school, clerk)
    assert refused.value.other == first
    assert "01/KH-THPTNK" in refused.value.as_html()
    assert f'href="/ke-hoach/{first.pk}/"' in refused.value.as_html()


def test_a_document_with_the_number_of_a_plan_of_the_same_year_is_refused(school, clerk):
    published = publish(simple_plan(school, number=1, date=dt.date(2023, 2, 10)))
    numbered = (
        seed_bytes()
        .decode("utf-8")
        .replace("**KẾ HOẠCH**", "Số: 01/KH-THPTNK\n\nHải Phòng, ngày 10 tháng 02 năm 2023\n\n**KẾ HOẠCH**", 1)
        .encode("utf-8")
    )
    preview = services.preview_import(numbered, "ban-sao.txt", school)
    assert preview.data.number == "01/KH-THPTNK"
    assert preview.duplicate == published
    assert "01/KH-THPTNK năm 2023" in preview.duplicate_message
    with pytest.raises(services.DuplicatePlan):
        services.import_plan(preview.data, organisation=school, actor=clerk)


def test_the_same_number_in_another_year_or_another_school_is_no_duplicate(school, other_school, clerk):
    publish(simple_plan(school, year=2022, number=1, date=dt.date(2022, 2, 1)))
    publish(simple_plan(other_school, year=2023, number=1, date=dt.date(2023, 2, 1)))
    data = blank_plan(title="Kế hoạch", year=2023, number="01/KH-THPTNK", date=dt.date(2023, 2, 10))
    plan = services.import_plan(data, organisation=school, actor=clerk)
    assert plan.number_symbol == "01/KH-THPTNK"


# ---------------------------------------------------------------- publish


def test_publishing_a_second_plan_with_a_number_in_force_is_refused(school, principal):
    first = publish(simple_plan(school, number=1, date=dt.date(2023, 2, 10)))
    # Stored before the rule existed (or by another door): a draft carrying the same number.
    second = simple_plan(school, number=1, date=dt.date(2023, 3, 1))
    services.transition(second, PlanAction.APPROVE, actor=principal)
    with pytest.raises(services.DuplicatePlan) as refused:
        services.transition(second, PlanAction.PUBLISH, actor=principal)
    assert refused.value.other == first
    second.refresh_from_db()
    assert second.status == PlanStatus.APPROVED and second.published_at is None
    assert Plan.objects.published().filter(organisation=school).count() == 1


def test_a_revision_of_a_published_plan_is_published_again_under_its_number(school, principal, clerk):
    plan = publish(simple_plan(school, number=1, date=dt.date(2023, 2, 10)))
    services.transition(plan, PlanAction.REVISE, actor=clerk)
    services.transition(plan, PlanAction.APPROVE, actor=principal)
    services.transition(plan, PlanAction.PUBLISH, actor=principal)
    plan.refresh_from_db()
    assert (plan.status, plan.number, plan.revision) == (PlanStatus.PUBLISHED, 1, 2)


def test_changing_a_draft_to_a_number_already_used_is_refused(school, clerk):
    publish(simple_plan(school, number=3, date=dt.date(2023, 2, 10)))
    draft = simple_plan(school)
    with pytest.raises(services.DuplicatePlan):
        services.update_plan(draft, {"number": 3, "date": dt.date(2023, 4, 1)}, actor=clerk)
    draft.refresh_from_db()
    assert draft.number is None


def test_publishing_the_page_shows_the_refusal_with_a_link_to_the_other_plan(school, principal):
    first = publish(simple_plan(school, number=1, date=dt.date(2023, 2, 10)))
    second = simple_plan(school, number=1, date=dt.date(2023, 3, 1))
    services.transition(second, PlanAction.APPROVE, actor=principal)
    response = client_for(principal).post(reverse("plans:plan_transition", args=[second.pk, "publish"]), follow=True)
    body = response.content.decode()
    assert "Đã có kế hoạch:" in body and f'<a href="/ke-hoach/{first.pk}/">' in body
    second.refresh_from_db()
    assert second.status == PlanStatus.APPROVED


# ---------------------------------------------------------------- the issuing body


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("TRƯỜNG THPT NGUYỄN KHUYẾN", "Trường Trung học phổ thông Nguyễn Khuyến", True),
        ("Trường THPT Nguyễn Khuyến", "Trường THPT Nguyễn Khuyến", True),
        ("THPT Nguyễn Khuyến", "Trường THPT Nguyễn Khuyến", True),
        ("SỞ GD&ĐT HẢI PHÒNG", "Sở Giáo dục và Đào tạo Hải Phòng", True),
        ("TRƯỜNG THCS TRẦN PHÚ", "Trường THPT Nguyễn Khuyến", False),
        ("Trường THPT Thái Phiên", "Trường THPT Nguyễn Khuyến", False),
        ("Sở Giáo dục và Đào tạo Hà Nội", "Sở Giáo dục và Đào tạo Hải Phòng", False),
    ],
)
def test_body_names_compare_folded_with_their_abbreviations(a, b, same):
    assert same_body(a, b) is same


def test_a_plan_of_another_school_needs_the_users_acknowledgement(school, clerk):
    preview = services.preview_import(TRAN_PHU, "tran-phu.txt", school)
    assert preview.data.issuer == "TRƯỜNG THCS TRẦN PHÚ"
    assert "TRƯỜNG THCS TRẦN PHÚ" in preview.issuer_warning and school.name in preview.issuer_warning
    with pytest.raises(services.PlanError) as refused:
        services.import_plan(preview.data, organisation=school, actor=clerk)
    assert refused.value.field == "acknowledge_issuer"
    assert not Plan.objects.exists()
    plan = services.import_plan(preview.data, organisation=school, actor=clerk, issuer_acknowledged=True)
    assert any("TRƯỜNG THCS TRẦN PHÚ" in w["message"] for w in plan.import_warnings)


def test_the_seed_of_the_school_itself_gives_no_warning(school):
    assert services.preview_import(seed_bytes(), SEED_NAME, school).issuer_warning == ""


# ---------------------------------------------------------------- pages


def _upload(client, raw, name=SEED_NAME):
    return client.post(reverse("plans:plan_import"), {"file": SimpleUploadedFile(name, raw, "text/plain")})


def test_the_preview_of_a_duplicate_names_and_links_the_plan_and_offers_no_confirmation(school, clerk, clerk_client):
    first = _import_file(school, clerk)
    response = _upload(clerk_client, seed_bytes())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kế hoạch này đã có — không nhập lại" in body
    assert f'href="/ke-hoach/{first.pk}/"' in body
    assert "Xác nhận lưu kế hoạch" not in body
    # A confirmation posted anyway (another tab) is refused and leads to the plan that exists.
    token = clerk_client.session["danvan_plan_import"]["token"]
    response = clerk_client.post(reverse("plans:plan_import_confirm"), {"token": token})
    assert response.status_code == 302 and response["Location"] == f"/ke-hoach/{first.pk}/"
    assert Plan.objects.count() == 1


def test_the_preview_asks_to_acknowledge_another_issuer_before_storing(school, clerk_client):
    response = _upload(clerk_client, TRAN_PHU, "tran-phu.txt")
    body = response.content.decode()
    assert "Cơ quan ban hành khác đơn vị" in body and 'name="acknowledge_issuer"' in body
    token = clerk_client.session["danvan_plan_import"]["token"]
    response = clerk_client.post(reverse("plans:plan_import_confirm"), {"token": token})
    assert response.status_code == 400
    assert response.context["form"].errors["acknowledge_issuer"]
    assert not Plan.objects.exists()
    response = clerk_client.post(reverse("plans:plan_import_confirm"), {"token": token, "acknowledge_issuer": "on"})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ke-hoach/{plan.pk}/"
