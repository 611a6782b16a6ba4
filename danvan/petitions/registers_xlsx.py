"""XLSX exports of the statutory registers (rows from registers.py), printable on A4 landscape."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from danvan.lib.xlsx import safe_cell
from danvan.petitions.registers import PETITION_COLUMNS, RECEPTION_COLUMNS, Column

WIDTHS = {
    "serial": 6,
    "date": 12,
    "received": 12,
    "tracking_code": 15,
    "people_count": 10,
    "by_head": 10,
    "content": 50,
    "summary": 50,
    "result": 40,
    "result_summary": 35,
    "deadline": 30,
    "name_address": 28,
    "id_paper": 20,
    "in_competence": 10,
    "follow_up": 35,
    "note": 35,
}


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "x" if value else ""
    # Register text comes from citizens: "=HYPERLINK(…)" must stay text in the clerk's spreadsheet.
    return safe_cell(value)


def _workbook(
    title: str, organisation: Any, first: dt.date, last: dt.date, columns: Iterable[Column], rows: list[dict[str, Any]]
) -> bytes:

    columns = list(columns)
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append([_cell(organisation.name.upper())])
    ws.append([_cell(title.upper())])
    ws.append([f"Từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}"])
    ws.append([])
    ws.append([_cell(str(c.header)) for c in columns])
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cell in ws[5]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = border
    ws["A1"].font = Font(bold=True)
    ws["A2"].font = Font(bold=True, size=14)
    for row in rows:
        ws.append([_cell(row.get(c.key, "")) for c in columns])
        for cell in ws[ws.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = border
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    for i, c in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(c.key, 18)
    ws.freeze_panes = "A6"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.print_title_rows = "5:5"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def reception_xlsx(organisation: Any, rows: list[dict[str, Any]], first: dt.date, last: dt.date) -> bytes:
    """Return the sổ tiếp công dân as XLSX (the 13 columns of Mẫu 03/TCD, NĐ 154/2026/NĐ-CP)."""
    return _workbook("Sổ tiếp công dân", organisation, first, last, RECEPTION_COLUMNS, rows)


def petition_xlsx(organisation: Any, rows: list[dict[str, Any]], first: dt.date, last: dt.date) -> bytes:
    """Return the sổ theo dõi, xử lý đơn as XLSX."""
    return _workbook("Sổ theo dõi, xử lý đơn", organisation, first, last, PETITION_COLUMNS, rows)
