"""Known official calendar changes for civil servants, shipped as default `CalendarChange` rows.

The `holidays` package (holidays.VN) already knows the statutory holidays, the lunar Tết days,
the compensatory days off (nghỉ bù) and the government's swaps for 2010–2026; these rows repeat
what the government announced so the calendar stays right if the package changes, and so an
administrator sees the announcing document next to each day. Before 2026 the statutory fixed
holidays (1/1, 30/4, 1/5, 2/9) are left to the package; for 2026 every weekday off and every
worked Saturday has a row, so each day shows its document (shared law-2026.md §3). What was
verified and against which source is listed in docs/workdays.md; rows whose document number is
not verified say so in `document`.

`SUPERSEDED` lists rows earlier releases shipped with other values; migration 0003 updates a
stored row that still holds them (an administrator's edit is kept).
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
# 2026 (law-2026.md §3).
_NY_2026 = "CV 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ"
_TB_9441 = "TB 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ"
_BLLD_111 = "Bộ luật Lao động 2019, Điều 111(3) (nghỉ bù)"
_BLLD_112 = "Bộ luật Lao động 2019, Điều 112(1)"
_CV_3383 = "CV 3383/BNV-CVL ngày 10/4/2026 của Bộ Nội vụ (không hoán đổi)"
_NQ_28 = "NQ 28/2026/QH16, Điều 2, hiệu lực 01/7/2026"
# What earlier releases shipped for 2026 before the document numbers were found.
_OLD_TET_2026 = "Thông báo của Bộ Nội vụ về nghỉ Tết Bính Ngọ 2026 (số chưa xác nhận)"
_OLD_QK_2026 = "Thông báo của Bộ Nội vụ về nghỉ Quốc khánh 2026 (số chưa xác nhận)"
_OLD_LE_2026 = "Hướng dẫn của Bộ LĐTBXH về nghỉ lễ 2026 (số chưa xác nhận)"

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
    # 2026 — civil servants, Monday–Friday week: 14 weekday holidays, Saturdays 10/01 and 22/08 worked.
    OfficialChange(_d(2026, 1, 1), DAY_OFF, "Tết Dương lịch", f"{_BLLD_112}; {_NY_2026}"),
    OfficialChange(_d(2026, 1, 2), DAY_OFF, "Nghỉ hoán đổi Tết Dương lịch (làm bù thứ Bảy 10/01/2026)", _NY_2026, True),
    OfficialChange(_d(2026, 1, 10), WORKING_DAY, "Làm bù cho ngày nghỉ 02/01/2026", _NY_2026, True),
    OfficialChange(_d(2026, 2, 16), DAY_OFF, "Nghỉ Tết Nguyên đán Bính Ngọ", _TB_9441),
    OfficialChange(_d(2026, 2, 17), DAY_OFF, "Nghỉ Tết Nguyên đán Bính Ngọ", _TB_9441),
    OfficialChange(_d(2026, 2, 18), DAY_OFF, "Nghỉ Tết Nguyên đán Bính Ngọ", _TB_9441),
    OfficialChange(_d(2026, 2, 19), DAY_OFF, "Nghỉ Tết Nguyên đán Bính Ngọ", _TB_9441),
    OfficialChange(_d(2026, 2, 20), DAY_OFF, "Nghỉ Tết Nguyên đán Bính Ngọ", _TB_9441),
    OfficialChange(_d(2026, 4, 27), DAY_OFF, "Nghỉ bù Giỗ Tổ Hùng Vương (26/4 trùng Chủ nhật)", _BLLD_111),
    OfficialChange(_d(2026, 4, 30), DAY_OFF, "Ngày Chiến thắng", f"{_BLLD_112}; {_CV_3383}"),
    OfficialChange(_d(2026, 5, 1), DAY_OFF, "Ngày Quốc tế Lao động", f"{_BLLD_112}; {_CV_3383}"),
    OfficialChange(_d(2026, 8, 22), WORKING_DAY, "Làm bù cho ngày nghỉ 31/8/2026", _TB_9441, True),
    OfficialChange(_d(2026, 8, 31), DAY_OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 22/8/2026)", _TB_9441, True),
    OfficialChange(_d(2026, 9, 1), DAY_OFF, "Nghỉ Quốc khánh (ngày liền kề 2/9)", _TB_9441),
    OfficialChange(_d(2026, 9, 2), DAY_OFF, "Quốc khánh", f"{_BLLD_112}; {_TB_9441}"),
    # Not a holiday of BLLĐ Điều 112(1), so no make-up day when it falls on a weekend (law-2026.md §3).
    OfficialChange(_d(2026, 11, 24), DAY_OFF, "Ngày Văn hóa Việt Nam", _NQ_28),
)

SUPERSEDED: tuple[OfficialChange, ...] = (
    *(
        OfficialChange(_d(2026, 2, day), DAY_OFF, "Nghỉ Tết Nguyên đán Bính Ngọ", _OLD_TET_2026)
        for day in range(16, 21)
    ),
    OfficialChange(_d(2026, 4, 27), DAY_OFF, "Nghỉ bù Giỗ Tổ Hùng Vương (26/4 trùng Chủ nhật)", _OLD_LE_2026),
    OfficialChange(_d(2026, 8, 22), WORKING_DAY, "Làm bù cho ngày nghỉ 31/8/2026", _OLD_QK_2026, True),
    OfficialChange(_d(2026, 8, 31), DAY_OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 22/8/2026)", _OLD_QK_2026, True),
    OfficialChange(_d(2026, 9, 1), DAY_OFF, "Nghỉ Quốc khánh (ngày liền kề 2/9)", _OLD_QK_2026),
)
