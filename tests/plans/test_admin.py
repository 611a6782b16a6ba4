"""Every plans model has an admin page that opens."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.core.testing import client_for
from danvan.plans import models, services
from tests.plans.fixtures_plans import publish, simple_plan

pytestmark = pytest.mark.django_db

MODELS = [
    models.Plan,
    models.PlanRevision,
    models.LegalReference,
    models.PlanReportDeadline,
    models.UnitAbbreviation,
    models.Task,
    models.TaskPeriod,
    models.TaskUpdate,
    models.Evidence,
    models.TaskComment,
]


def test_every_model_is_registered():
    assert all(admin.site.is_registered(m) for m in MODELS)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_admin_lists_and_opens(school, model):
    plan = publish(simple_plan(school))
    task = plan.tasks.first()
    services.record_task_update(
        task, actor=None, status="in_progress", progress=10, files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")]
    )
    services.add_comment(task, actor=None, body="Ý kiến")
    plan.legal_refs.create(organisation=school, number="23-QĐ/TW")
    plan.report_deadlines.create(organisation=school, name="Báo cáo năm", due=dt.date(2023, 12, 10))
    models.UnitAbbreviation.objects.create(organisation=school, abbreviation="BPGV", unit=task.units.first() or school)
    user = get_user_model().objects.create_superuser("root", "root@example.invalid", "pw-for-tests-1")
    client = client_for(user)
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert client.get(reverse(f"{prefix}_changelist")).status_code == 200
    obj = model.objects.first()
    assert obj is not None
    assert client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200
