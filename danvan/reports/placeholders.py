"""The figure codes a report's narrative may hold (`{petitions.received}`), named in Vietnamese with their value.

The narrative keeps its numbers as codes so that recompiling refills them; the editor lists every code with
what it counts and its value in this version, and previews the text with the values in place, each marked with
its name, so that a clerk never has to read `{petitions.by_month.2026-09.khieu-nai}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from danvan.emulation.choices import ModelStatus, ProposalStatus
from danvan.petitions.choices import Channel, Kind, MediationOutcome
from danvan.reports.models import PLACEHOLDER, figure_value

# The names of the fixed figures; the report's tables use the same names (tables.stat_tables).
TASK_ROWS = (
    ("total", "Tổng số nhiệm vụ"),
    ("done", "Đã hoàn thành"),
    ("done_late", "Trong đó hoàn thành sau thời hạn"),
    ("in_progress", "Đang thực hiện"),
    ("not_started", "Chưa thực hiện"),
    ("late", "Chậm tiến độ (quá hạn, chưa hoàn thành)"),
    ("done_rate", "Tỷ lệ hoàn thành (%)"),
)
PETITION_OUTCOMES = (
    ("accepted", "Thụ lý"),
    ("not_accepted", "Không thụ lý"),
    ("transferred", "Chuyển đơn"),
    ("guided", "Hướng dẫn"),
    ("filed", "Lưu đơn"),
    ("withdrawn", "Rút đơn"),
    ("resolved_on_time", "Giải quyết đúng hạn"),
    ("resolved_late", "Giải quyết quá hạn"),
    ("on_time_rate", "Tỷ lệ đúng hạn (%)"),
    ("overdue_at_end", "Quá hạn giải quyết tại cuối kỳ"),
    ("mediations", "Số buổi hòa giải"),
)
DISSEMINATION_ROWS = (
    ("session_count", "Số buổi quán triệt"),
    ("document_count", "Số văn bản được quán triệt"),
    ("attendance_total", "Lượt người tham dự"),
    ("attendance_expected_total", "Lượt người phải tham dự"),
    ("attendance_rate", "Tỷ lệ tham dự (%)"),
)

LABELS: dict[str, str] = {
    "period.start": "Ngày đầu kỳ báo cáo",
    "period.end": "Ngày cuối kỳ báo cáo",
    **{f"tasks.{k}": label for k, label in TASK_ROWS},
    "tasks.on_time_done": "Hoàn thành đúng hạn",
    "petitions.received": "Số đơn tiếp nhận",
    "petitions.receptions": "Số lượt tiếp công dân",
    "petitions.receptions_by_head": "Số lượt người đứng đầu tiếp công dân",
    "petitions.resolved": "Số đơn đã giải quyết",
    "petitions.overdue_now": "Số đơn đang quá hạn",
    **{f"petitions.{k}": label for k, label in PETITION_OUTCOMES},
    **{f"dissemination.{k}": label for k, label in DISSEMINATION_ROWS},
    "emulation.model_count": "Số mô hình “Dân vận khéo”",
    "emulation.proposal_count": "Số đề nghị khen thưởng",
    "emulation.unit_evaluation_period": "Kỳ đánh giá các tổ chức, bộ phận",
}


def _choice(choices: Any, key: str) -> str:
    return str(dict(choices.choices).get(key, key))


def label(code: str) -> str:
    """Return what the figure `code` counts, in Vietnamese ("" for a code no report figure has)."""
    if code in LABELS:
        return LABELS[code]
    parts = code.split(".")
    source, group, rest = parts[0], parts[1] if len(parts) > 1 else "", parts[2:]
    if source == "petitions" and group == "by_kind" and len(rest) == 1:
        return f"Số đơn {_choice(Kind, rest[0]).lower()}"
    if source == "petitions" and group == "by_channel" and len(rest) == 1:
        return f"Số đơn nhận qua kênh “{_choice(Channel, rest[0])}”"
    if source == "petitions" and group == "by_month" and len(rest) == 2 and len(rest[0]) == 7:
        month = f"{rest[0][5:7]}/{rest[0][:4]}"
        return f"Số đơn {_choice(Kind, rest[1]).lower()} tháng {month}"
    if source == "petitions" and group == "mediation_outcomes" and len(rest) == 1:
        return f"Số vụ hòa giải: {_choice(MediationOutcome, rest[0]).lower()}"
    if source == "petitions" and group == "receptions_by_head" and len(rest) == 1:
        return f"Số lượt tiếp công dân của {rest[0]}"
    if source == "emulation" and group == "models_by_status" and len(rest) == 1:
        return f"Số mô hình “Dân vận khéo”: {_choice(ModelStatus, rest[0]).lower()}"
    if source == "emulation" and group == "proposals_by_status" and len(rest) == 1:
        return f"Số đề nghị khen thưởng: {_choice(ProposalStatus, rest[0]).lower()}"
    return ""


@dataclass(frozen=True)
class Placeholder:
    """One code a narrative may hold: `{code}`, what it counts and its value in this version."""

    code: str
    label: str
    value: str

    @property
    def braced(self) -> str:
        return "{" + self.code + "}"


def _codes(figures: dict[str, Any], prefix: str = "") -> list[str]:
    out = []
    for key, value in figures.items():
        if key in ("notes", "sources", "tasks") and not prefix:
            if key == "tasks" and isinstance(value, dict):
                out += [f"tasks.{k}" for k, v in value.items() if isinstance(v, int | float)]
            continue
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out += _codes(value, path + ".")
        elif isinstance(value, int | float | str) and prefix:
            out.append(path)
    return out


def available(figures: dict[str, Any]) -> list[Placeholder]:
    """Return every code the figures can fill, in the figures' order, with its name and value."""
    return [Placeholder(code, label(code) or code, figure_value(figures, code) or "") for code in _codes(figures)]


def preview(text: str, figures: dict[str, Any]) -> SafeString:
    """Return the text as HTML with each code replaced by its value, marked and named; an unknown code stands out."""
    out, last = [], 0
    for match in PLACEHOLDER.finditer(text or ""):
        out.append(format_html("{}", text[last : match.start()]))
        code = match.group(1)
        value = figure_value(figures, code)
        if value is None:
            out.append(
                format_html(
                    '<mark class="figure-unknown" title="{}">{}</mark>',
                    "Mã này không có trong số liệu của báo cáo",
                    match.group(0),
                )
            )
        else:
            out.append(format_html('<mark class="figure" title="{}">{}</mark>', label(code) or code, value))
        last = match.end()
    out.append(format_html("{}", (text or "")[last:]))
    return mark_safe("".join(out))  # every piece went through format_html


def unknown_codes(text: str, figures: dict[str, Any]) -> list[str]:
    """Return the codes in `text` the figures cannot fill (a typo stays in the report as typed)."""
    return [m.group(0) for m in PLACEHOLDER.finditer(text or "") if figure_value(figures, m.group(1)) is None]
