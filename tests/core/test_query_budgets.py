"""Pages that list rows make the same number of queries for 2 rows as for 12 (no query per row)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import reset_queries
from django.urls import reverse

from danvan.core import audit
from danvan.core.context import acting_as
from danvan.core.testing import client_for
from danvan.notify.services import notify
from danvan.org.models import Membership, Person
from tests.plans.fixtures_plans import simple_plan

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _same_queries(client, url, grow, django_assert_max_num_queries):
    grow(2)
    reset_queries()  # the connection keeps the last 9000 queries only: start counting from an empty log
    with django_assert_max_num_queries(60) as few:
        assert client.get(url).status_code == 200
    budget = len(few.captured_queries)
    grow(10)
    reset_queries()
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


def test_the_audit_list(principal, school, django_assert_max_num_queries):
    def grow(n):
        with acting_as(principal, ip_address="198.51.100.7"):
            for i in range(n):
                audit.record("core.test.done", obj=school, message=f"lần {i}")

    _same_queries(client_for(principal), reverse("core:audit_list"), grow, django_assert_max_num_queries)


def test_the_notification_list(principal, school, django_assert_max_num_queries):
    def grow(n):
        for i in range(n):
            notify([principal], f"Thông báo {i}", "nội dung", url="/", organisation=school, email=False)

    _same_queries(client_for(principal), reverse("notify:notification_list"), grow, django_assert_max_num_queries)


def test_the_organisation_page(principal, school, django_assert_max_num_queries):
    def grow(n):
        for i in range(n):
            p = Person.objects.create(organisation=school, full_name=f"Giáo viên {i} {Person.objects.count()}")
            Membership.objects.create(person=p, organisation=school, position="GIAO_VIEN")

    _same_queries(
        client_for(principal), reverse("org:organisation_detail", args=[school.pk]), grow, django_assert_max_num_queries
    )


def test_the_task_page_with_updates_evidence_and_comments(school, clerk, django_assert_max_num_queries):
    task = simple_plan(school).tasks.order_by("order").first()
    client = client_for(clerk)

    def grow(n):
        for i in range(n):
            client.post(
                reverse("plans:task_update", args=[task.pk]),
                {
                    "status": "in_progress",
                    "progress": 10 + i,
                    "note": f"Lần {i}",
                    "files": [SimpleUploadedFile(f"bien-ban-{i}.pdf", PDF)],
                },
            )
            client.post(reverse("plans:task_comment", args=[task.pk]), {"body": f"Ý kiến {i}"})

    _same_queries(client, reverse("plans:task_detail", args=[task.pk]), grow, django_assert_max_num_queries)
