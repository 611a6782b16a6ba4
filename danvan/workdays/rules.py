"""The statutory deadline table, as data with citations, and how one row is chosen.

The rows below seed the `DeadlineRule` model (data migration 0002; migration 0003 syncs existing
databases, see `defaults.py`). Administrators then edit
the table in the admin; this module is the source of the defaults and of the selection logic,
which works on plain `RuleRow` objects so the engine, the commands and the tests share it.

Each figure carries the article of law it comes from. "ngày" in the Complaints and
Denunciations Laws is read as a calendar day (BLDS 2015 Điều 145(2), 146(1)(e)) unless the text
says "ngày làm việc"; see docs/workdays.md.

The 01/7/2026 reform: Luật 136/2025/QH15 amends the Citizen Reception, Complaints and
Denunciations Laws, and NĐ 154, 155 and 156/2026/NĐ-CP (all in force 01/7/2026) rewrite their
decrees. A figure gets a second version dated 01/7/2026 only where one of those texts changes it
(NĐ 155/2026 Điều 10: complaint acceptance 07 working days). Every other row stays in force as
it is; the full text of Luật 136/2025/QH15 was not read (shared law-2026.md §0), which the note
of each row under the three laws says (`L136_NOTE`) instead of a duplicate "unconfirmed" copy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

__all__ = [
    "AMENDMENT_2026",
    "L136_NOTE",
    "RULES",
    "RuleRow",
    "default_rules",
    "previous_defaults",
    "rule_values",
    "select_rule",
    "variant_candidates",
]

CALENDAR = "calendar"
WORKING = "working"

# Luật 136/2025/QH15 (passed 10/12/2025) and NĐ 154, 155, 156/2026/NĐ-CP (15/5/2026) take effect on 01/7/2026.
AMENDMENT_2026 = dt.date(2026, 7, 1)
ND_155 = AMENDMENT_2026  # NĐ 155/2026/NĐ-CP sửa đổi NĐ 124/2020, hiệu lực 01/7/2026 (Điều 21(1))
# The note the earlier releases put on their unconfirmed 01/7/2026 copies; migration 0003 recognises
# (and removes) copies that still carry it.
AMENDMENT_NOTE = (
    "Luật 136/2025/QH15 sửa đổi Luật Tiếp công dân, Luật Khiếu nại, Luật Tố cáo có hiệu lực từ 01/7/2026; "
    "chưa xác nhận thời hạn mới – tạm giữ thời hạn cũ, quản trị viên cập nhật khi có văn bản."
)
# Added to the note of every rule under the three laws that no 2026 text read changes.
L136_NOTE = (
    "Vẫn áp dụng từ 01/7/2026: NĐ 154, 155, 156/2026/NĐ-CP không sửa thời hạn này; "
    "chưa đọc được toàn văn Luật 136/2025/QH15."
)

# Effective dates of the texts the figures come from.
LUAT_KN = dt.date(2012, 7, 1)  # Luật Khiếu nại 02/2011/QH13, hiệu lực 01/7/2012
LUAT_TCD = dt.date(2014, 7, 1)  # Luật Tiếp công dân 42/2013/QH13, hiệu lực 01/7/2014
LUAT_TC = dt.date(2019, 1, 1)  # Luật Tố cáo 25/2018/QH14, hiệu lực 01/01/2019
ND_124 = dt.date(2020, 12, 5)  # NĐ 124/2020/NĐ-CP, hiệu lực 05/12/2020
TT_05 = dt.date(2021, 11, 15)  # TT 05/2021/TT-TTCP, hiệu lực 15/11/2021
LUAT_DCCS = dt.date(2023, 7, 1)  # Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15, hiệu lực 01/7/2023


@dataclass(frozen=True, slots=True)
class RuleRow:
    """One version of one statutory period."""

    kind: str
    step: str
    variant: str
    amount: int
    unit: str
    citation: str
    effective_from: dt.date
    confirmed: bool = True
    note: str = ""
    amended_by_2026: bool = True  # whether the law is one Luật 136/2025/QH15 amends (the row then gets L136_NOTE)

    @property
    def key(self) -> tuple[str, str, str, dt.date]:
        """Return the natural key (kind, step, variant, effective_from)."""
        return (self.kind, self.step, self.variant, self.effective_from)


def _r(
    kind: str, step: str, variant: str, amount: int, unit: str, citation: str, since: dt.date, **kw: object
) -> RuleRow:
    return RuleRow(kind, step, variant, amount, unit, citation, since, **kw)  # type: ignore[arg-type]


_ND155_ART10 = "NĐ 124/2020/NĐ-CP, Điều 16(1), sửa đổi bởi NĐ 155/2026/NĐ-CP, Điều 10"
ND_154 = dt.date(2026, 7, 1)  # NĐ 154/2026/NĐ-CP (tiếp công dân), hiệu lực 01/7/2026 (Điều 44)


RULES: tuple[RuleRow, ...] = (
    # ---------------------------------------------------------------- Khiếu nại lần đầu
    _r(
        "khieu-nai",
        "thoi-hieu",
        "thuong",
        90,
        CALENDAR,
        "Luật Khiếu nại 2011, Điều 9",
        LUAT_KN,
        note="Thời gian trở ngại khách quan (ốm đau, thiên tai…) không tính vào thời hiệu.",
    ),
    # The Law says "10 ngày"; TT 07/2013/TT-TTCP Điều 5 (sửa đổi bởi TT 02/2016) says 10 working days.
    _r(
        "khieu-nai",
        "thu-ly",
        "thuong",
        10,
        WORKING,
        "Luật Khiếu nại 2011, Điều 27; TT 07/2013/TT-TTCP, Điều 5 (sửa đổi bởi TT 02/2016/TT-TTCP)",
        LUAT_KN,
    ),
    _r("khieu-nai", "giai-quyet", "thuong", 30, CALENDAR, "Luật Khiếu nại 2011, Điều 28", LUAT_KN),
    _r("khieu-nai", "giai-quyet", "phuc-tap", 45, CALENDAR, "Luật Khiếu nại 2011, Điều 28", LUAT_KN),
    _r("khieu-nai", "giai-quyet", "vung-sau", 45, CALENDAR, "Luật Khiếu nại 2011, Điều 28", LUAT_KN),
    _r("khieu-nai", "giai-quyet", "vung-sau-phuc-tap", 60, CALENDAR, "Luật Khiếu nại 2011, Điều 28", LUAT_KN),
    _r("khieu-nai", "gui-quyet-dinh", "thuong", 3, WORKING, "Luật Khiếu nại 2011, Điều 32", LUAT_KN),
    # Article number of the disclosure rule in NĐ 124/2020 not verified (domain.md §1.1).
    _r(
        "khieu-nai",
        "cong-khai",
        "thuong",
        15,
        CALENDAR,
        "NĐ 124/2020/NĐ-CP (điều khoản chưa xác nhận)",
        ND_124,
        confirmed=False,
    ),
    _r("khieu-nai", "hieu-luc", "thuong", 30, CALENDAR, "Luật Khiếu nại 2011, Điều 44", LUAT_KN),
    _r("khieu-nai", "hieu-luc", "vung-sau", 45, CALENDAR, "Luật Khiếu nại 2011, Điều 44", LUAT_KN),
    _r("khieu-nai", "thi-hanh", "thuong", 5, WORKING, "NĐ 124/2020/NĐ-CP, Điều 31", ND_124),
    # ---------------------------------------------------------------- Khiếu nại lần hai
    _r("khieu-nai-lan-2", "thoi-hieu", "thuong", 30, CALENDAR, "Luật Khiếu nại 2011, Điều 33(1)", LUAT_KN),
    _r("khieu-nai-lan-2", "thoi-hieu", "vung-sau", 45, CALENDAR, "Luật Khiếu nại 2011, Điều 33(1)", LUAT_KN),
    _r("khieu-nai-lan-2", "thu-ly", "thuong", 10, CALENDAR, "Luật Khiếu nại 2011, Điều 36", LUAT_KN),
    _r("khieu-nai-lan-2", "giai-quyet", "thuong", 45, CALENDAR, "Luật Khiếu nại 2011, Điều 37", LUAT_KN),
    _r("khieu-nai-lan-2", "giai-quyet", "phuc-tap", 60, CALENDAR, "Luật Khiếu nại 2011, Điều 37", LUAT_KN),
    _r("khieu-nai-lan-2", "giai-quyet", "vung-sau", 60, CALENDAR, "Luật Khiếu nại 2011, Điều 37", LUAT_KN),
    _r("khieu-nai-lan-2", "giai-quyet", "vung-sau-phuc-tap", 70, CALENDAR, "Luật Khiếu nại 2011, Điều 37", LUAT_KN),
    _r("khieu-nai-lan-2", "gui-quyet-dinh", "thuong", 7, CALENDAR, "Luật Khiếu nại 2011, Điều 41", LUAT_KN),
    _r(
        "khieu-nai-lan-2",
        "cong-khai",
        "thuong",
        15,
        CALENDAR,
        "NĐ 124/2020/NĐ-CP (điều khoản chưa xác nhận)",
        ND_124,
        confirmed=False,
    ),
    _r("khieu-nai-lan-2", "hieu-luc", "thuong", 30, CALENDAR, "Luật Khiếu nại 2011, Điều 44", LUAT_KN),
    _r("khieu-nai-lan-2", "hieu-luc", "vung-sau", 45, CALENDAR, "Luật Khiếu nại 2011, Điều 44", LUAT_KN),
    _r("khieu-nai-lan-2", "thi-hanh", "thuong", 5, WORKING, "NĐ 124/2020/NĐ-CP, Điều 31", ND_124),
    # ---------------------------------------------------------------- Khiếu nại quyết định kỷ luật
    _r("khieu-nai-ky-luat", "thoi-hieu", "thuong", 15, CALENDAR, "Luật Khiếu nại 2011, Điều 48", LUAT_KN),
    _r("khieu-nai-ky-luat", "thu-ly", "thuong", 10, CALENDAR, "Luật Khiếu nại 2011, Điều 50", LUAT_KN),
    _r("khieu-nai-ky-luat", "giai-quyet", "thuong", 30, CALENDAR, "Luật Khiếu nại 2011, Điều 50", LUAT_KN),
    _r("khieu-nai-ky-luat", "giai-quyet", "phuc-tap", 45, CALENDAR, "Luật Khiếu nại 2011, Điều 50", LUAT_KN),
    # ---------------------------------------------------------------- 01/7/2026: NĐ 155/2026/NĐ-CP
    # Điều 10 rewrites NĐ 124/2020 Điều 16(1): "Trong thời hạn 07 ngày làm việc, kể từ ngày nhận được
    # khiếu nại quyết định hành chính, hành vi hành chính, quyết định kỷ luật cán bộ, công chức … người có
    # thẩm quyền giải quyết khiếu nại lần đầu hoặc lần hai phải thụ lý giải quyết." It applies to
    # complaints received from 01/7/2026 (the version is chosen by the date received).
    _r("khieu-nai", "thu-ly", "thuong", 7, WORKING, _ND155_ART10, ND_155, amended_by_2026=False),
    _r("khieu-nai-lan-2", "thu-ly", "thuong", 7, WORKING, _ND155_ART10, ND_155, amended_by_2026=False),
    _r(
        "khieu-nai-ky-luat",
        "thu-ly",
        "thuong",
        7,
        WORKING,
        _ND155_ART10,
        ND_155,
        amended_by_2026=False,
        note="Điều 16(1) mới áp dụng cho khiếu nại quyết định kỷ luật cán bộ, công chức.",
    ),
    # ---------------------------------------------------------------- Tố cáo
    _r("to-cao", "xu-ly", "thuong", 7, WORKING, "Luật Tố cáo 2018, Điều 24(1)", LUAT_TC),
    # Up to 10 working days when several places must be checked or a delegation is needed.
    _r("to-cao", "xu-ly", "phuc-tap", 10, WORKING, "Luật Tố cáo 2018, Điều 24(1)", LUAT_TC),
    _r("to-cao", "chuyen-don", "thuong", 5, WORKING, "Luật Tố cáo 2018, Điều 24(2)", LUAT_TC),
    _r("to-cao", "thong-bao", "thuong", 5, WORKING, "Luật Tố cáo 2018, Điều 29(3); NĐ 31/2019/NĐ-CP, Điều 9", LUAT_TC),
    _r("to-cao", "giai-quyet", "thuong", 30, CALENDAR, "Luật Tố cáo 2018, Điều 30", LUAT_TC),
    # Complex: one extension ≤ 30 days; especially complex: two extensions ≤ 30 days each (NĐ 31/2019 Điều 3).
    _r(
        "to-cao",
        "giai-quyet",
        "phuc-tap",
        60,
        CALENDAR,
        "Luật Tố cáo 2018, Điều 30 (gia hạn 01 lần ≤ 30 ngày); NĐ 31/2019/NĐ-CP, Điều 3",
        LUAT_TC,
        note="Thời hạn tối đa khi đã có quyết định gia hạn (Mẫu 01).",
    ),
    _r(
        "to-cao",
        "giai-quyet",
        "dac-biet-phuc-tap",
        90,
        CALENDAR,
        "Luật Tố cáo 2018, Điều 30 (gia hạn 02 lần, mỗi lần ≤ 30 ngày); NĐ 31/2019/NĐ-CP, Điều 3",
        LUAT_TC,
        note="Thời hạn tối đa khi đã có hai quyết định gia hạn (Mẫu 01).",
    ),
    _r("to-cao", "gui-ket-luan", "thuong", 5, WORKING, "Luật Tố cáo 2018, Điều 35; NĐ 31/2019/NĐ-CP, Điều 17", LUAT_TC),
    _r("to-cao", "xem-xet-lai", "thuong", 20, CALENDAR, "Luật Tố cáo 2018, Điều 37", LUAT_TC),
    # ---------------------------------------------------------------- Tiếp công dân, kiến nghị, phản ánh
    _r("tiep-cong-dan", "tra-loi", "thuong", 10, WORKING, "Luật Tiếp công dân 2013, Điều 28(1)", LUAT_TCD),
    _r("kien-nghi", "tra-loi", "thuong", 10, WORKING, "Luật Tiếp công dân 2013, Điều 28(1)", LUAT_TCD),
    _r("phan-anh", "tra-loi", "thuong", 10, WORKING, "Luật Tiếp công dân 2013, Điều 28(1)", LUAT_TCD),
    # No processing period specific to TT 05/2021 was verified (domain.md §3.2): use the Điều 28 reply period.
    _r(
        "kien-nghi",
        "xu-ly",
        "thuong",
        10,
        WORKING,
        "TT 05/2021/TT-TTCP (chưa xác nhận; tạm theo Luật TCD Điều 28)",
        TT_05,
        confirmed=False,
    ),
    _r(
        "phan-anh",
        "xu-ly",
        "thuong",
        10,
        WORKING,
        "TT 05/2021/TT-TTCP (chưa xác nhận; tạm theo Luật TCD Điều 28)",
        TT_05,
        confirmed=False,
    ),
    # ---------------------------------------------------------------- Ban Thanh tra nhân dân
    _r(
        "kien-nghi-bttnd",
        "tra-loi",
        "thuong",
        15,
        CALENDAR,
        "Luật Thực hiện dân chủ ở cơ sở 2022, Điều 63(1)",
        LUAT_DCCS,
        amended_by_2026=False,
    ),
    # ---- reception
    # NĐ 154/2026/NĐ-CP Điều 4(3): the head issues the refusal notice (Mẫu 01/TCD) within 03 working days from the day
    # the grounds of Luật TCD Điều 9(3) or Điều 4(1)(h) are established. NĐ 154 itself is the new text (in force
    # 01/7/2026), so no "unconfirmed" 2026 copy is made.
    _r("tiep-cong-dan", "tu-choi", "thuong", 3, WORKING, "NĐ 154/2026/NĐ-CP, Điều 4(3)", ND_154, amended_by_2026=False),
    # ---- denunciations
    # Publicity of the denunciation conclusion: 07 working days from the conclusion (Luật TC Điều 40(1); NĐ 31/2019
    # Điều 6, not amended by NĐ 156/2026). Read in the consolidated text; L136/2025 not read (law-2026.md §0).
    _r(
        "to-cao",
        "cong-khai-ket-luan",
        "thuong",
        7,
        WORKING,
        "Luật Tố cáo 2018, Điều 40(1); NĐ 31/2019/NĐ-CP, Điều 6",
        LUAT_TC,
        amended_by_2026=False,
    ),
    # A tố cáo tiếp because the period lapsed unresolved: within 05 working days the superior requests a report on
    # the handling and the reasons for the delay (Luật TC Điều 38(2)).
    _r(
        "to-cao",
        "yeu-cau-bao-cao",
        "thuong",
        5,
        WORKING,
        "Luật Tố cáo 2018, Điều 38(2)",
        LUAT_TC,
        amended_by_2026=False,
    ),
    # ---- complaints
    # NĐ 155/2026/NĐ-CP (amending NĐ 124/2020) in force 01/7/2026 = AMENDMENT_2026 (NĐ 155 Điều 21(1)); read in
    # the diepxuan transcription.
    *(
        _r(
            kind,
            "gui-qd-dinh-chi",
            "thuong",
            3,
            WORKING,
            "NĐ 124/2020/NĐ-CP, Điều 28b (bổ sung bởi NĐ 155/2026/NĐ-CP, Điều 12)",
            AMENDMENT_2026,
            amended_by_2026=False,
            note="Gửi quyết định tạm đình chỉ, đình chỉ (Mẫu 14a) hoặc tiếp tục giải quyết (Mẫu 14b).",
        )
        for kind in ("khieu-nai", "khieu-nai-lan-2", "khieu-nai-ky-luat", "kn-ky-luat-lan-2")
    ),
    *(
        _r(
            kind,
            "thong-bao-doi-thoai",
            "thuong",
            5,
            CALENDAR,
            "NĐ 124/2020/NĐ-CP, Điều 28 khoản 1 (sửa đổi bởi NĐ 155/2026/NĐ-CP, Điều 11)",
            AMENDMENT_2026,
            amended_by_2026=False,
            note="Thông báo bằng văn bản trước ngày đối thoại ít nhất 05 ngày.",
        )
        for kind in ("khieu-nai", "khieu-nai-lan-2", "khieu-nai-ky-luat", "kn-ky-luat-lan-2")
    ),
    # Second-time complaint against a disciplinary decision (Luật KN 2011 Chương IV). Figures from the pháp điển
    # summary in shared/docs/domain.md; the article text itself was not re-read (see docs/petitions.md).
    _r(
        "kn-ky-luat-lan-2",
        "thoi-hieu",
        "thuong",
        10,
        CALENDAR,
        "Luật Khiếu nại 2011, Điều 48",
        LUAT_KN,
        amended_by_2026=False,
        note="Kể từ ngày nhận được quyết định giải quyết lần đầu.",
    ),
    _r(
        "kn-ky-luat-lan-2",
        "thoi-hieu",
        "buoc-thoi-viec",
        30,
        CALENDAR,
        "Luật Khiếu nại 2011, Điều 48",
        LUAT_KN,
        amended_by_2026=False,
        note="Quyết định kỷ luật buộc thôi việc.",
    ),
    _r(
        "kn-ky-luat-lan-2",
        "thu-ly",
        "thuong",
        10,
        CALENDAR,
        "Luật Khiếu nại 2011, Điều 50",
        LUAT_KN,
        amended_by_2026=False,
    ),
    # NĐ 124 Điều 16(1) as amended by NĐ 155 Điều 10 names disciplinary complaints, first and second time.
    _r(
        "kn-ky-luat-lan-2",
        "thu-ly",
        "thuong",
        7,
        WORKING,
        "NĐ 124/2020/NĐ-CP, Điều 16 khoản 1 (sửa đổi bởi NĐ 155/2026/NĐ-CP, Điều 10)",
        AMENDMENT_2026,
        amended_by_2026=False,
    ),
    _r(
        "kn-ky-luat-lan-2",
        "giai-quyet",
        "thuong",
        45,
        CALENDAR,
        "Luật Khiếu nại 2011, Điều 50 (chưa xác nhận)",
        LUAT_KN,
        confirmed=False,
        amended_by_2026=False,
    ),
    _r(
        "kn-ky-luat-lan-2",
        "giai-quyet",
        "phuc-tap",
        60,
        CALENDAR,
        "Luật Khiếu nại 2011, Điều 50 (chưa xác nhận)",
        LUAT_KN,
        confirmed=False,
        amended_by_2026=False,
    ),
)


def default_rules() -> list[RuleRow]:
    """Return the seed rows: every version in RULES, those the 2026 texts leave alone noted as such.

    A row under a law Luật 136/2025/QH15 amends, with no later version in RULES, carries
    `L136_NOTE` in its note: it stays in force after 01/7/2026, read against the 2026 decrees only.
    """
    superseded = {(r.kind, r.step, r.variant) for r in RULES if r.effective_from >= AMENDMENT_2026}
    rows = []
    for row in RULES:
        if (
            row.amended_by_2026
            and row.effective_from < AMENDMENT_2026
            and (row.kind, row.step, row.variant) not in superseded
        ):
            row = replace(row, note=f"{row.note} {L136_NOTE}".strip())
        rows.append(row)
    return rows


def previous_defaults() -> dict[tuple[str, str, str, dt.date], list[tuple[object, ...]]]:
    """Return, by natural key, the values earlier releases shipped for rows now shipped differently.

    Earlier releases shipped RULES without `L136_NOTE`, plus a copy of every amended row dated
    01/7/2026 with the old figure, ``confirmed=False`` and `AMENDMENT_NOTE`. Migration 0003 updates
    or removes a stored row only when it still holds one of these values (no administrator edited it).
    """
    out: dict[tuple[str, str, str, dt.date], list[tuple[object, ...]]] = {}
    for row in RULES:
        if row.effective_from >= AMENDMENT_2026:
            continue
        out.setdefault(row.key, []).append(rule_values(row))
        if row.amended_by_2026:
            copy = replace(row, effective_from=AMENDMENT_2026, confirmed=False, note=AMENDMENT_NOTE)
            out.setdefault(copy.key, []).append(rule_values(copy))
    return out


def rule_values(row: RuleRow) -> tuple[object, ...]:
    """Return the editable values of a row (amount, unit, citation, confirmed, note)."""
    return (row.amount, row.unit, row.citation, row.confirmed, row.note)


def variant_candidates(*, complex: bool = False, very_complex: bool = False, remote: bool = False) -> list[str]:
    """Return the variants to try, most specific first, ending with "thuong".

    A rule without a specific variant falls back to the ordinary one: a remote-area acceptance is
    still 10 working days. "Especially complex" implies complex (NĐ 31/2019 Điều 3(3)).
    """
    complex = complex or very_complex
    out: list[str] = []
    if remote and complex:
        out.append("vung-sau-phuc-tap")
    if very_complex:
        out.append("dac-biet-phuc-tap")
    if remote:
        out.append("vung-sau")
    if complex:
        out.append("phuc-tap")
    out.append("thuong")
    return out


def select_rule(
    rows: Iterable[RuleRow],
    kind: str,
    step: str,
    on: dt.date,
    *,
    complex: bool = False,
    very_complex: bool = False,
    remote: bool = False,
) -> RuleRow | None:
    """Return the version in force on `on` of the most specific matching variant, or None."""
    by_variant: dict[str, RuleRow] = {}
    for row in rows:
        if row.kind != kind or row.step != step or row.effective_from > on:
            continue
        best = by_variant.get(row.variant)
        if best is None or row.effective_from > best.effective_from:
            by_variant[row.variant] = row
    for variant in variant_candidates(complex=complex, very_complex=very_complex, remote=remote):
        if variant in by_variant:
            return by_variant[variant]
    return None
