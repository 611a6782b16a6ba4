"""A signed report gets the scan of its signed paper copy (a PDF), which the Sở downloads from the report page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.core.testing import assert_forbidden, assert_isolated, assert_method_not_allowed, client_for
from danvan.reports import services
from danvan.reports.choices import ReportState

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _u(name, *args):
    return reverse(f"reports:{name}", args=args)


def _pdf(name="ban-ky.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def signed(obligation, clerk, principal):
    version = services.compile_report(obligation, actor=clerk)
    return services.transition(version.report, "sign", actor=principal)


def test_the_clerk_uploads_the_scan_and_the_department_downloads_it(
    clerk_client, obligation, signed, department_officer
):
    page = clerk_client.get(_u("obligation_detail", obligation.pk)).text
    assert _u("signed_scan_upload", obligation.pk) in page  # the signed report asks for its scan
    response = clerk_client.post(_u("signed_scan_upload", obligation.pk), {"scan": _pdf()})
    assert response.status_code == 302
    services.transition(signed, "submit", actor=signed.signed_by)
    department = client_for(department_officer)
    page = department.get(_u("obligation_detail", obligation.pk)).text
    assert "Bản ký đã quét" in page and _u("signed_scan_download", obligation.pk) in page
    download = department.get(_u("signed_scan_download", obligation.pk))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF
    assert f"bao-cao-{obligation.organisation.code}-so-{signed.number}-ban-ky.pdf" in download["Content-Disposition"]


def test_a_file_that_is_not_a_pdf_is_refused_on_the_form(clerk_client, obligation, signed):
    response = clerk_client.post(
        _u("signed_scan_upload", obligation.pk), {"scan": _pdf("ban-ky.pdf", b"PK\x03\x04 not a pdf")}
    )
    assert response.status_code == 400
    assert "không phải loại được chấp nhận (PDF)" in response.text
    signed.refresh_from_db()
    assert not signed.signed_scan


def test_a_draft_has_no_place_for_a_scan_and_unsigning_clears_it(clerk_client, obligation, clerk, principal):
    report = services.compile_report(obligation, actor=clerk).report
    assert _u("signed_scan_upload", obligation.pk) not in clerk_client.get(_u("obligation_detail", obligation.pk)).text
    response = clerk_client.post(_u("signed_scan_upload", obligation.pk), {"scan": _pdf()})
    assert response.status_code == 400 and "sau khi báo cáo đã được ký" in response.text
    services.transition(report, "sign", actor=principal)
    assert clerk_client.post(_u("signed_scan_upload", obligation.pk), {"scan": _pdf()}).status_code == 302
    report = services.transition(type(report).objects.get(pk=report.pk), "unsign", actor=principal)
    assert report.state == ReportState.DRAFT and not report.signed_scan
    assert clerk_client.get(_u("signed_scan_download", obligation.pk)).status_code == 404


def test_another_school_gets_404_a_teacher_403_and_a_wrong_method_405(
    obligation, signed, other_principal, teacher, clerk_client
):
    clerk_client.post(_u("signed_scan_upload", obligation.pk), {"scan": _pdf()})
    assert_isolated(
        other_principal, [_u("signed_scan_upload", obligation.pk), _u("signed_scan_download", obligation.pk)]
    )
    assert_forbidden(teacher, [_u("signed_scan_upload", obligation.pk)], data={"scan": _pdf()})
    assert_method_not_allowed(teacher, _u("signed_scan_download", obligation.pk), "post")
