"""Build the emulation documents: the reward proposals sheet (.xlsx)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from danvan.emulation.models import RewardProposal
from danvan.lib.xlsx import safe_row


def proposals_xlsx(proposals: Sequence[RewardProposal]) -> bytes:
    """Return the proposals as an .xlsx sheet (one row each, Vietnamese headers)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "De nghi khen thuong"
    headers = [
        "STT",
        "Đơn vị",
        "Phong trào",
        "Đối tượng",
        "Tập thể / cá nhân",
        "Hình thức",
        "Thành tích",
        "Mô hình",
        "Ngày đề nghị",
        "Trạng thái",
        "Số quyết định",
    ]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, p in enumerate(proposals, start=1):
        ws.append(
            safe_row(
                [
                    i,
                    p.organisation.name,
                    p.campaign.title,
                    p.get_kind_display(),
                    p.nominee,
                    p.get_form_display(),
                    p.reason,
                    p.model.name if p.model else "",
                    p.proposed_on,
                    p.get_status_display(),
                    p.decision_number,
                ]
            )
        )
        ws.cell(row=ws.max_row, column=9).number_format = "DD/MM/YYYY"  # a date Excel can sort and filter
    for col, width in zip("ABCDEFGHIJK", (5, 30, 30, 10, 30, 30, 50, 30, 12, 14, 16), strict=True):
        ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
