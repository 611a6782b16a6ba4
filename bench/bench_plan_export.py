"""Time the plan export (DOCX and PDF) on a large plan: 200 tasks and long sections, about 40 pages.

Run: .venv/bin/python bench/bench_plan_export.py [--runs 5]
Targets: export_plan_docx ≤ 1 s and export_plan_pdf ≤ 1 s (median). The baseline is python-docx writing the same
text as bare paragraphs, measured in the same run, so the ratio says what the layout costs on this machine.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import docx
import pypdf

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from danvan.plans.export import export_plan_docx, export_plan_pdf  # noqa: E402

SENTENCE = (
    "Tập trung nâng cao chất lượng giải quyết đơn thư khiếu nại, tố cáo của công dân; nhất là những vụ việc phức "
    "tạp, khó giải quyết liên quan đến nhiều đối tượng, phạm vi, tạo sự đồng thuận trong xã hội"
)
UNITS = ["BGH", "BCH CĐ", "BTV Đoàn", "Các tổ CM", "Văn thư", "Ban TTND"]
TIMINGS = ["Quý 1", "Quý 1, quý 2", "Cả năm", "Tháng 9/2023", "Quý 2, Quý 4"]


def large_plan(tasks: int = 200) -> dict:
    """Return a plan dictionary in the parser's shape with `tasks` tasks and long sections."""
    items = [f"{SENTENCE} (mục {i})." for i in range(1, 16)]
    return {
        "kind": "KH",
        "title": "Thực hiện công tác dân vận năm 2023",
        "year": 2023,
        "issuer": "Trường THPT Nguyễn Khuyến",
        "number": "12/KH-THPTNK",
        "date": "2023-02-03",
        "place": "Hải Phòng",
        "parent_plan": {"number": "09/KH-SGDĐT", "date": "2023-01-31", "issuer": "Sở Giáo dục và Đào tạo Hải Phòng"},
        "sections": {"purposes": items, "requirements": items, "regular_tasks": items, "implementation": items},
        "tasks": [
            {
                "no": str(i),
                "content": f"Nhiệm vụ {i}: {SENTENCE}" + ("; " + SENTENCE.lower()) * (i % 4 == 0),
                "lead": "Hiệu trưởng" if i % 2 else "Phó hiệu trưởng",
                "units": UNITS[: 1 + i % len(UNITS)],
                "timing": TIMINGS[i % len(TIMINGS)],
                "periods": [],
            }
            for i in range(1, tasks + 1)
        ],
        "legal_refs": [],
        "report_deadlines": [{"name": "Báo cáo năm", "due": "2023-12-10", "to": "Sở Giáo dục và Đào tạo"}],
        "recipients": ["Sở GD&ĐT Hải Phòng", "Phó hiệu trưởng", "CTCĐ, BTĐT", "Đăng Website", "Lưu: VT"],
        "signer": {"name": "Phạm Huy Hùng", "position": "Hiệu trưởng"},
    }


def baseline_docx(plan: dict) -> bytes:
    """Write the same text with python-docx as bare paragraphs: no layout, no table, no styles."""
    document = docx.Document()
    for items in plan["sections"].values():
        for item in items:
            document.add_paragraph(item)
    for task in plan["tasks"]:
        document.add_paragraph(
            " | ".join([task["no"], task["content"], task["lead"], ", ".join(task["units"]), task["timing"]])
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def median_seconds(function: Callable[[], bytes], runs: int) -> tuple[float, bytes]:
    times, result = [], b""
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def pdf_pages(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="3 runs (make bench)")
    args = parser.parse_args()
    if args.quick:
        args.runs = min(args.runs, 3)
    plan = large_plan(args.tasks)
    export_plan_docx(plan)  # warm up imports, templates and font discovery
    export_plan_pdf(plan)
    base, base_bytes = median_seconds(lambda: baseline_docx(plan), args.runs)
    docx_s, docx_bytes = median_seconds(lambda: export_plan_docx(plan), args.runs)
    pdf_s, pdf_bytes = median_seconds(lambda: export_plan_pdf(plan), args.runs)
    print(
        f"plan: {args.tasks} tasks, 4 sections × 15 items; PDF {pdf_pages(pdf_bytes)} pages; median of {args.runs} runs"
    )
    print(f"baseline python-docx bare paragraphs: {base * 1000:7.0f} ms  ({len(base_bytes) / 1024:.0f} KiB)")
    print(
        f"export_plan_docx (ND30 layout):      {docx_s * 1000:7.0f} ms  ({len(docx_bytes) / 1024:.0f} KiB)"
        f"  ratio {docx_s / base:.2f}× baseline  target ≤ 1000 ms: {'ok' if docx_s <= 1 else 'MISSED'}"
    )
    print(
        f"export_plan_pdf (ND30 layout):       {pdf_s * 1000:7.0f} ms  ({len(pdf_bytes) / 1024:.0f} KiB)"
        f"  ratio {pdf_s / base:.2f}× baseline  target ≤ 1000 ms: {'ok' if pdf_s <= 1 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
