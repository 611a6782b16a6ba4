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

from danvan.lib import nd30
from danvan.lib.xlsx import safe_cell
from danvan.reports import charts
from danvan.reports.choices import Section
from danvan.reports.models import fill_placeholders
from danvan.reports.tables import UNIT_EVALUATION_TITLES, fmt, stat_tables


def symbol_for(code: str) -> str:
    """Return the report symbol "BC-<code>" (NĐ 30/2020 Phụ lục I and III)."""
    return nd30.symbol_for("BC", code)


def number(n: int | None) -> str:
    """Return a document number; below 10 with a leading zero (NĐ 30/2020 Điều 15)."""
    if n is None:
        return ""
    return f"{n:02d}" if 0 <= n < 10 else str(n)


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
