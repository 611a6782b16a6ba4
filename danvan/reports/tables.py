"""The statistical tables of a report version or of the Department aggregate, as (title, headers, rows).

Shown on the report pages and written into the DOCX/PDF/XLSX exports (`reports.export`). Kept apart from the
exports so that a page showing the tables loads no document library (openpyxl, matplotlib, python-docx, fpdf2).
"""

from __future__ import annotations

from typing import Any

from danvan.emulation.choices import ModelStatus, ProposalStatus
from danvan.petitions.choices import Channel, MediationOutcome, kind_labels
from danvan.reports.choices import ObligationStatus
from danvan.reports.placeholders import DISSEMINATION_ROWS, PETITION_OUTCOMES, TASK_ROWS


def fmt(value: Any) -> str:
    """Return a figure as printed: thousands with dots, rates with a decimal comma, missing as "—"."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


# ------------------------------------------------------------------------------------------ tables


def _ok(figures: dict[str, Any], source: str) -> dict[str, Any] | None:
    data = figures.get(source)
    return data if isinstance(data, dict) and "unavailable" not in data else None


def channel_labels() -> dict[str, str]:
    """Return the petition channels' Vietnamese names."""
    return {str(k): str(v) for k, v in Channel.choices}


def emulation_labels() -> tuple[dict[str, str], dict[str, str]]:
    """Return the Vietnamese names of model and proposal statuses."""
    return ({str(k): str(v) for k, v in ModelStatus.choices}, {str(k): str(v) for k, v in ProposalStatus.choices})


TASK_STATUS = {"done": "Hoàn thành", "in_progress": "Đang thực hiện", "not_started": "Chưa thực hiện"}


def stat_tables(figures: dict[str, Any]) -> list[tuple[str, list[str], list[list[Any]]]]:
    """Return the statistical tables of a version: (title, headers, rows) with raw values."""
    tables: list[tuple[str, list[str], list[list[Any]]]] = []
    t = _ok(figures, "tasks")
    if t:
        tables.append(
            (
                "Kết quả thực hiện nhiệm vụ",
                ["Chỉ tiêu", "Số lượng"],
                [[label, t.get(key)] for key, label in TASK_ROWS if key in t],
            )
        )
        rows = []
        for i, task in enumerate(t.get("tasks") or [], 1):
            status = TASK_STATUS.get(str(task.get("status")), str(task.get("status") or ""))
            if task.get("late"):
                status += " (chậm)"
            rows.append(
                [
                    task.get("no") or i,
                    task.get("content"),
                    status,
                    task.get("progress"),
                    task.get("due_on") or "",
                    task.get("completed_on") or "",
                    task.get("evidence_count"),
                ]
            )
        if rows:
            tables.append(
                (
                    "Danh sách nhiệm vụ",
                    ["STT", "Nội dung", "Tình trạng", "Tiến độ (%)", "Hạn", "Hoàn thành", "Minh chứng"],
                    rows,
                )
            )
    p = _ok(figures, "petitions")
    if p:
        labels = kind_labels()
        rows = [["Số lượt tiếp công dân", p.get("receptions")]] if "receptions" in p else []
        by_head = p.get("receptions_by_head")
        if isinstance(by_head, dict):
            rows += [[f"– {who}", n] for who, n in by_head.items()]
        elif by_head is not None:
            rows.append(["– Trong đó người đứng đầu tiếp", by_head])
        rows.append(["Số đơn tiếp nhận", p.get("received")])
        for kind, n in (p.get("by_kind") or {}).items():
            rows.append([f"– {labels.get(kind, kind)}", n])
        channels = channel_labels()
        for channel, n in (p.get("by_channel") or {}).items():
            rows.append([f"– {channels.get(channel, channel)}", n])
        rows += [[label, p.get(key)] for key, label in PETITION_OUTCOMES if key in p]
        mediation_labels = dict(MediationOutcome.choices)
        for outcome, n in (p.get("mediation_outcomes") or {}).items():
            rows.append([f"– {mediation_labels.get(outcome, outcome)!s}", n])
        tables.append(("Tiếp công dân, đơn thư", ["Chỉ tiêu", "Số lượng"], rows))
        by_month = p.get("by_month") or {}
        if by_month:
            kinds = sorted({k for m in by_month.values() for k in (m or {})})
            tables.append(
                (
                    "Đơn thư theo tháng",
                    ["Tháng", *[labels.get(k, k) for k in kinds]],
                    [[f"{m[5:7]}/{m[:4]}", *[(by_month[m] or {}).get(k, 0) for k in kinds]] for m in sorted(by_month)],
                )
            )
    d = _ok(figures, "dissemination")
    if d:
        tables.append(
            (
                "Tuyên truyền, quán triệt",
                ["Chỉ tiêu", "Số lượng"],
                [[label, d.get(key)] for key, label in DISSEMINATION_ROWS],
            )
        )
    e = _ok(figures, "emulation")
    if e:
        model_labels, proposal_labels = emulation_labels()
        rows = [["Số mô hình “Dân vận khéo”", e.get("model_count")]]
        for status, n in (e.get("models_by_status") or {}).items():
            rows.append([f"– {model_labels.get(status, status)}", n])
        rows.append(["Số đề nghị khen thưởng", e.get("proposal_count")])
        for status, n in (e.get("proposals_by_status") or {}).items():
            rows.append([f"– {proposal_labels.get(status, status)}", n])
        tables.append(("Phong trào thi đua “Dân vận khéo”", ["Chỉ tiêu", "Số lượng"], rows))
        raw_models = e.get("models")
        models = [m for m in raw_models if isinstance(m, dict)] if isinstance(raw_models, list) else []
        if models and figures.get("school_rows") is None:
            tables.append(
                (
                    "Các mô hình “Dân vận khéo”",
                    ["STT", "Tên mô hình", "Bộ phận", "Tình trạng"],
                    [
                        [
                            i,
                            m.get("name"),
                            m.get("unit") or "",
                            model_labels.get(str(m.get("status")), m.get("status") or ""),
                        ]
                        for i, m in enumerate(models, 1)
                    ],
                )
            )
        tables += unit_evaluation_tables(e, department=figures.get("school_rows") is not None)
    if figures.get("school_rows") is not None:
        tables.append(
            (
                "Số liệu các trường",
                [
                    "Trường",
                    "Nhiệm vụ",
                    "Hoàn thành",
                    "Chậm",
                    "Đơn tiếp nhận",
                    "Giải quyết đúng hạn",
                    "Quá hạn",
                    "Quá hạn cuối kỳ",
                    "Tình trạng báo cáo",
                ],
                [
                    [
                        r["name"],
                        r["tasks_total"],
                        r["tasks_done"],
                        r["tasks_late"],
                        r["petitions_received"],
                        r["resolved_on_time"],
                        r["resolved_late"],
                        r.get("overdue_at_end", r.get("overdue_now")),
                        str(ObligationStatus(r["status"]).label) if r["status"] else "Không giao",
                    ]
                    for r in figures["school_rows"]
                ],
            )
        )
    return tables


UNIT_RATINGS = (
    ("xuat-sac", "Hoàn thành xuất sắc nhiệm vụ"),
    ("tot", "Hoàn thành tốt nhiệm vụ"),
    ("hoan-thanh", "Hoàn thành nhiệm vụ"),
    ("khong-hoan-thanh", "Không hoàn thành nhiệm vụ"),
)
UNIT_EVALUATION_TITLES = {
    "so-ket": "Sơ kết 6 tháng công tác dân vận của các tổ chức, bộ phận",
    "tong-ket": "Tổng kết công tác dân vận của các tổ chức, bộ phận",
}


def unit_evaluation_tables(e: dict[str, Any], *, department: bool) -> list[tuple[str, list[str], list[list[Any]]]]:
    """Return the table of the units' finalised evaluations (a school) or of their ratings per school (the Sở)."""
    rows = [r for r in e.get("unit_evaluations") or [] if isinstance(r, dict)]
    if not rows:
        return []
    title = UNIT_EVALUATION_TITLES.get(str(e.get("unit_evaluation_period")), UNIT_EVALUATION_TITLES["tong-ket"])
    if department:
        per_school: dict[str, dict[str, int]] = {}
        for r in rows:
            counts = per_school.setdefault(str(r.get("organisation") or ""), {})
            counts[str(r.get("rating"))] = counts.get(str(r.get("rating")), 0) + 1
        return [
            (
                title,
                ["Trường", *[label for _k, label in UNIT_RATINGS]],
                [[name, *[counts.get(k, 0) for k, _label in UNIT_RATINGS]] for name, counts in per_school.items()],
            )
        ]
    return [
        (
            title,
            ["STT", "Tổ chức, bộ phận", "Điểm", "Xếp loại", "Nhận xét của Hiệu trưởng"],
            [
                [
                    i,
                    r.get("unit"),
                    f"{r.get('total'):g}/{r.get('max_total')}" if r.get("max_total") else "",
                    r.get("rating_label") or dict(UNIT_RATINGS).get(str(r.get("rating")), ""),
                    r.get("comment") or "",
                ]
                for i, r in enumerate(rows, 1)
            ],
        )
    ]
