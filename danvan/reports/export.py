"""Turn a report version (or the Department aggregate) into an NĐ 30/2020 document: DOCX, PDF, and XLSX tables.

The document is described with the shared `danvan.lib.nd30` blocks and built by its `build_docx` /
`build_pdf`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from danvan.emulation.choices import ModelStatus, ProposalStatus
from danvan.lib import nd30
from danvan.lib.xlsx import safe_cell
from danvan.petitions.choices import Channel, MediationOutcome, kind_labels
from danvan.reports import charts
from danvan.reports.choices import ObligationStatus, Section
from danvan.reports.models import fill_placeholders
from danvan.reports.placeholders import DISSEMINATION_ROWS, PETITION_OUTCOMES, TASK_ROWS


def symbol_for(code: str) -> str:
    """Return the report symbol "BC-<code>" (NĐ 30/2020 Phụ lục I and III)."""
    return nd30.symbol_for("BC", code)


def number(n: int | None) -> str:
    """Return a document number; below 10 with a leading zero (NĐ 30/2020 Điều 15)."""
    if n is None:
        return ""
    return f"{n:02d}" if 0 <= n < 10 else str(n)


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
                            model_labels.get(m.get("status"), m.get("status") or ""),
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


# ------------------------------------------------------------------------------------------ document


def _issuer_lines(organisation: Any) -> tuple[str, str]:
    superior = organisation.superior_name
    if not superior and organisation.parent_id:
        parent = organisation.parent
        superior = parent.short_name or parent.name
    return organisation.name.upper(), (superior or "").upper()


# Column widths (mm) on the 165 mm text width of Phụ lục I (A4, margins 30 + 15 mm).
_WIDTHS = {
    "Danh sách nhiệm vụ": [10.0, 51.0, 22.0, 14.0, 24.0, 24.0, 20.0],
    "Các mô hình “Dân vận khéo”": [12.0, 88.0, 35.0, 30.0],
    UNIT_EVALUATION_TITLES["so-ket"]: [12.0, 45.0, 20.0, 38.0, 50.0],
    UNIT_EVALUATION_TITLES["tong-ket"]: [12.0, 45.0, 20.0, 38.0, 50.0],
    "Số liệu các trường": [37.0, 14.0, 15.0, 12.0, 15.0, 17.0, 14.0, 15.0, 26.0],
}


def _widths(title: str, columns: int) -> list[float] | None:
    if title in _WIDTHS:
        return _WIDTHS[title]
    return [115.0, 50.0] if columns == 2 else None


def _text_blocks(text: str, Paragraph: Any) -> list[Any]:
    return [Paragraph(line.strip()) for line in (text or "").splitlines() if line.strip()]


def build_document(
    organisation: Any,
    title: str,
    figures: dict[str, Any],
    sections: dict[str, str],
    *,
    doc_number: int | None = None,
    signed_on: dt.date | None = None,
    signer_name: str = "",
    recipients: list[str] | None = None,
    intro: str = "",
    with_charts: bool = True,
    extra_charts: tuple[str, ...] = (),
    chart_images: list[tuple[str, str, bytes]] | None = None,
) -> Any:
    """Return the NĐ 30 document of a report: header, "BÁO CÁO", trích yếu, sections, tables, charts, signer."""
    Document, Paragraph, Heading, Table, Image = (
        nd30.OfficialDocument,
        nd30.Paragraph,
        nd30.Heading,
        nd30.Table,
        nd30.Image,
    )
    issuer, superior = _issuer_lines(organisation)
    body: list[Any] = []
    if intro:
        body.append(Paragraph(intro))
    body.append(
        Paragraph(
            f"Kỳ báo cáo: từ ngày {figures.get('period', {}).get('start', '…')} đến ngày "
            f"{figures.get('period', {}).get('end', '…')}.",
            italic=True,
        )
    )
    for note in figures.get("notes") or []:
        body.append(Paragraph(f"Ghi chú: {note}", italic=True))
    roman = ["I", "II", "III", "IV", "V", "VI"]
    for i, (key, label) in enumerate(Section.choices):
        body.append(Heading(f"{roman[i]}. {str(label).upper()}", 1))
        body += _text_blocks(fill_placeholders(sections.get(key, ""), figures), Paragraph)
        if key == Section.RESULTS:
            for t_title, headers, rows in stat_tables(figures):
                body.append(Paragraph(t_title, bold=True, indent=False))
                body.append(Table(headers, [[fmt(v) for v in row] for row in rows], _widths(t_title, len(headers))))
            if figures.get("late_or_missing"):
                body.append(
                    Paragraph(
                        "Các trường gửi báo cáo muộn hoặc chưa gửi: "
                        + "; ".join(f"{x['name']} ({x['status']})" for x in figures["late_or_missing"])
                        + ".",
                        indent=False,
                    )
                )
            if figures.get("notable_models"):
                body.append(Paragraph("Các mô hình “Dân vận khéo” tiêu biểu:", bold=True, indent=False))
                for m in figures["notable_models"]:
                    org = f" ({m['organisation']})" if m.get("organisation") else ""
                    body.append(Paragraph(f"- {m.get('name') or m.get('title') or m}{org}", indent=False))
            if with_charts:
                if chart_images is None:
                    chart_images = charts.all_charts(figures, (*charts.CHARTS, *extra_charts))
                for _name, caption, png in chart_images:
                    body.append(Image(png, 150.0, caption))
    body.append(Paragraph(f"Trên đây là báo cáo {title[:1].lower() + title[1:]} của {organisation.name}./."))
    place = organisation.place or ""
    year = (signed_on or timezone.localdate()).year
    return Document(
        issuer=issuer,
        issuer_superior=superior,
        number=number(doc_number) or None,
        symbol=symbol_for(organisation.code),
        place=place,
        date=signed_on,
        year=year,
        doc_type="BÁO CÁO",
        title=title,
        body=body,
        recipients=recipients or ["Lưu: VT."],
        signer_authority="",
        signer_position="HIỆU TRƯỞNG" if organisation.kind == "TRUONG" else "GIÁM ĐỐC",
        signer_name=signer_name,
    )


def report_document(version: Any) -> Any:
    """Return the document of one report version (figures, narrative, number, signer)."""
    report = version.report
    obligation = report.obligation
    org = obligation.organisation
    signer = ""
    if report.signed_by_id:
        person = getattr(report.signed_by, "person", None)
        signer = person.full_name if person else str(report.signed_by)
    recipients = []
    if obligation.recipient_id:
        recipients.append(f"{obligation.recipient.name} (b/c);")
    recipients.append("Lưu: VT.")
    intro = (
        f"Thực hiện chế độ báo cáo định kỳ, {org.name} báo cáo {obligation.title[:1].lower()}"
        f"{obligation.title[1:]} như sau:"
    )
    return build_document(
        org,
        obligation.title,
        version.figures,
        version.sections,
        doc_number=report.number,
        signed_on=timezone.localtime(report.signed_at).date() if report.signed_at else None,
        signer_name=signer,
        recipients=recipients,
        intro=intro,
        chart_images=version.chart_images(),
    )


def to_docx(document: Any) -> bytes:
    """Return the DOCX bytes of a document."""
    return nd30.build_docx(document)


def to_pdf(document: Any) -> bytes:
    """Return the PDF bytes of a document."""
    return nd30.build_pdf(document)


# ------------------------------------------------------------------------------------------ XLSX


def _cell(value: Any) -> Any:
    """Return a value openpyxl can store: numbers stay numbers, lists are joined, None is blank, text is never a formula."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | str):
        return safe_cell(value)
    if isinstance(value, list | tuple):
        return safe_cell(", ".join(str(v) for v in value))
    return safe_cell(str(value))


_DMY = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
DATE_FORMAT = "dd/mm/yyyy"


def _date_or_none(value: Any) -> dt.date | None:
    """Return the date of a figure stored as "31/03/2023" (figures keep dates as dd/mm/yyyy text), else None."""
    if isinstance(value, dt.date):
        return value
    match = _DMY.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    try:
        return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None


def to_xlsx(title: str, figures: dict[str, Any]) -> bytes:
    """Return an XLSX workbook with one sheet per statistical table (numbers stay numbers)."""
    wb = Workbook()
    ws0 = wb.active
    ws0.title = "Tổng quan"
    ws0.append([_cell(title)])
    ws0["A1"].font = Font(bold=True, size=13)
    period = figures.get("period") or {}
    ws0.append(["Đơn vị", _cell(figures.get("organisation", ""))])
    ws0.append(["Kỳ số liệu", f"{period.get('start', '')} – {period.get('end', '')}"])
    for note in figures.get("notes") or []:
        ws0.append(["Ghi chú", _cell(note)])
    used: set[str] = {ws0.title}
    for t_title, headers, rows in stat_tables(figures):
        name = t_title.replace("“", "").replace("”", "")[:31]
        base, k = name, 2
        while name in used:
            name = f"{base[:28]} {k}"
            k += 1
        used.add(name)
        ws = wb.create_sheet(name)
        ws.append([_cell(t_title)])
        ws["A1"].font = Font(bold=True)
        ws.append(headers)
        for cell in ws[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            dates = [_date_or_none(v) for v in row]
            ws.append([d if d is not None else _cell(v) for v, d in zip(row, dates, strict=True)])
            # Dates are real dates (sortable, filterable) shown as dd/mm/yyyy, not text.
            for cell, d in zip(ws[ws.max_row], dates, strict=False):
                if d is not None:
                    cell.number_format = DATE_FORMAT
        ws.column_dimensions["A"].width = 45
        for col in "BCDEFGHI":
            ws.column_dimensions[col].width = 16
        ws.freeze_panes = "A3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
