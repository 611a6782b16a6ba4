"""The organisation tree's permissions (registered in core.permissions; positions grant them there)."""

from __future__ import annotations

from danvan.core.permissions import register

VIEW = register("org.view", "Xem tổ chức, nhân sự", module=__name__)
MANAGE = register("org.manage", "Quản lý tổ chức, nhân sự, nhập danh sách", module=__name__)
