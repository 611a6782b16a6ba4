"""Measure the plan parser: the seed in-process, a generated ~40-page DOCX plan with 200 tasks, and a 200-page
text plan (~12,000 lines) of every layout the parser knows.

Run: .venv/bin/python bench/bench_plan_parse.py
(targets: seed ≤ 20 ms median, 200-task DOCX ≤ 1 s, 200-row table as pypdf prints it ≤ 1 s, 200 pages ≤ 1 s)
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import docx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from danvan.plans.parsing import parse_plan  # noqa: E402

SEED = "seed/000_54775582b39b50f7.txt"


def shared_dir() -> Path:
    """Locate shared/ (beside the clone: the benchmarks may read the example plans kept there)."""
    return Path(os.environ.get("DANVAN_SHARED_DIR") or REPO.parent / "shared")


def median_ms(func: Callable[[], object], repeat: int) -> float:
    """Return the median wall time of func in milliseconds."""
    func()  # warm caches (regex compilation, imports)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def build_big_docx(tasks: int = 200) -> bytes:
    """Write a plan of about 40 pages: long prose sections, a 200-row task table and a numbered list."""
    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "SỞ GD&ĐT HẢI PHÒNG\nTRƯỜNG THPT NGUYỄN KHUYẾN"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số: 12/KH-THPTNK"
    header.cell(1, 1).text = "Hải Phòng, ngày 15 tháng 02 năm 2023"
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Thực hiện công tác dân vận năm 2023")
    document.add_paragraph("Thực hiện Kế hoạch số 09/KH-SGDĐT ngày 31/01/2023 của Sở Giáo dục và Đào tạo Hải Phòng.")
    prose = (
        "Tiếp tục quán triệt Quyết định số 23-QĐ/TW ngày 30/7/2021 của Bộ Chính trị, nâng cao chất lượng công tác "
        "dân vận của nhà trường, gắn với thực hiện quy chế dân chủ ở cơ sở và phong trào thi đua Dân vận khéo. "
    )
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    for section in ("1. Mục đích", "2. Yêu cầu"):
        document.add_paragraph(section)
        for _ in range(60):
            document.add_paragraph("- " + prose * 3)
    document.add_paragraph("II. NHIỆM VỤ CỤ THỂ")
    table = document.add_table(rows=tasks + 1, cols=5)
    for column, heading in enumerate(["STT", "Nội dung", "Lãnh đạo chủ trì", "Bộ phận phụ trách", "Thời gian"]):
        table.cell(0, column).text = heading
    for row in range(1, tasks + 1):
        values = (
            str(row),
            f"Nhiệm vụ số {row}: " + prose,
            "Hiệu trưởng",
            "BGH BCH CĐ BTV Đoàn Các tổ CM",
            f"Quý {row % 4 + 1}",
        )
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    document.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    for index in range(40):
        document.add_paragraph(f"{index + 1}. " + prose)
    document.add_paragraph("Báo cáo 6 tháng gửi về Sở Giáo dục và Đào tạo trước ngày 15/6/2023./.")
    document.add_paragraph("Nơi nhận:")
    document.add_paragraph("- Lưu: VT.")
    document.add_paragraph("HIỆU TRƯỞNG")
    document.add_paragraph("Phạm Huy Hùng")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_pypdf_text(rows: int = 200) -> str:
    """Write a plan whose task table looks like pypdf's text of a Word PDF: cells wrapped and joined by spaces."""
    lines = [
        "SỞ GD&ĐT HẢI PHÒNG",
        "TRƯỜNG THPT NGUYỄN KHUYẾN",
        "Số: 12/KH-THPTNK",
        "Hải Phòng, ngày 15 tháng 02 năm 2023",
        "KẾ HOẠCH",
        "Thực hiện công tác dân vận năm 2023",
        "Thực hiện Kế hoạch số 09/KH-SGDĐT ngày 31/01/2023 của Sở Giáo dục và Đào tạo Hải Phòng.",
        "II. NHIỆM VỤ CỤ THỂ",
        "STT Nội dung Lãnh đạo chủ",
        "trì",
        "Bộ phận phụ",
        "trách",
        "Thời gian",
    ]
    for row in range(1, rows + 1):
        lines += [
            f"{row} Quán triệt, triển khai các văn",
            "bản của Trung ương, thành phố",
            "về công tác dân vận gắn với",
            "việc thực hiện quy chế dân chủ",
            "Hiệu trưởng BGH BCH CĐ",
            "BTV Đoàn",
            "Các tổ CM",
            f"Quý {row % 4 + 1}",
        ]
    lines += [
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Báo cáo 6 tháng trước ngày 15/6/2023./.",
        "Nơi nhận:",
        "- Lưu: VT.",
        "HIỆU TRƯỞNG",
        "Phạm Huy Hùng",
    ]
    return "\n".join(lines)


def build_200_pages(target_lines: int = 12_000) -> str:
    """Write a ~200-page text plan (60 lines of about 50 characters a page, ~600 KiB): prose, nested list tasks with
    inline labels, cited documents, report deadlines, a task table in an appendix after the signature."""
    prose = "Nâng cao chất lượng công tác dân vận trong nhà trường."
    lines = [
        "SỞ GD&ĐT HẢI PHÒNG",
        "TRƯỜNG THPT NGUYỄN KHUYẾN",
        "Số: 12/KH-THPTNK",
        "Hải Phòng, ngày 15 tháng 02 năm 2023",
        "",
        "KẾ HOẠCH",
        "Thực hiện công tác dân vận năm học 2023-2024",
        "",
        "Thực hiện Kế hoạch số 09/KH-SGDĐT ngày 31/01/2023 của Sở Giáo dục và Đào tạo Hải Phòng.",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
    ]
    lines += [f"- {prose}" for _ in range(1500)]
    lines += ["2. Yêu cầu"] + [f"- {prose} Theo Quyết định số 23-QĐ/TW ngày 30/7/2021." for _ in range(1500)]
    lines += ["II. NHIỆM VỤ VÀ GIẢI PHÁP"]
    group = 0
    while len(lines) < target_lines - 2600:
        group += 1
        lines.append(f"{group}. Nhóm nhiệm vụ {group}")
        for item in range(1, 6):
            lines.append(
                f"{group}.{item}. Nhiệm vụ {group}.{item} (Chủ trì: Hiệu trưởng; Phối hợp: Tổ Toán - Tin, "
                f"BCH Công đoàn; Thời gian: quý {item % 4 + 1})"
            )
            lines += [prose for _ in range(3)]
    lines += ["III. TỔ CHỨC THỰC HIỆN"] + [f"{i}. {prose}" for i in range(1, 2400)]
    lines += [
        "Báo cáo sơ kết học kỳ I gửi về Sở trước ngày 15/01/2024; báo cáo tổng kết trước ngày 30/5/2024./.",
        "Nơi nhận:",
        "- Sở GD&ĐT;",
        "- Lưu: VT.",
        "HIỆU TRƯỞNG",
        "",
        "Phạm Huy Hùng",
        "PHỤ LỤC",
    ]
    lines += [f"{i}\tHoạt động {i}\tHiệu trưởng\tCác tổ CM\tTháng {i % 12 + 1}" for i in range(1, 200)]
    return "\n".join(lines)


def cpu_median_ms(func: Callable[[], object], repeat: int) -> float:
    """Return the median CPU time of func in milliseconds (steadier than wall time on a shared machine)."""
    func()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        func()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    """Print the figures and their ratio to a baseline measured in the same run."""
    seed = (shared_dir() / SEED).read_bytes()
    seed_ms = median_ms(lambda: parse_plan(seed), 200)
    decode_ms = median_ms(lambda: seed.decode("utf-8").splitlines(), 200)
    print(
        f"seed ({len(seed)} bytes): median parse {seed_ms:.2f} ms (target ≤ 20 ms); "
        f"baseline decode+split {decode_ms:.3f} ms; ratio {seed_ms / decode_ms:.0f}×; "
        f"median CPU {cpu_median_ms(lambda: parse_plan(seed), 100):.2f} ms"
    )

    flat = build_pypdf_text()
    rebuilt = parse_plan(flat)
    assert len(rebuilt.tasks) == 200 and rebuilt.tasks[0].lead == "Hiệu trưởng", rebuilt.tasks[:1]
    flat_ms = median_ms(lambda: parse_plan(flat), 5)
    print(
        f"pypdf text ({len(flat) // 1024} KiB, 200 wrapped table rows): median parse {flat_ms:.0f} ms "
        "(target ≤ 1000 ms)"
    )

    big = build_big_docx()
    result = parse_plan(big)
    assert len(result.tasks) == 200, len(result.tasks)
    big_ms = median_ms(lambda: parse_plan(big), 5)
    read_ms = median_ms(lambda: [p.text for p in docx.Document(io.BytesIO(big)).paragraphs], 5)
    print(
        f"DOCX ({len(big) // 1024} KiB, 200 tasks, ~40 pages): median parse {big_ms:.0f} ms (target ≤ 1000 ms); "
        f"baseline python-docx open + paragraph texts {read_ms:.0f} ms; ratio {big_ms / read_ms:.2f}×"
    )

    pages = build_200_pages()
    long = parse_plan(pages)
    assert len(long.tasks) > 400 and long.number == "12/KH-THPTNK", (len(long.tasks), long.number)
    unsure = sum(1 for t in long.tasks for n in t.notes.values() if n.unsure)
    pages_ms = median_ms(lambda: parse_plan(pages), 5)
    pages_cpu = cpu_median_ms(lambda: parse_plan(pages), 3)
    print(
        f"200 pages ({pages.count(chr(10)) + 1} lines, {len(pages) // 1024} KiB, {len(long.tasks)} tasks, "
        f"{unsure} unsure task fields): median parse {pages_ms:.0f} ms, CPU {pages_cpu:.0f} ms (target ≤ 1000 ms)"
    )


if __name__ == "__main__":
    main()
