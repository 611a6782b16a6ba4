"""The calendar's permissions (registered in core.permissions; positions grant them there)."""

from __future__ import annotations

from danvan.core.permissions import register

VIEW = register("workdays.view", "Xem lịch làm việc, thời hạn", module=__name__)
MANAGE = register("workdays.manage", "Sửa lịch nghỉ, quy tắc thời hạn", module=__name__)
