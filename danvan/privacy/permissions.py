"""Personal-data protection's permission (registered in core.permissions; positions grant it there)."""

from __future__ import annotations

from danvan.core.permissions import register

# Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15: the head answers data-subject requests (export, erase) for the unit.
MANAGE = register(
    "privacy.manage", "Thực hiện yêu cầu của chủ thể dữ liệu, xem sổ xử lý dữ liệu cá nhân", module=__name__
)
