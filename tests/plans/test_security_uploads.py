"""A plan upload that would unpack to far more than it weighs is refused before any parser opens it."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.lib import archives
from danvan.plans.models import Evidence
from tests.plans.fixtures_plans import simple_plan

pytestmark = pytest.mark.django_db


def docx_bomb(size: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b" " * size + b"</w:document>")
    return buf.getvalue()


def test_it_refuses_a_docx_bomb_with_a_field_error(clerk_client, monkeypatch):
    monkeypatch.setattr(archives, "MAX_EXPANDED_BYTES", 1_000_000)
    response = clerk_client.post(
        reverse("plans:plan_import"), {"file": SimpleUploadedFile("ke-hoach.docx", docx_bomb(3_000_000))}
    )
    assert response.status_code == 400
    assert "giải nén" in " ".join(response.context["form"].errors["file"])


def test_evidence_is_served_with_the_type_of_its_content_not_of_its_name(school, clerk_client, principal_client):
    task = simple_plan(school).tasks.order_by("order").first()
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    clerk_client.post(
        reverse("plans:task_update", args=[task.pk]),
        {"status": "in_progress", "progress": 10, "files": [SimpleUploadedFile("trang.html", pdf)]},
    )
    evidence = Evidence.objects.get()
    response = principal_client.get(reverse("plans:evidence_download", args=[evidence.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
