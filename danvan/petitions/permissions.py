"""Petitions' permissions (registered in core.permissions; positions grant them there)."""

from __future__ import annotations

from danvan.core.permissions import register

VIEW = register("petitions.view", "Xem đơn thư (không gồm danh tính người tố cáo)", module=__name__)
REGISTER = register("petitions.register", "Tiếp nhận, vào sổ đơn thư, tiếp công dân", module=__name__)
HANDLE = register("petitions.handle", "Xử lý, xác minh, giải quyết đơn thư", module=__name__)
DECIDE = register("petitions.decide", "Quyết định thụ lý, kết luận, ký văn bản", module=__name__)
IDENTITY = register("petitions.identity", "Xem danh tính người tố cáo (người đứng đầu)", module=__name__)
ESCALATED = register("petitions.escalated", "Giải quyết đơn thuộc thẩm quyền cấp trên", module=__name__)
