"""Reports' permissions (registered in core.permissions; positions grant them there)."""

from __future__ import annotations

from danvan.core.permissions import register

VIEW = register("reports.view", "Xem báo cáo", module=__name__)
EDIT = register("reports.edit", "Soạn báo cáo", module=__name__)
SIGN = register("reports.sign", "Ký, gửi báo cáo", module=__name__)
REVIEW = register("reports.review", "Tiếp nhận, trả lại báo cáo của đơn vị trực thuộc", module=__name__)
OBLIGATIONS = register("reports.obligations", "Giao nghĩa vụ báo cáo cho đơn vị trực thuộc", module=__name__)
