"""Read-only pages answer GET only: a POST (or PUT, DELETE) to them is refused with 405, as on every other page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.core.testing import assert_method_not_allowed

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_read_only_pages_refuse_other_methods(principal, school, method):
    urls = [
        reverse("core:dashboard"),
        reverse("core:audit_list"),
        reverse("org:organisation_list"),
        reverse("org:organisation_detail", args=[school.pk]),
        reverse("org:staff_export", args=[school.pk]),
        reverse("workdays:calendar"),
        reverse("workdays:calendar_year", args=[2025]),
        reverse("workdays:rules"),
        reverse("workdays:deadline"),
        reverse("notify:notification_list"),
    ]
    for url in urls:
        assert_method_not_allowed(principal, url, method)
