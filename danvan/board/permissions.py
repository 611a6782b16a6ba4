"""The people's inspection board's permissions (registered in core.permissions; positions grant them there)."""

from __future__ import annotations

from danvan.core.permissions import register

VIEW = register("board.view", "Xem hoạt động Ban thanh tra nhân dân", module=__name__)
MANAGE = register("board.manage", "Quản lý hoạt động Ban thanh tra nhân dân", module=__name__)
# Luật 10/2022/QH15 Điều 61: every staff member may send kiến nghị, phản ánh (to the head or the board).
CONCERN = register("board.concern", "Gửi kiến nghị, phản ánh của cán bộ, giáo viên, nhân viên", module=__name__)
