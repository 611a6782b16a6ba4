"""Report spreadsheets never hand a formula typed in a plan task to the reader's spreadsheet program."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from danvan.reports.export import to_xlsx


def test_it_escapes_task_text_that_starts_like_a_formula():
    figures = {
        "organisation": "=Trường",
        "period": {"start": "2023-01-01", "end": "2023-06-30"},
        "tasks": {
            "total": 1,
            "done": 0,
            "tasks": [
                {
                    "no": "-1",
                    "content": '=HYPERLINK("http://evil.example","x")',
                    "status": "in_progress",
                    "progress": 10,
                }
            ],
        },
    }
    wb = load_workbook(io.BytesIO(to_xlsx("Báo cáo", figures)))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = [c.value for c in cells]
    assert '\'=HYPERLINK("http://evil.example","x")' in values
    assert "'=Trường" in values and "'-1" in values
    assert 1 in values and 10 in values  # numbers stay numbers
