"""The national database export's permission (registered in core.permissions; positions grant it there)."""

from __future__ import annotations

from danvan.core.permissions import register

# NĐ 154/2026/NĐ-CP Điều 27: the reception register feeds the national database (docs/national-export.md).
EXPORT = register("nationaldb.export", "Xuất sổ tiếp công dân, hồ sơ đơn thư cho CSDL quốc gia", module=__name__)
