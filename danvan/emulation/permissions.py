"""Emulation's permissions (registered in core.permissions; positions grant them there)."""

from __future__ import annotations

from danvan.core.permissions import register

VIEW = register("emulation.view", "Xem thi đua Dân vận khéo", module=__name__)
MANAGE = register("emulation.manage", "Quản lý thi đua, đề nghị khen thưởng", module=__name__)
