"""Open311's permission (registered in core.permissions; positions grant it there)."""

from __future__ import annotations

from danvan.core.permissions import register

MANAGE = register("open311.manage", "Cấp, thu hồi khóa Open311 cho ứng dụng đối tác gửi đơn", module=__name__)
