"""Known official calendar changes for civil servants, shipped as default `CalendarChange` rows.

The `holidays` package (holidays.VN) already knows the statutory holidays, the lunar Tết days,
the compensatory days off (nghỉ bù) and the government's swaps for 2010–2026; these rows repeat
what the government announced so the calendar stays right if the package changes, and so an
administrator sees the announcing document next to each day. Statutory fixed holidays (1/1,
30/4, 1/5, 2/9) are left to the package. What was verified and against which source is listed
in docs/workdays.md; rows whose document number is not verified say so in `document`.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

DAY_OFF = "nghi"
WORKING_DAY = "lam-viec"


class OfficialChange(NamedTuple):
    """One announced day off or working day."""

    date: dt.date
    kind: str
    name: str
    document: str
    is_swap: bool = False


def _d(y: int, m: int, d: int) -> dt.date:
    return dt.date(y, m, d)


_TET_2023 = "Thông báo của Bộ LĐTBXH về nghỉ Tết Quý Mão 2023 (số chưa xác nhận)"
_LE_2023 = "Hướng dẫn của Bộ LĐTBXH về nghỉ lễ 2023 (số chưa xác nhận)"
_TB_5015 = "TB 5015/TB-LĐTBXH ngày 22/11/2023"
_CV_2450 = "CV 2450/VPCP-KGVX ngày 12/4/2024"
_TB_6150 = "TB 6150/TB-BLĐTBXH năm 2024"
_SWAP_2025 = "Văn bản đồng ý hoán đổi ngày làm việc dịp 30/4–1/5/2025 (số chưa xác nhận)"
_TET_2026 = "Thông báo của Bộ Nội vụ về nghỉ Tết Bính Ngọ 2026 (số chưa xác nhận)"
_QK_2026 = "Thông báo của Bộ Nội vụ về nghỉ Quốc khánh 2026 (số chưa xác nhận)"

OFFICIAL_CHANGES: tuple[OfficialChange, ...] = (
    # 2023 — BLLĐ 2019 Điều 111(3): a holiday on a weekly rest day is made up on the next working day.
    OfficialChange(_d(2023, 1, 2), DAY_OFF, "Nghỉ bù Tết Dương lịch (1/1 trùng Chủ nhật)", _LE_2023),
    OfficialChange(_d(2023, 1, 20), DAY_OFF, "Nghỉ Tết Nguyên đán Quý Mão (29 Tết)", _TET_2023),
    OfficialChange(_d(2023, 1, 23), DAY_OFF, "Nghỉ Tết Nguyên đán Quý Mão", _TET_2023),
    OfficialChange(_d(2023, 1, 24), DAY_OFF, "Nghỉ Tết Nguyên đán Quý Mão", _TET_2023),
    OfficialChange(_d(2023, 1, 25), DAY_OFF, "Nghỉ Tết Nguyên đán Quý Mão", _TET_2023),
    OfficialChange(_d(2023, 1, 26), DAY_OFF, "Nghỉ Tết Nguyên đán Quý Mão", _TET_2023),
    OfficialChange(_d(2023, 5, 2), DAY_OFF, "Nghỉ bù Giỗ Tổ Hùng Vương (29/4 trùng thứ Bảy)", _LE_2023),
    OfficialChange(_d(2023, 5, 3), DAY_OFF, "Nghỉ bù ngày Chiến thắng (30/4 trùng Chủ nhật)", _LE_2023),
    OfficialChange(_d(2023, 9, 1), DAY_OFF, "Nghỉ Quốc khánh (ngày liền kề 2/9)", _LE_2023),
    OfficialChange(_d(2023, 9, 4), DAY_OFF, "Nghỉ bù Quốc khánh (2/9 trùng thứ Bảy)", _LE_2023),
    # 2024
    OfficialChange(_d(2024, 2, 8), DAY_OFF, "Nghỉ Tết Nguyên đán Giáp Thìn", _TB_5015),
    OfficialChange(_d(2024, 2, 9), DAY_OFF, "Nghỉ Tết Nguyên đán Giáp Thìn", _TB_5015),
    OfficialChange(_d(2024, 2, 12), DAY_OFF, "Nghỉ Tết Nguyên đán Giáp Thìn", _TB_5015),
    OfficialChange(_d(2024, 2, 13), DAY_OFF, "Nghỉ bù Tết Nguyên đán Giáp Thìn", _TB_5015),
    OfficialChange(_d(2024, 2, 14), DAY_OFF, "Nghỉ bù Tết Nguyên đán Giáp Thìn", _TB_5015),
    OfficialChange(_d(2024, 4, 29), DAY_OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 04/5/2024)", _CV_2450, True),
    OfficialChange(_d(2024, 5, 4), WORKING_DAY, "Làm bù cho ngày nghỉ 29/4/2024", _CV_2450, True),
    OfficialChange(_d(2024, 9, 3), DAY_OFF, "Nghỉ Quốc khánh (ngày liền kề 2/9)", _TB_5015),
    # 2025
    OfficialChange(_d(2025, 1, 27), DAY_OFF, "Nghỉ Tết Nguyên đán Ất Tỵ", _TB_6150),
    OfficialChange(_d(2025, 1, 28), DAY_OFF, "Nghỉ Tết Nguyên đán Ất Tỵ", _TB_6150),
    OfficialChange(_d(2025, 1, 29), DAY_OFF, "Nghỉ Tết Nguyên đán Ất Tỵ", _TB_6150),
    OfficialChange(_d(2025, 1, 30), DAY_OFF, "Nghỉ Tết Nguyên đán Ất Tỵ", _TB_6150),
    OfficialChange(_d(2025, 1, 31), DAY_OFF, "Nghỉ Tết Nguyên đán Ất Tỵ", _TB_6150),
    OfficialChange(_d(2025, 4, 26), WORKING_DAY, "Làm bù cho ngày nghỉ 02/5/2025", _SWAP_2025, True),
    OfficialChange(_d(2025, 5, 2), DAY_OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)", _SWAP_2025, True),
    OfficialChange(_d(2025, 9, 1), DAY_OFF, "Nghỉ Quốc khánh (ngày liền kề 2/9)", _TB_6150),
    # 2026
    OfficialChange(_d(2026, 2, 16), DAY_OFF, "Nghỉ Tết Nguyên đán Bính Ngọ", _TET_2026),
    OfficialChange(_d(2026, 2, 17), DAY_OFF, "Nghỉ Tết Nguyên đán Bính Ngọ", _TET_2026),
    OfficialChange(_d(2026, 2, 18), DAY_OFF, "Nghỉ Tết Nguyên đán Bính Ngọ", _TET_2026),
    OfficialChange(_d(2026, 2, 19), DAY_OFF, "Nghỉ Tết Nguyên đán Bính Ngọ", _TET_2026),
    OfficialChange(_d(2026, 2, 20), DAY_OFF, "Nghỉ Tết Nguyên đán Bính Ngọ", _TET_2026),
    OfficialChange(_d(2026, 4, 27), DAY_OFF, "Nghỉ bù Giỗ Tổ Hùng Vương (26/4 trùng Chủ nhật)", _LE_2023.replace("2023", "2026")),
    OfficialChange(_d(2026, 8, 22), WORKING_DAY, "Làm bù cho ngày nghỉ 31/8/2026", _QK_2026, True),
    OfficialChange(_d(2026, 8, 31), DAY_OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 22/8/2026)", _QK_2026, True),
    OfficialChange(_d(2026, 9, 1), DAY_OFF, "Nghỉ Quốc khánh (ngày liền kề 2/9)", _QK_2026),
)
