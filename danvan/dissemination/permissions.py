"""Dissemination's permissions (registered in core.permissions; positions grant them there).

Until 2026-12 the pages borrowed plans.view and plans.edit; every position that held those holds these too
(core.permissions: `VIEW` and every role with plans.edit), so nobody lost access."""

from __future__ import annotations

from danvan.core.permissions import register

VIEW = register("dissemination.view", "Xem văn bản, buổi quán triệt", module=__name__)
EDIT = register("dissemination.edit", "Nhập văn bản, tổ chức buổi quán triệt, ghi nhận người dự", module=__name__)
