"""Third round of layouts met on real plans the parser had never seen (issue #14): school and office portals,
document-sharing pages, Youth Union headers, decisions copied up to their bases. Each on a short text of our own."""

from __future__ import annotations

import pytest

from danvan.plans.parsing.prepass import prepass
from danvan.plans.parsing.references import find_numbers, normalise_number
from tests.plans.parsed import parse_json

# A kindergarten's portal: menu heading, visit counters, breadcrumb, the post's title and its date and read count,
# the title again; then the header as two text columns padded with spaces, a blank number and a blank day, the
# document's full title, and the bases run together in one paragraph under "I. CĂN CỨ …" without "Căn cứ".
PORTAL_PAGE = """# source: https://example.invalid/tin-tuc/chuyen-mon/ke-hoach-nam-hoc
DANH MỤC

THỐNG KÊ TRUY CẬP

Đang truy cậpĐang truy cập : 3

Hôm nayHôm nay : 118

Tháng hiện tạiTháng hiện tại : 2407

Tổng lượt truy cậpTổng lượt truy cập : 120554

Trang nhất » Tin Tức » CHUYÊN MÔN

KẾ HOẠCH NĂM HỌC 2024- 2025

Thứ ba - 08/10/2024 09:12 | Số lần đọc: 311

KẾ HOẠCH NĂM HỌC 2024- 2025
      PHÒNG GD&ĐT HOA SƠN             CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
 TRƯỜNG MẦM NON HOA SEN                     Độc lập - Tự do - Hạnh phúc

                           Số:         /KH-MNHS                         Hoa Sơn, ngày        tháng 9 năm 2024

KẾ HOẠCH GIÁO DỤC NHÀ TRƯỜNG NĂM HỌC 2024 - 2025

I. CĂN CỨ XÂY DỰNG KẾ HOẠCH
Thông tư số 52/2020/TT-BGDĐT ngày 31/12/2020 của Bộ Giáo dục và Đào tạo về việc ban hành Điều lệ Trường Mầm non. \
Chỉ thị số 900/CT-BGDĐT ngày 20/8/2024 của Bộ GD&ĐT về nhiệm vụ, giải pháp năm học 2024 - 2025 của ngành Giáo dục. \
Công văn số 4100/BGDĐT-GDMN ngày 22/8/2024 của Bộ GD&ĐT về hướng dẫn thực hiện nhiệm vụ năm học 2024 - 2025 đối với \
giáo dục mầm non.

II. NHIỆM VỤ TRỌNG TÂM
1. Nâng cao chất lượng chăm sóc, nuôi dưỡng trẻ.
"""


def test_a_portal_page_is_read_past_its_counters_to_the_schools_header_and_own_title() -> None:
    plan = parse_json(PORTAL_PAGE)
    assert plan["issuer"] == "TRƯỜNG MẦM NON HOA SEN"
    assert plan["issuer_superior"] == "PHÒNG GD&ĐT HOA SƠN"
    # The blank number and the blank day stay empty; the post's date (08/10/2024) is the page's, not the plan's.
    assert plan["number"] is None
    assert plan["date"] is None
    assert plan["title"] == "GIÁO DỤC NHÀ TRƯỜNG NĂM HỌC 2024 - 2025"
    # Bases listed under "Căn cứ xây dựng kế hoạch" are bases even without the word: the year's guidance for the
    # plan's own level and year is the document it carries out.
    assert plan["parent_plan"]["number"] == "4100/BGDĐT-GDMN"
    assert not any("THỐNG KÊ" in w["message"] or "truy cập" in w["message"] for w in plan["warnings"])


def test_portal_counters_greetings_and_upload_cards_are_blanked_but_body_lines_are_kept() -> None:
    lines = [
        "Tổng truy cập: 4,709,184 (Hôm nay: 327 online: 47)",
        "CHÀO MỪNG ĐẾN VỚI TRANG THÔNG TIN ĐIỆN TỬ CỦA TRƯỜNG",
        "Người gửi: Trần Thị B",
        "Ngày gửi: 09h:10' 05-10-2024",
        "Dung lượng: 120.5 KB",
        "Số lượt tải: 4",
        "KẾ HOẠCH",
        "Hôm nay, ngày 05/10, nhà trường tổ chức chào cờ đầu tuần.",
        "Hôm nay (05/10): 7h30 chào cờ đầu tuần.",
        "- Thời gian: Thứ năm - 14/11/2024 07:30",
    ]
    cleaned = prepass(lines)
    assert cleaned[:6] == [""] * 6
    # Below the document's start a sentence that opens with "Hôm nay" and a schedule with a clock stay.
    assert cleaned[6:] == lines[6:]


# A document-sharing page: login notices and the uploader's card twice (upload date included), then the document
# converted line by line: the header's columns interleaved, the place and date before the number, and the symbol's
# last group split off by a space.
SHARING_PAGE = """# source: https://example.invalid/present/ke-hoach-nam-hoc
Quý vị chưa đăng nhập hoặc chưa đăng ký làm thành viên, vì vậy chưa thể tải được các tài liệu.
Nếu chưa đăng ký, hãy nhấn vào chữ ĐK thành viên ở phía bên trái
Kế hoạch năm học
(Tài liệu chưa được thẩm định)
Nguồn:
Người gửi: Lê Văn C
Ngày gửi: 14h:32' 04-12-2024
Dung lượng: 254.5 KB
Số lượt tải: 1
UBND HUYỆN LONG ĐIỀN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TRƯỜNG THCS AN BÌNH
Độc lập - Tự do - Hạnh phúc
An Bình, ngày 07 tháng 10 năm 2024
Số: 45/KH-THCS AB
KẾ HOẠCH NĂM HỌC
Năm học 2024 – 2025
A. ĐẶC ĐIỂM TÌNH HÌNH CHUNG
I. Học sinh
Tổng số học sinh: 410.
"""


def test_a_document_sharing_page_keeps_the_split_symbol_and_the_documents_own_date() -> None:
    plan = parse_json(SHARING_PAGE)
    assert plan["issuer"] == "TRƯỜNG THCS AN BÌNH"
    assert plan["number"] == "45/KH-THCSAB"
    assert plan["date"] == "2024-10-07"
    assert plan["tasks"] == []


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Số: 225 - KH/TWĐTN-CTTN      Hà Nội, ngày 16 tháng 5 năm 2024", ["225-KH/TWĐTN-CTTN"]),
        ("Thông tư số 28/2016/TT-BGD ĐT ngày 30/12/2016 của Bộ GD&ĐT", ["28/2016/TT-BGDĐT"]),
        ("Số: 45/KH-THCS AB", ["45/KH-THCSAB"]),
        ("KẾ HOẠCH SỐ 12/KH-UBND VỀ VIỆC TRIỂN KHAI", ["12/KH-UBND"]),
        ("Kế hoạch số 7/KH-UBND UBND tỉnh giao", ["7/KH-UBND"]),
        ("giai đoạn 2021 - 2025 và lớp 10 - THPT", []),
    ],
)
def test_a_number_with_spaces_around_its_hyphen_or_a_split_last_group_is_one_number(
    text: str, numbers: list[str]
) -> None:
    assert [normalise_number(m) for m in find_numbers(text)] == numbers


# A Youth Union header: the issuer on the left, "ĐOÀN TNCS HỒ CHÍ MINH" where a state body prints the motto, the
# columns padded with spaces on one line, and the number written with spaces around its hyphen.
UNION_HEADER = """BAN CHẤP HÀNH TỈNH ĐOÀN HÒA AN                                             ĐOÀN TNCS HỒ CHÍ MINH

***

   Số: 48 - KH/TĐTN-TTN                                                          Hòa An, ngày 03 tháng 6 năm 2025

KẾ HOẠCH
Tổ chức các
hoạt động hè cho thiếu nhi năm 2025

Căn cứ Kế hoạch số 30-KH/TĐTN-VP ngày 10/01/2025 của Ban Thường vụ Tỉnh đoàn về chương trình công tác năm 2025, \
Ban Thường vụ Tỉnh đoàn ban hành Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Tạo sân chơi lành mạnh cho thiếu nhi trong dịp hè.
"""


def test_a_youth_union_header_names_the_left_column_and_reads_a_spaced_number() -> None:
    plan = parse_json(UNION_HEADER)
    assert plan["issuer"] == "BAN CHẤP HÀNH TỈNH ĐOÀN HÒA AN"
    assert plan["number"] == "48-KH/TĐTN-TTN"
    assert plan["date"] == "2025-06-03"
    assert plan["parent_plan"]["number"] == "30-KH/TĐTN-VP"


# A school's page without the document's header: the page's clock and the site's greeting, the post's title, then
# the body; the issuer is only named in the sentence that introduces the plan.
NO_HEADER_PAGE = """Friday, 14/03/2025 - 08:15|
CHÀO MỪNG ĐẾN VỚI TRANG THÔNG TIN ĐIỆN TỬ CỦA TRƯỜNG

Kế hoạch Tháng Thanh niên năm 2025

Căn cứ kế hoạch số 88-KH/ĐTN, ngày 10/02/2025 của Huyện Đoàn Tân Phú về việc thực hiện Tháng Thanh niên năm 2025;

Căn cứ vào tình hình thực tế của đơn vị, Ban Chấp hành Đoàn trường THPT Tân Phú xây dựng kế hoạch Tháng Thanh niên \
năm 2025 như sau:

I. MỤC ĐÍCH, YÊU CẦU

- Tạo đợt thi đua sôi nổi trong đoàn viên.

II. NỘI DUNG HOẠT ĐỘNG

1. Công tác tuyên truyền

- Tuyên truyền về lịch sử Đoàn TNCS Hồ Chí Minh.
"""


def test_a_page_without_a_header_names_its_issuer_and_parent_from_the_introduction() -> None:
    plan = parse_json(NO_HEADER_PAGE)
    assert plan["issuer"] == "Ban Chấp hành Đoàn trường THPT Tân Phú"
    assert (plan["parent_plan"]["number"], plan["parent_plan"]["date"]) == ("88-KH/ĐTN", "2025-02-10")
    assert [t["content"] for t in plan["tasks"]] == ["Tuyên truyền về lịch sử Đoàn TNCS Hồ Chí Minh."]
    assert plan["date"] is None


# A decision copied from a legal site up to its bases (the page's beginning only): no articles, no signature. The
# authority line above "Căn cứ" is no signer, so the bases are read.
DECISION_BASES_ONLY = """BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH
-------

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------

Số: 310/QĐ-BVHTTDL

Hà Nội, ngày 05 tháng 02 năm 2025

QUYẾT ĐỊNH

BAN HÀNH KẾ HOẠCH CÔNG TÁC GIA ĐÌNH NĂM 2025

BỘ TRƯỞNG BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH

Căn cứ Nghị định số 01/2023/NĐ-CP ngày 16/01/2023 của Chính phủ quy định chức năng, nhiệm vụ của Bộ;

Căn cứ Quyết định số 120/QĐ-TTg ngày 20/01/2025 của Thủ tướng Chính phủ ban hành Kế hoạch thực hiện Chiến lược \
phát triển gia đình Việt Nam năm 2025;

Căn cứ Quyết định số 45/QĐ-TTg ngày 08/01/2024 của Thủ tướng Chính phủ ban hành Quy định về tiêu chí gia đình văn hóa;
"""


def test_a_decision_copied_up_to_its_bases_keeps_them_as_bases_and_finds_the_parent() -> None:
    plan = parse_json(DECISION_BASES_ONLY)
    assert plan["number"] == "310/QĐ-BVHTTDL"
    assert [r["number"] for r in plan["legal_refs"]] == ["01/2023/NĐ-CP", "120/QĐ-TTg", "45/QĐ-TTg"]
    assert plan["parent_plan"]["number"] == "120/QĐ-TTg"
    assert plan["signer"]["name"] is None
    assert plan["warnings"] == []


# A school plan whose bases are the province's school-year calendar and the department's guidance for the year.
CALENDAR_BASIS = """TRƯỜNG THCS BÌNH MINH
Số: 15/KH-THCSBM
Bình Minh, ngày 10 tháng 9 năm 2025
KẾ HOẠCH
Giáo dục năm học 2025 – 2026

A. CĂN CỨ XÂY DỰNG KẾ HOẠCH

- Căn cứ Quyết định số 2200/QĐ-UBND ngày 15/8/2025 của UBND tỉnh về việc ban hành Kế hoạch thời gian năm học \
2025 – 2026;

- Hướng dẫn số 3100/SGDĐT-GDTrH ngày 25/8/2025 của Sở GD&ĐT về việc hướng dẫn thực hiện nhiệm vụ giáo dục trung học \
năm học 2025 – 2026;

B. NHIỆM VỤ
1. Thực hiện chương trình giáo dục phổ thông.
"""


def test_the_school_year_calendar_is_a_basis_and_the_years_guidance_the_parent() -> None:
    plan = parse_json(CALENDAR_BASIS)
    assert plan["parent_plan"]["number"] == "3100/SGDĐT-GDTrH"
    assert {r["number"] for r in plan["legal_refs"]} == {"2200/QĐ-UBND", "3100/SGDĐT-GDTrH"}


# A draft converted from Word: the number's label, the "DỰ THẢO" stamp and the blank number's symbol each on a line
# of their own between the header's cells.
DRAFT_STAMP = """PHÒNG GD&ĐT SƠN HÀ

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM

TRƯỜNG THCS SƠN HÀ

Độc lập - Tự do - Hạnh phúc

Số
DỰ THẢO

/KH-THCSSH

Sơn Hà, ngày 15 tháng 8 năm 2025

KẾ HOẠCH NHÀ TRƯỜNG NĂM HỌC 2025-2026

A. CĂN CỨ XÂY DỰNG KẾ HOẠCH
- Căn cứ Công văn số 510/SGDĐT-GDTrH ngày 20/8/2025 của Sở GD&ĐT về hướng dẫn thực hiện nhiệm vụ năm học;
"""


def test_a_number_label_over_a_draft_stamp_is_no_body_and_the_blank_number_stays_empty() -> None:
    plan = parse_json(DRAFT_STAMP)
    assert plan["issuer"] == "TRƯỜNG THCS SƠN HÀ"
    assert plan["issuer_superior"] == "PHÒNG GD&ĐT SƠN HÀ"
    assert plan["number"] is None
    assert plan["date"] == "2025-08-15"


# A kindergarten's page: the post's title in capitals right above the header, whose cells a site joined on lines
# ending with "|" (the superior's and the issuer's names on one line, the number with a space before its slash).
JOINED_CELLS_PAGE = """Văn bản điều hành
KẾ HOẠCH PHÒNG CHỐNG TAI NẠN THƯƠNG TÍCH NĂM HỌC 2025-2026
UBND THÀNH PHỐ HÒA BÌNH TRƯỜNG MẦM NON HOA MAI
Số: 118 /KH-MNHM |
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc
Hòa Bình, ngày 06 tháng 10 năm 2025 |
KẾ HOẠCH
Phòng chống tai nạn thương tích năm học 2025 - 2026
Căn cứ Thông tư số 45/2021/TT-BGDĐT ngày 31 tháng 12 năm 2021 của Bộ Giáo dục và Đào tạo quy định về việc xây dựng \
trường học an toàn, phòng, chống tai nạn thương tích trong cơ sở giáo dục mầm non;
Căn cứ Kế hoạch thực hiện nhiệm vụ năm học 2025 – 2026, Trường mầm non Hoa Mai xây dựng Kế hoạch như sau:
I. MỤC ĐÍCH YÊU CẦU
Bảo đảm an toàn cho trẻ.
"""


def test_a_post_title_over_the_header_is_no_title_and_a_joined_superior_line_is_split() -> None:
    plan = parse_json(JOINED_CELLS_PAGE)
    assert plan["number"] == "118/KH-MNHM"
    assert plan["date"] == "2025-10-06"
    assert (plan["issuer_superior"], plan["issuer"]) == ("UBND THÀNH PHỐ HÒA BÌNH", "TRƯỜNG MẦM NON HOA MAI")
    assert plan["title"] == "Phòng chống tai nạn thương tích năm học 2025 - 2026"


# A converted Word file: the place and date broken after "ngày" with a blank line between, the title in capitals
# over a short hard-wrapped basis that cites a circular without "số".
SPLIT_DATE = """Tải bản đầy đủ (.doc) (11 trang)

KẾ HOẠCH KIỂM TRA nội bộ TRƯỜNG học năm học 2024 2025

PHÒNG GD & ĐT LẠC SƠN
TRƯỜNG TH LẠC HƯNG
Số: ....... /KH-THLH

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập – Tự do – Hạnh phúc
Lạc Sơn, ngày

12 tháng 9 năm 2024

KẾ HOẠCH
KIỂM TRA NỘI BỘ TRƯỜNG HỌC - NĂM HỌC 2024-2025
Căn cứ Thông tư 28/2020/TT-BGDĐT ngày 04 tháng 9 năm 2020
của Bộ trưởng Bộ Giáo dục và Đào tạo ban hành Điều lệ trường tiểu học;
Căn cứ Kế hoạch số 512/KH-PGDĐT ngày 20 tháng 9 năm 2024 Kế hoạch
kiểm tra năm học 2024-2025;
I. MỤC ĐÍCH YÊU CẦU
Kiểm tra để đôn đốc hoạt động dạy và học.
"""


def test_a_date_broken_after_ngay_is_read_and_a_short_basis_citing_a_number_is_no_title() -> None:
    plan = parse_json(SPLIT_DATE)
    assert plan["date"] == "2024-09-12"
    assert plan["title"] == "KIỂM TRA NỘI BỘ TRƯỜNG HỌC - NĂM HỌC 2024-2025"
    assert plan["parent_plan"]["number"] == "512/KH-PGDĐT"
    assert parse_json(SPLIT_DATE.replace("ngày\n\n12 tháng", "ngày 12\n\ntháng"))["date"] == "2024-09-12"
    # A day left blank stays blank once the line is joined.
    assert parse_json(SPLIT_DATE.replace("ngày\n\n12 tháng", "ngày\n\ntháng"))["date"] is None
