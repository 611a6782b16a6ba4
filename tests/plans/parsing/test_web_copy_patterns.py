"""More layouts of plans copied from web pages (issue #14), each reproduced on a short text of our own."""

from __future__ import annotations

import pytest

from danvan.plans.parsing import plan_lines
from danvan.plans.parsing.prepass import prepass
from danvan.plans.parsing.references import references_in
from danvan.plans.parsing.reports import find_deadlines
from danvan.plans.parsing.tasks import labelled_fields
from danvan.plans.parsing.units import UnitSplitter
from tests.plans.parsed import parse_json

# A commune portal: the page's title and posting time first, then the Party-style header whose two columns were
# written as text with wide gaps, a blank line after every line, the issuer's name over three lines beside the
# date, a blank number, and the title again.
PARTY_PAGE = """# source: https://example.invalid/tin-tuc/ke-hoach-dan-van
công tác dân vận quý III năm 2025

Thứ hai - 07/07/2025 08:00

KẾ HOẠCH

Vận động Nhân dân giữ gìn vệ sinh môi trường quý III năm 2025

           ĐẢNG UỶ XÃ HÒA LỘC                ĐẢNG CỘNG SẢN VIỆT NAM

BAN CHỈ ĐẠO QUY CHẾ DÂN CHỦ       Hòa Lộc, ngày 02 tháng 7 năm 2025

    CƠ SỞ VÀ CÔNG TÁC VẬN ĐỘNG

                 QUẦN CHÚNG

                             *

                  Số      -KH/BCĐ

KẾ HOẠCH

Vận động Nhân dân giữ gìn vệ sinh môi trường quý III năm 2025

-----

Thực hiện kế hoạch số 09-KH/BCĐ ngày 20/6/2025 của Ban chỉ đạo Quy chế dân chủ cơ sở huyện Đông Sơn về vận động Nhân dân giữ gìn vệ sinh môi trường, Ban chỉ đạo xã Hòa Lộc xây dựng kế hoạch như sau:

I- MỤC ĐÍCH, YÊU CẦU

1- Mục đích

Nâng cao ý thức của Nhân dân về vệ sinh môi trường.

II- NỘI DUNG

1- Ra quân tổng vệ sinh các tuyến đường liên thôn.

2- Tuyên truyền trên hệ thống loa truyền thanh của xã.
"""


def test_a_web_page_that_repeats_the_title_after_a_party_header_keeps_issuer_number_and_parent() -> None:
    plan = parse_json(PARTY_PAGE)
    assert plan["date"] == "2025-07-02"
    # The issuer's name goes on under the date cell; the blank "Số      -KH/BCĐ" is no number, nor a body.
    assert plan["issuer"] == "BAN CHỈ ĐẠO QUY CHẾ DÂN CHỦ CƠ SỞ VÀ CÔNG TÁC VẬN ĐỘNG QUẦN CHÚNG"
    assert plan["issuer_superior"] == "ĐẢNG UỶ XÃ HÒA LỘC"
    assert plan["number"] is None
    # The repeated title is not the body's first heading, so "Thực hiện kế hoạch số …" is read as a basis.
    assert (plan["parent_plan"]["number"], plan["parent_plan"]["date"]) == ("09-KH/BCĐ", "2025-06-20")
    # "I- …" and "1- …" number headings and items like "I." and "1.".
    assert [t["content"] for t in plan["tasks"]] == [
        "Ra quân tổng vệ sinh các tuyến đường liên thôn.",
        "Tuyên truyền trên hệ thống loa truyền thanh của xã.",
    ]


# A legal-document website's copy: the header table flattened into lines between bare "|" lines, the national
# motto wrapped over two lines, the place wrapped, and the source line right above the issuer's first cell.
LEGAL_SITE_HEADER = """# source: https://example.invalid/van-ban/ke-hoach-42
ỦY BAN NHÂN DÂN
TỈNH HÀ TRUNG
-------
|
CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
|
Số: 42/KH-UBND
|
Hà
Trung, ngày 05 tháng 3 năm 2024
|
KẾ HOẠCH
THỰC HIỆN CHƯƠNG TRÌNH SỮA HỌC ĐƯỜNG NĂM 2024
Thực hiện Quyết định số
1500/QĐ-BGDĐT ngày 10 tháng 1 năm 2024 của Bộ Giáo dục và Đào tạo ban
hành Kế hoạch triển khai Chương trình sữa học đường, Ủy ban nhân dân tỉnh ban hành Kế hoạch
như sau:
I. MỤC ĐÍCH
- Cải thiện dinh dưỡng của trẻ
mẫu giáo và học sinh tiểu học.
"""


def test_a_header_table_with_a_wrapped_motto_gives_the_issuer_not_the_motto() -> None:
    plan = parse_json(LEGAL_SITE_HEADER)
    assert plan["issuer"] == "ỦY BAN NHÂN DÂN TỈNH HÀ TRUNG"
    assert (plan["number"], plan["date"]) == ("42/KH-UBND", "2024-03-05")
    assert plan["parent_plan"]["number"] == "1500/QĐ-BGDĐT"


def test_the_prepass_never_joins_the_source_line_and_reads_a_header_table_cell_by_cell() -> None:
    lines = prepass(plan_lines(LEGAL_SITE_HEADER)[0])
    assert lines[0].startswith("source:") and lines[0].endswith("ke-hoach-42")
    assert "ỦY BAN NHÂN DÂN" in lines[1]
    # Three cells across (motto, number, place and date) are still a header, not a task table row.
    assert not any("\t" in line for line in lines)
    assert "CHỦ NGHĨA VIỆT NAM" in lines


# A paywalled legal site's copy of a decision issuing a plan: no decision title, only "ỦY BAN NHÂN DÂN" in the
# header cell, the authority line above the bases, and the plan's name in capitals above "(Kèm theo …)".
CUT_DECISION = """Vui lòng ĐĂNG NHẬP để tiếp tục.
ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
Số: 77/QĐ-UBND | Lạc Sơn, ngày 03 tháng 4 năm 2019 |
ỦY BAN NHÂN DÂN TỈNH LẠC SƠN
Căn cứ Quyết định số: 900/QĐ-TTg ngày 01/6/2018 của Thủ tướng Chính phủ về việc ban hành Kế hoạch quốc gia phòng chống thiên tai;
Căn cứ Quyết định số: 310/QĐ-BGDĐT ngày 02/3/2019 của Bộ Giáo dục và Đào tạo ban hành Kế hoạch giáo dục kỹ năng phòng chống đuối nước cho học sinh;
QUYẾT ĐỊNH:
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
| TM. ỦY BAN NHÂN DÂN |
GIÁO DỤC KỸ NĂNG PHÒNG CHỐNG ĐUỐI NƯỚC CHO HỌC SINH TỈNH LẠC SƠN
(Kèm theo Quyết định số: 77/QĐ-UBND ngày 03/4/2019 của Ủy ban nhân dân tỉnh)
1. Mục đích
a) Nâng cao nhận thức của học sinh.
"""


def test_a_decision_without_its_title_is_named_by_its_authority_line_and_its_caption() -> None:
    plan = parse_json(CUT_DECISION)
    assert plan["issuer"] == "ỦY BAN NHÂN DÂN TỈNH LẠC SƠN"
    assert plan["title"] == "GIÁO DỤC KỸ NĂNG PHÒNG CHỐNG ĐUỐI NƯỚC CHO HỌC SINH TỈNH LẠC SƠN"
    # Of two decisions issuing a plan, the one on the subject the caption repeats is the parent.
    assert plan["parent_plan"]["number"] == "310/QĐ-BGDĐT"
    assert "77/QĐ-UBND" not in [r["number"] for r in plan["legal_refs"]]


def test_a_decision_issuing_a_regulation_is_a_basis_not_the_parent() -> None:
    plan = parse_json(
        "TRƯỜNG TIỂU HỌC AN BÌNH\nSố: 12/KH-THAB\nAn Bình, ngày 01 tháng 10 năm 2024\n\nKẾ HOẠCH\n"
        "Thực hiện quy chế dân chủ trong nhà trường năm học 2024-2025\n\n"
        "Căn cứ Quyết định số 04/QĐ-BGDĐT ngày 01 tháng 3 năm 2000 của Bộ trưởng Bộ Giáo dục và Đào tạo về việc "
        "ban hành quy chế thực hiện dân chủ trong nhà trường;\n"
        "Căn cứ kế hoạch năm học 2024-2025 của nhà trường,\n\nI. MỤC ĐÍCH\nPhát huy quyền làm chủ.\n"
    )
    assert plan["parent_plan"]["number"] is None
    assert [r["number"] for r in plan["legal_refs"]] == ["04/QĐ-BGDĐT"]


# A Party body's portal: no header; the page's title line names the plan; "I - NHIỆM VỤ" holds "1. Nhiệm vụ trọng
# tâm" whose "1.1.", "1.2." are the tasks; an event item with "Thời gian:", "Địa điểm:" and "Thành phần:" fields.
PORTAL_PLAN = """Thứ Ba, 1/3/2022
Kế hoạch số 210-KH/BDVTU ngày 15/01/2022 của Ban Dân vận Tỉnh ủy về Kế hoạch công tác năm 2022

Căn cứ Chương trình công tác toàn khóa số 05-CTr/BDVTU, ngày 10/12/2020, Ban Dân vận Tỉnh ủy xây dựng Kế hoạch công tác năm 2022 như sau:

I - NHIỆM VỤ

1. Nhiệm vụ trọng tâm

1.1. Tham mưu sơ kết 5 năm thực hiện Nghị quyết về công tác dân vận (trình quý II/2022).

1.2. Hướng dẫn các huyện ủy xây dựng mô hình dân vận khéo.

2. Hoạt động kỷ niệm

2.1. Hội nghị biểu dương điển hình dân vận khéo.

Thời gian: Dự kiến sáng ngày 14/10/2022 (Thứ Sáu)

Địa điểm: Hội trường Tỉnh ủy.

Thành phần:

- Đại diện Ban Dân vận các huyện ủy.

- Các điển hình được biểu dương.
"""


def test_priority_tasks_inside_the_task_section_are_tasks_and_place_and_attendees_end_the_timing() -> None:
    plan = parse_json(PORTAL_PLAN)
    assert (plan["number"], plan["date"]) == ("210-KH/BDVTU", "2022-01-15")
    assert [(" ".join(t["content"].split()[:4]), t["timing"], t["group"]) for t in plan["tasks"]] == [
        ("Tham mưu sơ kết", None, "1. Nhiệm vụ trọng tâm"),
        ("Hướng dẫn các huyện", None, "1. Nhiệm vụ trọng tâm"),
        ("Hội nghị biểu dương", "Dự kiến sáng ngày 14/10/2022 (Thứ Sáu)", "2. Hoạt động kỷ niệm"),
    ]


def test_routine_duties_stay_the_regular_section_inside_a_task_section() -> None:
    plan = parse_json(
        "KẾ HOẠCH\nNăm học 2024-2025\n\nII. NỘI DUNG NHIỆM VỤ\n1. Nhiệm vụ thường xuyên\n"
        "- Dạy đủ chương trình.\n2. Nhiệm vụ cụ thể\n- Tổ chức hội giảng (Tổ chuyên môn chủ trì; tháng 11/2024).\n"
    )
    assert plan["sections"]["regular_tasks"] == ["Dạy đủ chương trình."]
    assert [t["content"] for t in plan["tasks"]] == ["Tổ chức hội giảng"]


@pytest.mark.parametrize(
    "text, fields",
    [
        (
            "Nghị định quy định chi tiết. Cơ quan chủ trì: Bộ Công an. Thời hạn ban hành: trước ngày 01/7/2026.",
            ("Nghị định quy định chi tiết", "Bộ Công an", [], "trước ngày 01/7/2026"),
        ),
        (
            "Hội nghị tổng kết. Thời gian: sáng 20/12/2025 (Thứ Bảy). Địa điểm: Hội trường UBND xã.",
            ("Hội nghị tổng kết", None, [], "sáng 20/12/2025 (Thứ Bảy)"),
        ),
        # A "thực hiện" field written as clauses: the body said to "chủ trì" leads, the other subjects take part.
        (
            "Phổ biến Luật. Cơ quan thực hiện: Sở Nội vụ chủ trì tham mưu ban hành kế hoạch; Sở Tư pháp và các sở, ban, "
            "ngành tỉnh chủ động tổ chức triển khai Luật thuộc phạm vi quản lý.",
            ("Phổ biến Luật", "Sở Nội vụ", ["Sở Tư pháp", "các sở, ban, ngành tỉnh"], None),
        ),
        # Without "chủ trì", the first clause's one body leads.
        (
            "Rà soát văn bản. Cơ quan thực hiện: Sở Tư pháp tiến hành rà soát văn bản thuộc thẩm quyền; các sở, ngành "
            "liên quan và Ủy ban nhân dân các xã, phường rà soát văn bản do cơ quan mình tham mưu ban hành.",
            ("Rà soát văn bản", "Sở Tư pháp", ["các sở, ngành liên quan", "Ủy ban nhân dân các xã, phường"], None),
        ),
        # A list of bodies with "tổ chức" as a noun is not a clause.
        (
            "Kiểm tra. Cơ quan thực hiện: Sở Nội vụ, các cơ quan, tổ chức khác có liên quan.",
            ("Kiểm tra", None, ["Sở Nội vụ", "các cơ quan, tổ chức khác có liên quan"], None),
        ),
    ],
)
def test_issue_deadlines_and_places_are_labelled_fields(text: str, fields: tuple) -> None:
    assert labelled_fields(text, UnitSplitter()) == fields


@pytest.mark.parametrize(
    "cell, units",
    [
        (
            "Bộ Tư pháp, Bộ Văn hóa, Thể thao và Du lịch, Đài Truyền hình Việt Nam",
            ["Bộ Tư pháp", "Bộ Văn hóa, Thể thao và Du lịch", "Đài Truyền hình Việt Nam"],
        ),
        (
            "Sở Nội vụ, các sở, ban, ngành tỉnh trong phạm vi chức năng, nhiệm vụ của mình và các cơ quan có liên quan",
            ["Sở Nội vụ", "các sở, ban, ngành tỉnh", "các cơ quan có liên quan"],
        ),
        ("Sở Tài chính theo chức năng, nhiệm vụ được giao", ["Sở Tài chính"]),
        ("Công đoàn, Đoàn Thanh niên và Liên đội", ["Công đoàn", "Đoàn Thanh niên", "Liên đội"]),
        (
            "các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ và Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
            [
                "các bộ",
                "cơ quan ngang bộ",
                "cơ quan thuộc Chính phủ",
                "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
            ],
        ),
        ("các Tổ chuyên môn và bộ phận văn phòng", ["các Tổ chuyên môn", "bộ phận văn phòng"]),
        (
            "Ủy ban nhân dân phường, xã, đặc khu, báo, đài và các đơn vị có liên quan",
            ["Ủy ban nhân dân phường, xã, đặc khu", "báo, đài", "các đơn vị có liên quan"],
        ),
        ("UBND các xã, phường, thị trấn", ["UBND các xã, phường, thị trấn"]),
        (
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội trực thuộc",
            ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "các tổ chức chính trị - xã hội trực thuộc"],
        ),
        (
            "Sở Khoa học và Công nghệ, Đài Phát thanh và Truyền hình tỉnh và Báo Hà Trung",
            ["Sở Khoa học và Công nghệ", "Đài Phát thanh và Truyền hình tỉnh", "Báo Hà Trung"],
        ),
    ],
)
def test_unit_lists_drop_qualifiers_and_keep_names_of_several_fields(cell: str, units: list[str]) -> None:
    assert UnitSplitter().split(cell) == units


def test_a_document_flattened_into_one_line_still_names_its_issuer() -> None:
    text = (
        "ỦY BAN NHÂN DÂN XÃ TÂN LẬP CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập – Tự do – Hạnh phúc KẾ HOẠCH "
        "“Ngày hội đọc sách” xã Tân Lập Căn cứ công văn số 12/PGDĐT ngày 01/3/2024 về ngày sách; "
        + "Ủy ban nhân dân xã Tân Lập xây dựng kế hoạch như sau: phát triển văn hóa đọc trong cộng đồng. "
        * 6
    )
    plan = parse_json(text)
    assert plan["issuer"] == "ỦY BAN NHÂN DÂN XÃ TÂN LẬP"


# A decision issuing the plan that carries out an approved Quy hoạch: "Nội dung" restates it (targets, projects,
# land, capital), "Giải pháp" points to the Quy hoạch's decision, so "Tổ chức thực hiện" assigns the work.
PROGRAMME_PLAN = """BỘ XÂY DỰNG
Số: 88/KH-BXD
Hà Nội, ngày 10 tháng 10 năm 2025

KẾ HOẠCH
Thực hiện Quy hoạch mạng lưới bến xe khách

I. MỤC ĐÍCH
1. Mục đích
Triển khai quy hoạch.
II. NỘI DUNG CHỦ YẾU
1. Mục tiêu phát triển đến năm 2030
- Mạng lưới bến xe đồng bộ, hiện đại.
2. Các chương trình, dự án ưu tiên đầu tư
- Danh mục tại Phụ lục.
3. Nguồn lực thực hiện quy hoạch
- Khoảng 10.000 tỷ đồng.
III. GIẢI PHÁP THỰC HIỆN
Triển khai đồng bộ các nhóm giải pháp đã được đề ra tại Quyết định số 123/QĐ-TTg.
IV. TỔ CHỨC THỰC HIỆN
1. Cục Đường bộ Việt Nam
a) Tổ chức công bố quy hoạch đến các địa phương.
b) Chủ trì, phối hợp với các Bộ, ngành liên quan, Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương rà soát danh mục dự án.
2. Sở Xây dựng các tỉnh, thành phố trực thuộc Trung ương
Chủ trì, phối hợp với các cơ quan có liên quan tham mưu cho Ủy ban nhân dân cấp tỉnh:
a) Quản lý quỹ đất dành cho bến xe.
b) Bố trí vốn đối ứng.
3. Các tổ chức, cá nhân liên quan
Phối hợp với các cơ quan có thẩm quyền trong việc thực hiện quy hoạch./.
"""


def test_when_the_content_only_restates_a_programme_the_per_body_duties_are_the_tasks() -> None:
    plan = parse_json(PROGRAMME_PLAN)
    assert [(" ".join(t["content"].split()[:4]), t["lead"], t["units"]) for t in plan["tasks"]] == [
        ("Tổ chức công bố", "Cục Đường bộ Việt Nam", []),
        (
            "Chủ trì, phối hợp",
            "Cục Đường bộ Việt Nam",
            ["các Bộ, ngành liên quan", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"],
        ),
        ("Quản lý quỹ đất", "Sở Xây dựng các tỉnh, thành phố trực thuộc Trung ương", ["các cơ quan có liên quan"]),
        ("Bố trí vốn đối", "Sở Xây dựng các tỉnh, thành phố trực thuộc Trung ương", ["các cơ quan có liên quan"]),
        # The last duty ends with "./." yet it is the heading's text, not the plan's closing sentence.
        ("Phối hợp với các", "Các tổ chức, cá nhân liên quan", ["các cơ quan có thẩm quyền"]),
    ]


def test_a_content_section_with_action_items_keeps_tasks_and_responsibilities_apart() -> None:
    plan = parse_json(PROGRAMME_PLAN.replace("1. Mục tiêu phát triển đến năm 2030", "1. Tuyên truyền quy hoạch"))
    assert [t["group"] for t in plan["tasks"]] == ["1. Tuyên truyền quy hoạch"] * 1 + [
        "2. Các chương trình, dự án ưu tiên đầu tư",
        "3. Nguồn lực thực hiện quy hoạch",
    ]
    assert plan["sections"]["implementation"]


def test_report_deadlines_need_a_period_or_a_day_and_each_keeps_its_wording() -> None:
    found = find_deadlines(
        [
            # A duty to report "theo quy định" with no period is no deadline (A8); with one, it is.
            (1, "Sở Y tế định kỳ tổng hợp, báo cáo Ủy ban nhân dân tỉnh theo quy định."),
            (2, "Các trường báo cáo tổng kết năm học gửi về Phòng GD&ĐT theo quy định."),
            # The period dates the inspection in its own clause, not the report.
            (3, "Hằng năm, tổ chức kiểm tra tình hình thực hiện; tổ chức sơ kết để tổng hợp, báo cáo UBND tỉnh."),
            (4, "Định kỳ hàng tháng (trước ngày 16 hàng tháng), 6 tháng (trước ngày 16/6) báo cáo Sở Công Thương."),
            (5, "Hoàn thành, báo cáo kết quả Ủy ban nhân dân tỉnh trong tháng 11/2025."),
            (6, "Các trạm y tế báo cáo hằng ngày."),
            (7, "Báo cáo tổng hợp hàng ngày gửi UBND tỉnh."),
            (8, "Tổ chức đánh giá, báo cáo Thủ tướng Chính phủ định kỳ hằng năm hoặc đột xuất theo yêu cầu."),
        ],
        2025,
    )
    assert [d["due"] for d in found] == [
        "theo quy định",
        "2025-06-16",
        "trước ngày 16 hàng tháng",
        "trong tháng 11/2025",
        "hằng ngày",
        "hàng ngày",
        "định kỳ hằng năm hoặc đột xuất theo yêu cầu",
    ]


def test_a_completion_line_under_a_report_item_dates_it_and_an_undated_repeat_is_dropped() -> None:
    found = find_deadlines(
        [
            (1, "Báo cáo kết quả kiểm kê cho cơ quan quản lý cấp trên."),
            (2, "Thời hạn hoàn thành: Trước ngày 31/3/2026."),
            (3, "Tổ chức kiểm kê tài sản."),
            (4, "Thời hạn hoàn thành: Trước ngày 15/3/2026."),
            (5, "Định kỳ hằng năm, báo cáo UBND tỉnh kết quả thực hiện."),
            (6, "Sở Tài chính tổng hợp, báo cáo UBND tỉnh trước ngày 30/11 hằng năm."),
            # Two reports in one paragraph, one dated and one "theo quy định": both stay.
            (
                7,
                "Xây dựng kế hoạch, gửi về Sở GD&ĐT trước ngày 05/4/2025. Tổ chức đánh giá và báo cáo kết quả cùng "
                "báo cáo tổng kết năm học gửi về Sở GD&ĐT theo quy định.",
            ),
        ],
        2025,
    )
    assert [(d["due"], d["name"]) for d in found] == [
        ("2026-03-31", "Báo cáo kết quả kiểm kê cho cơ quan quản lý cấp trên"),
        ("2025-11-30", "Sở Tài chính tổng hợp, báo cáo UBND tỉnh"),
        ("2025-04-05", "Xây dựng kế hoạch"),
        ("theo quy định", "Tổ chức đánh giá và báo cáo kết quả cùng báo cáo tổng kết năm học"),
    ]


def test_this_years_guidance_joined_by_va_is_the_parent_over_a_decade_old_basis() -> None:
    plan = parse_json(
        "ỦY BAN NHÂN DÂN TỈNH AN HÒA\nSố: 310/KH-UBND\nAn Hòa, ngày 20 tháng 10 năm 2025\n\nKẾ HOẠCH\n"
        "Tổ chức Tháng hành động vì bình đẳng giới năm 2025\n\n"
        "Căn cứ Quyết định số 180/QĐ-TTg ngày 28 tháng 01 năm 2016 của Thủ tướng Chính phủ về ban hành Kế hoạch "
        "triển khai công tác bình đẳng giới giai đoạn 2016 - 2020;\n\n"
        "Thực hiện Thông tri số 05-TT/TU ngày 03 tháng 10 năm 2025 của Tỉnh ủy về công tác phụ nữ và hướng dẫn "
        "của Bộ Nội vụ tại Công văn số 9000/BNV-BĐG ngày 03 tháng 10 năm 2025 về việc hướng dẫn tổ chức Tháng hành "
        "động vì bình đẳng giới năm 2025;\n\nI. NỘI DUNG\n1. Tuyên truyền.\n"
    )
    assert plan["parent_plan"]["number"] == "9000/BNV-BĐG"


def test_a_date_past_the_next_cited_number_belongs_to_that_number() -> None:
    refs = references_in(
        "Thực hiện Nghị quyết số 12/2024/QH15 ngày 27/11/2024 của Quốc hội về chương trình (Nghị quyết số "
        "12/2024/QH15), Nghị quyết số 40/NQ-CP ngày 13/3/2025 của Chính phủ về ban hành Kế hoạch triển khai;",
        1,
    )
    assert [(r.number, r.date) for r in refs] == [
        ("12/2024/QH15", "2024-11-27"),
        ("12/2024/QH15", None),
        ("40/NQ-CP", "2025-03-13"),
    ]


def test_a_year_range_wrapped_before_its_dash_is_not_a_bullet() -> None:
    lines = prepass(
        [
            "Căn cứ Quyết định số 5/QĐ-TTg của Thủ tướng",
            "Chính phủ về Chương trình giai đoạn 2021",
            "- 2025”;",
            "",
            "**I. MỤC ĐÍCH**",
            "- Nâng cao nhận thức của cán bộ",
            "và nhân dân.",
            "- Tổ chức tuyên truyền sâu rộng",
            "trên các phương tiện thông tin",
            "đại chúng.",
            "",
            "**II. NỘI DUNG**",
            "",
            "**1. Tuyên truyền**",
        ]
    )
    assert lines[0] == "Căn cứ Quyết định số 5/QĐ-TTg của Thủ tướng Chính phủ về Chương trình giai đoạn 2021 - 2025”;"
    assert [line for line in lines[4:] if line] == [
        "I. MỤC ĐÍCH",
        "- Nâng cao nhận thức của cán bộ và nhân dân.",
        "- Tổ chức tuyên truyền sâu rộng trên các phương tiện thông tin đại chúng.",
        "II. NỘI DUNG",
        "1. Tuyên truyền",
    ]


EMULATION_PLAN = """KẾ HOẠCH
Phát động phong trào thi đua chi trả không dùng tiền mặt năm 2025

I. MỤC ĐÍCH
Nâng cao nhận thức.
II. NỘI DUNG THI ĐUA, PHƯƠNG ÁN TRIỂN KHAI, TIÊU CHÍ ĐÁNH GIÁ VÀ XẾP HẠNG
1. Nội dung thi đua
Vận động người hưởng trợ cấp mở tài khoản, các nội dung này được cụ thể hóa bằng các chỉ tiêu như sau:
(1) 100% người hưởng trợ cấp được tuyên truyền;
(2) Ít nhất 80% người hưởng trợ cấp mở tài khoản.
2. Phương án triển khai
a) Tổ chức tuyên truyền tại các thôn.
b) Phối hợp với ngân hàng mở tài khoản.
3. Tiêu chí đánh giá, xếp loại
a) Trên cơ sở kết quả chấm điểm của Sở, Hội đồng xét thi đua.
4. Cách thức xếp hạng
a) Xếp từ cao xuống thấp theo tổng điểm.
III. TỔ CHỨC THỰC HIỆN
Các xã triển khai kế hoạch.
"""


def test_an_emulation_plans_targets_criteria_and_ranking_are_not_tasks() -> None:
    plan = parse_json(EMULATION_PLAN)
    assert [(" ".join(t["content"].split()[:4]), t["group"]) for t in plan["tasks"]] == [
        ("Vận động người hưởng", "1. Nội dung thi đua"),
        ("Tổ chức tuyên truyền", "2. Phương án triển khai"),
        ("Phối hợp với ngân", "2. Phương án triển khai"),
    ]


def test_a_name_like_5g_wrapped_to_a_line_start_is_not_an_item() -> None:
    plan = parse_json(
        "KẾ HOẠCH\nChuyển đổi số năm 2025\n\nII. NHIỆM VỤ\n1. Hạ tầng số\na) Phát triển hạ tầng\n"
        "5G, mạng IoT thế hệ mới cho các khu công nghiệp.\nb) Phủ sóng băng rộng.\n"
    )
    assert [t["content"] for t in plan["tasks"]] == [
        "Phát triển hạ tầng 5G, mạng IoT thế hệ mới cho các khu công nghiệp.",
        "Phủ sóng băng rộng.",
    ]


def test_work_under_headings_of_its_own_between_targets_and_solutions_is_tasks() -> None:
    plan = parse_json(
        "KẾ HOẠCH\nPhát triển kinh tế số năm 2026\n\nI. QUAN ĐIỂM\n1. Kinh tế số là động lực.\n"
        "II. MỤC TIÊU\n1. Kinh tế số chiếm 30% GRDP.\nIII. CHỈ TIÊU ĐẾN NĂM 2030\n1. 100% xã có cáp quang.\n"
        "IV. PHÁT TRIỂN HẠ TẦNG SỐ\n1. Hạ tầng\na) Phủ sóng 5G toàn tỉnh.\nb) Xây dựng trung tâm dữ liệu.\n"
        "V. GIẢI PHÁP\n1. Bảo đảm kinh phí hằng năm.\nVI. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính bố trí kinh phí.\n"
    )
    assert [(t["content"], t["group"]) for t in plan["tasks"]] == [
        ("Phủ sóng 5G toàn tỉnh.", "1. Hạ tầng"),
        ("Xây dựng trung tâm dữ liệu.", "1. Hạ tầng"),
        ("Bảo đảm kinh phí hằng năm.", "V. GIẢI PHÁP"),
    ]


DUTIES_PLAN = """KẾ HOẠCH
Tổng kiểm kê tài sản công

IV. NHIỆM VỤ CỤ THỂ
1. Nhiệm vụ của thành viên Ban Chỉ đạo
1.1. Trưởng Ban Chỉ đạo
- Phối hợp với các cơ quan Trung ương, Bộ Tài chính trong việc chỉ đạo kiểm kê.
1.2. Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo
- Tham mưu triển khai kế hoạch kiểm kê.
Thời gian thực hiện: Tháng 11 - 12/2025.
1.3. Các cơ quan tham mưu quản lý ngành, lĩnh vực (gồm các Sở: Xây dựng, Công Thương):
- Cử công chức tham gia tổ công tác.
1.4. Trách nhiệm của đối tượng thực hiện kiểm kê, theo phân cấp quản lý tài sản hiện hành:
- Thành lập Tổ kiểm kê.
Thời hạn hoàn thành: Trước ngày 30/11/2025.
- Báo cáo kết quả kiểm kê cho cơ quan quản lý cấp trên.
Thời hạn hoàn thành: Trước ngày 31/3/2026.
V. KINH PHÍ THỰC HIỆN
Ngân sách nhà nước.
"""


def test_duties_headings_name_who_leads_each_bullet_with_its_own_deadline() -> None:
    plan = parse_json(DUTIES_PLAN)
    assert [(" ".join(t["content"].split()[:3]), t["lead"], t["units"], t["timing"]) for t in plan["tasks"]] == [
        ("Phối hợp với", "Trưởng Ban Chỉ đạo", ["các cơ quan Trung ương", "Bộ Tài chính"], None),
        ("Tham mưu triển", "Sở Tài chính", [], "Tháng 11 - 12/2025"),
        ("Cử công chức", "Các cơ quan tham mưu quản lý ngành, lĩnh vực", [], None),
        # A heading of ten words ending with ":" over bullets that each carry a deadline: the bullets are tasks.
        (
            "Thành lập Tổ",
            "Đối tượng thực hiện kiểm kê, theo phân cấp quản lý tài sản hiện hành",
            [],
            "Trước ngày 30/11/2025",
        ),
        (
            "Báo cáo kết",
            "Đối tượng thực hiện kiểm kê, theo phân cấp quản lý tài sản hiện hành",
            [],
            "Trước ngày 31/3/2026",
        ),
    ]


def test_a_basis_whose_cu_the_converter_dropped_is_still_a_basis() -> None:
    refs = references_in("Căn vào công văn số 804/HD-PGD ngày 01/11/2024 V/v triển khai năm học 2024-2025;", 1)
    assert [(r.number, r.intro) for r in refs] == [("804/HD-PGD", "can cu")]
    # "Căn" before anything but a document is not read as a basis.
    assert [r.intro for r in references_in("Căn phòng số 12/2024 của trường.", 1)] in ([], [None])


def test_a_plural_heading_among_body_headings_names_one_more_body() -> None:
    plan = parse_json(
        "KẾ HOẠCH\nPhòng, chống ma túy năm 2026\n\nIII. NHIỆM VỤ, PHÂN CÔNG TRÁCH NHIỆM\n"
        "1. Sở Tài chính\na) Bố trí kinh phí.\n2. Công an tỉnh\na) Chủ trì rà soát đối tượng.\n"
        "3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội trực thuộc\n"
        "a) Vận động Nhân dân tố giác tội phạm.\n4. Các sở, ban, ngành khác\na) Phối hợp triển khai kế hoạch.\n"
    )
    assert [(t["lead"], t["units"]) for t in plan["tasks"]] == [
        ("Sở Tài chính", []),
        ("Công an tỉnh", []),
        (None, ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Các tổ chức chính trị - xã hội trực thuộc"]),
        ("Các sở, ban, ngành khác", []),
    ]


def test_recipient_notes_and_sub_items_stay_with_their_entry() -> None:
    plan = parse_json(
        "ỦY BAN NHÂN DÂN TỈNH HÀ TRUNG\nSố: 5/KH-UBND\nHà Trung, ngày 02 tháng 3 năm 2025\n\nKẾ HOẠCH\n"
        "Phát triển giáo dục năm 2025\n\nI. NHIỆM VỤ\n1. Rà soát mạng lưới trường.\n\n"
        "Nơi nhận:\n- Bộ Giáo dục và Đào tạo; (để báo cáo)\n- UBND các xã, phường;\n- VP UBND tỉnh:\n"
        "+ LĐVP, KGVX;\n+ Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An\n"
    )
    assert plan["recipients"] == [
        "Bộ Giáo dục và Đào tạo (để báo cáo)",
        "UBND các xã, phường",
        "VP UBND tỉnh: LĐVP, KGVX",
        "Lưu: VT",
    ]
