"""Variants of the seed built in the test: encodings, line endings, table and list layouts, typos."""

from __future__ import annotations

import re
import unicodedata

import pytest

from danvan.plans.parsing import PlanParseError
from tests.plans.parsed import parse_json


def _core(plan: dict) -> tuple:
    return (
        plan["issuer"],
        plan["year"],
        plan["parent_plan"]["number"],
        [(t["content"][:30], t["lead"], tuple(t["units"]), t["timing"]) for t in plan["tasks"]],
        [d["due"] for d in plan["report_deadlines"]],
        plan["signer"]["name"],
        len(plan["recipients"]),
    )


@pytest.fixture(scope="module")
def reference(seed_text: str) -> tuple:
    return _core(parse_json(seed_text))


def _table_rows(seed_text: str) -> tuple[list[str], int, int]:
    lines = seed_text.splitlines()
    rows = [i for i, line in enumerate(lines) if "\t" in line]
    return lines, rows[0], rows[-1]


def test_it_reads_nfd_text_like_nfc(seed_text: str, reference: tuple) -> None:
    assert _core(parse_json(unicodedata.normalize("NFD", seed_text))) == reference


def test_it_reads_windows_line_endings_and_a_bom(seed_text: str, reference: tuple) -> None:
    data = b"\xef\xbb\xbf" + seed_text.replace("\n", "\r\n").encode("utf-8")
    assert _core(parse_json(data)) == reference


def test_it_reads_utf16_with_bom(seed_text: str, reference: tuple) -> None:
    assert _core(parse_json(seed_text.encode("utf-16"))) == reference


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _to_cp1258(text: str) -> bytes:
    """Encode as Word does in cp1258: precomposed vowels where they exist, tone marks as combining characters."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        out.append((base + "".join(c for c in decomposed if c in _TONES)).encode("cp1258"))
    return b"".join(out)


def test_it_reads_windows_1258(seed_text: str, reference: tuple) -> None:
    assert _core(parse_json(_to_cp1258(seed_text))) == reference


def test_it_reads_a_pipe_table(seed_text: str, reference: tuple) -> None:
    lines, first, last = _table_rows(seed_text)
    for i in range(first, last + 1):
        if "\t" in lines[i]:
            lines[i] = " | ".join(lines[i].split("\t"))
    assert _core(parse_json("\n".join(lines))) == reference


def test_it_reads_a_markdown_table(seed_text: str, reference: tuple) -> None:
    lines, first, last = _table_rows(seed_text)
    table = [
        f"| {' | '.join(lines[i].split(chr(9)))} |"
        for i in range(first, last + 1)
        if "\t" in lines[i] and not set(lines[i]) <= set("-\t")
    ]
    table.insert(1, "|---|---|---|---|---|")
    text = "\n".join(lines[:first] + table + lines[last + 1 :])
    assert _core(parse_json(text)) == reference


def test_it_reads_a_row_broken_over_lines(seed_text: str, reference: tuple) -> None:
    text = seed_text.replace(
        "gắn với việc thực hiện quy chế dân chủ ở cơ sở: ", "gắn với việc thực hiện quy chế\ndân chủ ở cơ sở:\n"
    )
    plan = parse_json(text)
    assert _core(plan) == reference
    assert "dân chủ ở cơ sở" in plan["tasks"][1]["content"]


def test_it_reads_recipients_under_a_heading_without_diacritics(seed_text: str, reference: tuple) -> None:
    for heading in ("*Noi nhan:*", "Nơi nhân:", "NƠI NHẬN:"):
        plan = parse_json(seed_text.replace("*Noi nhận:*", heading))
        assert _core(plan) == reference, heading


def test_it_ignores_page_number_lines(seed_text: str, reference: tuple) -> None:
    text = seed_text.replace("**2. Yêu cầu**", "- 2 -\n\n**2. Yêu cầu**").replace("### III.", "3\n\n### III.")
    assert _core(parse_json(text)) == reference


def test_it_reads_tasks_written_as_a_numbered_list(seed_text: str) -> None:
    lines, first, last = _table_rows(seed_text)
    items = []
    for i in range(first + 1, last + 1):
        cells = lines[i].split("\t")
        if len(cells) == 5 and cells[0].isdigit():
            items.append(f"{cells[0]}. {cells[1]} (Chủ trì: {cells[2]}; Phối hợp: {cells[3]}; Thời gian: {cells[4]})")
    text = "\n".join(lines[:first] + items + lines[last + 1 :])
    plan = parse_json(text)
    assert [t["lead"] for t in plan["tasks"]] == ["Hiệu trưởng"] * 4
    assert plan["tasks"][0]["content"] == "Xây dựng Kế hoạch"
    assert plan["tasks"][1]["units"] == ["BGH", "BCH CĐ", "BTV Đoàn", "Các tổ CM"]
    assert [t["timing"] for t in plan["tasks"]] == ["Quý 1", "Quý 1, quý 2", "Cả năm", "Quý 2, Quý 4"]


def test_it_reads_a_lettered_list_under_a_content_section() -> None:
    text = "\n".join(
        [
            "KẾ HOẠCH",
            "Tuyên truyền pháp luật năm học 2023-2024",
            "",
            "I. MỤC ĐÍCH",
            "- Nâng cao hiểu biết pháp luật.",
            "II. NỘI DUNG",
            "a) Tổ chức tuyên truyền đầu năm học (Thời gian: tháng 9)",
            "b) Tổ chức thi tìm hiểu pháp luật (Thời gian: từ tháng 11 đến tháng 3)",
            "III. TỔ CHỨC THỰC HIỆN",
            "1. BGH chỉ đạo chung.",
        ]
    )
    plan = parse_json(text)
    assert plan["year"] == 2023
    assert [t["content"] for t in plan["tasks"]] == [
        "Tổ chức tuyên truyền đầu năm học",
        "Tổ chức thi tìm hiểu pháp luật",
    ]
    # In a school year, September is in 2023 and March in 2024.
    assert plan["tasks"][0]["periods"] == [{"start": "2023-09-01", "end": "2023-09-30"}]
    assert plan["tasks"][1]["periods"] == [{"start": "2023-11-01", "end": "2024-03-31"}]


def test_it_reads_a_header_flattened_one_cell_per_line() -> None:
    text = "\n".join(
        [
            "SỞ GD&ĐT HẢI PHÒNG",
            "TRƯỜNG THPT",
            "NGUYỄN KHUYẾN",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: 12/KH-THPTNK",
            "Hải Phòng, ngày 15 tháng 02 năm 2023",
            "",
            "KẾ HOẠCH",
            "Thực hiện công tác dân vận năm 2023",
            "",
            "Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15 ngày 10/11/2022 của Quốc hội;",
            "Căn cứ Công văn số 1115/SGD&ĐT-KTKĐCLGD ngày 23/9/2022 của Sở Giáo dục và Đào tạo;",
            "Thực hiện Kế hoạch số 09/KH-SGDĐT ngày 31/01/2023 của Sở Giáo dục và Đào tạo Hải Phòng;",
            "Tiếp tục thực hiện Văn bản số 42/CV-THPTNK ngày 07/12/2022 của Trường THPT Nguyễn Khuyến,",
            "Trường THPT Nguyễn Khuyến xây dựng kế hoạch như sau:",
            "I. NHIỆM VỤ CỤ THỂ",
            "1. Xây dựng kế hoạch.",
        ]
    )
    plan = parse_json(text)
    assert plan["issuer"] == "TRƯỜNG THPT NGUYỄN KHUYẾN"
    assert plan["issuer_superior"] == "SỞ GD&ĐT HẢI PHÒNG"
    assert plan["number"] == "12/KH-THPTNK"
    assert plan["date"] == "2023-02-15"
    assert plan["place"] == "Hải Phòng"
    assert plan["parent_plan"]["number"] == "09/KH-SGDĐT"
    numbers = [r["number"] for r in plan["legal_refs"]]
    assert numbers == ["10/2022/QH15", "1115/SGD&ĐT-KTKĐCLGD", "09/KH-SGDĐT", "42/CV-THPTNK"]
    assert "12/KH-THPTNK" not in numbers


def test_it_reads_a_dotted_number_as_absent() -> None:
    plan = parse_json("PHÒNG GD&ĐT\nSố: ......../KH-PGD&ĐT\nKẾ HOẠCH\nViệc A năm 2021\n")
    assert plan["number"] is None
    assert plan["issuer"] == "PHÒNG GD&ĐT"


@pytest.mark.parametrize("data", [b"\x00\x01\x02" * 50, b"PK\x03\x04garbage", b"%PDF-1.4 broken"])
def test_it_refuses_unreadable_input_with_a_vietnamese_message(data: bytes) -> None:
    with pytest.raises(PlanParseError) as error:
        parse_json(data)
    assert re.search(r"[ăâđêôơưĐệọạảờ]", str(error.value))


def test_it_turns_an_unplaceable_row_into_a_warning_with_its_line(seed_text: str) -> None:
    text = seed_text.replace("4\tTổ chức đánh giá", "5\t\tHiệu trưởng lạc dòng\t\t\n4\tTổ chức đánh giá")
    plan = parse_json(text)
    assert len(plan["tasks"]) == 4
    lines = text.splitlines()
    assert any("lạc dòng" in lines[w["line"] - 1] for w in plan["warnings"])
