"""Fuzzing the parser: any text, any bytes, any DOCX gives a ParsedPlan or a PlanParseError, never anything else.

Examples stay few (the suite's time budget); CI runs them derandomized (`HYPOTHESIS_PROFILE=ci`). The time bound
(200 pages in ≤ 1 s) is measured by bench/bench_plan_parse.py, not asserted here.
"""

from __future__ import annotations

import io

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .test_parsing_properties import check

FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words and marks of real plans, so that random text often looks like a header, a heading, a table or a signature.
TOKENS = [
    "KẾ HOẠCH",
    "Số:",
    "12/KH-THPT",
    "…/KH-UBND",
    "ngày",
    "tháng",
    "năm",
    "2024",
    "năm học 2023-2024",
    "Hải Phòng,",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "UBND",
    "SỞ GD&ĐT",
    "TRƯỜNG THCS",
    "I.",
    "II.",
    "1.",
    "1.1.",
    "a)",
    "-",
    "+",
    "•",
    "**",
    "|",
    "\t",
    "STT",
    "Nội dung",
    "Chủ trì:",
    "Phối hợp:",
    "Thời gian:",
    "Quý 1",
    "tháng 13",
    "quý 9",
    "Cả năm",
    "trước ngày 15/6",
    "31/02/2024",
    "báo cáo",
    "gửi về Sở",
    "Thực hiện Kế hoạch số 09/KH-SGDĐT",
    "Căn cứ Luật",
    "Nơi nhận:",
    "HIỆU TRƯỞNG",
    "KT. GIÁM ĐỐC",
    "Nguyễn Văn An",
    "Tổ Toán - Tin",
    "BGH, BCH CĐ",
    "Hiệu trưởng hoặc Phó hiệu trưởng",
    "(đã ký)",
    "./.",
    "Phụ lục",
    "Đang tải văn bản...",
    "Loại văn bản:",
    "Ngày ban hành:",
]
CONTROL = st.characters(min_codepoint=0, max_codepoint=31) | st.sampled_from(["\u200b", "\ufeff", "\u00ad", "\u2028"])
PIECE = st.sampled_from(TOKENS) | st.text(max_size=8) | CONTROL.map(str)
SEPARATOR = st.sampled_from([" ", " ", "\n", "\n\n", "\t", "\r\n", "   "])


@st.composite
def plan_like_text(draw: st.DrawFn) -> str:
    """Return text built from plan words, separators, control characters and now and then a huge line."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 80))):
        parts.append(draw(PIECE))
        parts.append(draw(SEPARATOR))
    if draw(st.booleans()):
        at = draw(st.integers(0, len(parts)))
        parts.insert(at, draw(st.sampled_from(TOKENS)) * draw(st.integers(200, 3000)))  # a line of many kilobytes
    return "".join(parts)


@FEW
@given(plan_like_text())
def test_plan_like_text_with_control_characters_and_huge_lines_never_breaks_the_parser(text: str) -> None:
    check(text)


@FEW
@given(plan_like_text())
def test_the_same_text_as_utf8_or_utf16_bytes_never_breaks_the_parser(text: str) -> None:
    check(text.encode("utf-8", "surrogatepass"))
    check(text.encode("utf-16", "surrogatepass"))


# Word's XML cannot hold control characters (python-docx refuses them), so cells draw from printable text.
XML_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
CELL = (
    st.sampled_from(TOKENS[:-3] + ["", "", "1", "2", "Hiệu trưởng", "Quý 2"]).filter(lambda t: "\t" not in t) | XML_TEXT
)


def _fill(cell: object, draw: st.DrawFn, depth: int) -> None:
    """Write a random cell: empty, text over lines, or (now and then) a table nested inside."""
    kind = draw(st.sampled_from(["empty", "text", "text", "nested"] if depth < 2 else ["empty", "text"]))
    if kind == "text":
        cell.text = "\n".join(draw(st.lists(CELL, max_size=3)))  # type: ignore[attr-defined]
    elif kind == "nested":
        inner = cell.add_table(rows=draw(st.integers(1, 3)), cols=draw(st.integers(1, 3)))  # type: ignore[attr-defined]
        for row in inner.rows:
            for nested in row.cells:
                _fill(nested, draw, depth + 1)


@st.composite
def random_docx(draw: st.DrawFn) -> bytes:
    """Return a DOCX of random paragraphs and tables (merged, nested and empty cells)."""
    document = docx.Document()
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.booleans()):
            document.add_paragraph(" ".join(draw(st.lists(st.sampled_from(TOKENS), max_size=8))))
            continue
        rows, cols = draw(st.integers(1, 5)), draw(st.integers(1, 5))
        table = document.add_table(rows=rows, cols=cols)
        for row in table.rows:
            for cell in row.cells:
                _fill(cell, draw, 0)
        if rows > 1 and draw(st.booleans()):
            table.cell(0, 0).merge(table.cell(rows - 1, 0))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_docx())
def test_any_docx_with_tables_nested_tables_and_empty_cells_never_breaks_the_parser(data: bytes) -> None:
    check(data)
