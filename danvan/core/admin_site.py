"""The Django admin site, open to the platform's administrators only.

The admin lists every school's rows: it is not limited by school like the product's pages, so only
superusers (who see everything anyway) may use it; staff of a school or of the Department use the
product's pages, where `core.scoping` applies.
"""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class DanvanAdminSite(AdminSite):
    """Django's admin with danvan's titles, for active superusers only."""

    site_header = "danvan — quản trị"
    site_title = "danvan"

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser


class DanvanAdminConfig(AdminConfig):
    """Django's admin app, serving DanvanAdminSite (listed in INSTALLED_APPS instead of django.contrib.admin)."""

    default_site = "danvan.core.admin_site.DanvanAdminSite"
