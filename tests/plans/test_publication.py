"""Publication: a dispatch record per recipient of the Nơi nhận, recorded by the clerk; the public PDF, cached."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone
from pypdf import PdfReader

from danvan.core.models import AuditEvent
from danvan.core.testing import assert_forbidden, assert_isolated, client_for
from danvan.plans import publication, services
from danvan.plans.models import PlanDispatch
from tests.plans.fixtures_plans import import_seed, publish

pytestmark = pytest.mark.django_db


def test_recipients_are_split_one_by_one_and_the_archive_stays_whole():
    got = services.recipient_list(["- Sở GD&ĐT Hải Phòng;", "CTCĐ, BTĐT;", "Đăng Website;", "Lưu: VT, hồ sơ.", ""])
    assert got == ["Sở GD&ĐT Hải Phòng", "CTCĐ", "BTĐT", "Đăng Website", "Lưu: VT, hồ sơ"]


def test_publication_lists_every_recipient_and_the_clerk_records_the_sending(school, clerk, principal):
    plan = publish(import_seed(school, actor=clerk))
    rows = {d.recipient: d for d in plan.dispatches.all()}
    assert list(rows) == ["Sở GD&ĐT Hải Phòng", "Phó hiệu trưởng", "CTCĐ", "BTĐT", "Đăng Website", "Lưu: VT"]
    # The website and the archive are done by the publication itself; the others wait for the clerk.
    assert {r for r, d in rows.items() if not d.sent} == {"Sở GD&ĐT Hải Phòng", "Phó hiệu trưởng", "CTCĐ", "BTĐT"}
    plan_date = plan.date

    so = rows["Sở GD&ĐT Hải Phòng"]
    with pytest.raises(services.PlanError, match="trước ngày ban hành"):
        services.record_dispatch(so, actor=clerk, sent_on=plan_date - dt.timedelta(days=1), channel="dien-tu")
    with pytest.raises(services.PlanError, match="sau hôm nay"):
        services.record_dispatch(
            so, actor=clerk, sent_on=timezone.localdate() + dt.timedelta(days=1), channel="dien-tu"
        )
    with pytest.raises(services.PlanError, match="hình thức"):
        services.record_dispatch(so, actor=clerk, sent_on=timezone.localdate(), channel="")
    services.record_dispatch(
        so,
        actor=clerk,
        sent_on=timezone.localdate(),
        channel="dien-tu",
        acknowledged_on=timezone.localdate(),
        note="Số đến 1523",
    )
    so.refresh_from_db()
    assert so.sent and so.sent_by.user == clerk and so.acknowledged_on == timezone.localdate()
    assert AuditEvent.objects.filter(code="plans.plan.dispatched", object_id=str(plan.pk)).exists()

    # Publishing a revision adds the new recipients only, and keeps what was recorded.
    services.transition(plan, "revise", actor=None)
    plan.refresh_from_db()
    plan.recipients = [*plan.recipients, "UBND phường Ngô Quyền"]
    plan.save(update_fields=["recipients"])
    publish(plan)
    assert plan.dispatches.count() == 7 and plan.dispatches.get(recipient="Sở GD&ĐT Hải Phòng").sent


def test_the_plan_page_shows_what_is_unsent_and_the_form_refuses_bad_dates(school, clerk, teacher, other_principal):
    plan = publish(import_seed(school, actor=clerk))
    client = client_for(clerk)
    html = client.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert 'data-unsent="4"' in html and "Chưa gửi" in html
    dispatch = plan.dispatches.get(recipient="CTCĐ")
    url = f"/ke-hoach/gui/{dispatch.pk}/"
    for bad in (
        {"sent_on": "0001-01-01", "channel": "giay"},
        {"sent_on": "9999-12-31", "channel": "giay"},
        {"sent_on": "2026-13-32", "channel": "giay"},
        {"channel": "fax"},
        {"note": "x" * 1_000_000},
    ):
        response = client.post(url, bad)
        assert response.status_code == 400, bad
        assert "error-summary" in response.content.decode()
    response = client.post(url, {"sent_on": timezone.localdate().isoformat(), "channel": "giay"})
    assert response.status_code == 302
    assert 'data-unsent="3"' in client.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert_isolated(other_principal, [url], methods=("get", "post"))
    assert_forbidden(teacher, [url])


@override_settings(DANVAN_PREBUILD_PUBLIC_PDF=True)
def test_the_public_pdf_is_built_on_publication_and_served_from_the_cache(
    school, clerk, django_capture_on_commit_callbacks
):
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        plan = publish(import_seed(school, actor=clerk))
    assert publication.cached_pdf(plan) is not None  # built by the task the publication enqueued
    anonymous = Client()
    response = anonymous.get(f"/ke-hoach/cong-khai/{school.code}/{plan.pk}/")
    assert f"/ke-hoach/cong-khai/{school.code}/{plan.pk}/ke-hoach.pdf" in response.content.decode()
    pdf = anonymous.get(f"/ke-hoach/cong-khai/{school.code}/{plan.pk}/ke-hoach.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "KẾ HOẠCH" in text and "Nơi nhận" in text


def test_a_draft_has_no_public_pdf_and_a_cache_miss_is_rebuilt(school, clerk):
    plan = import_seed(school, actor=clerk)
    url = f"/ke-hoach/cong-khai/{school.code}/{plan.pk}/ke-hoach.pdf"
    assert client_for(clerk).get(url).status_code == 404
    plan = publish(plan)
    cache.clear()
    assert publication.cached_pdf(plan) is None  # the suite does not prebuild (tests/settings.py)
    response = client_for(clerk).get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    cache.set(f"{publication.pdf_key(plan)}:lock", 1)  # another request is already building it
    cache.delete(publication.pdf_key(plan))
    pending = client_for(clerk).get(url)
    assert pending.status_code == 503 and pending["Retry-After"] == "30"
    assert PlanDispatch.objects.filter(plan=plan).exists()
