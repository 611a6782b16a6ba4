"""Fourth round of layouts met on real plans the parser had never seen (issue #14): a school's draft body whose
headings lost their numbers, a sports-day plan whose only work is the units' duties, the monthly plans of a Pioneer
brigade and of school unions (lists under the title or under period headings), portal breadcrumbs, padded numbers,
"công văn số 97/LĐLĐ" and an approver's block beside the author's. Each on a short text of our own."""

from __future__ import annotations

from typing import Any

from tests.plans.parsed import parse_json


def tasks_of(plan: dict[str, Any]) -> list[tuple[str, str | None, list[str], str | None]]:
    """Return (first five words of the content, lead, units, timing) of each task."""
    return [(" ".join(t["content"].split()[:5]), t["lead"], t["units"], t["timing"]) for t in plan["tasks"]]


# A school's draft body pasted from a drafting tool: the sub-headings of II and the unit headings of III are plain
# lines, the reporting regime is a plain line too.
PLAIN_HEADINGS = """Căn cứ Kế hoạch số 12/KH-UBND ngày 02 tháng 3 năm 2026 của Ủy ban nhân dân tỉnh Hòa An về phòng ngừa vi \
phạm pháp luật trong học sinh;

Trường THCS Hòa Bình xây dựng Kế hoạch phòng ngừa vi phạm pháp luật trong học sinh năm học 2026 - 2027 như sau:

I. MỤC ĐÍCH, YÊU CẦU

Nâng cao ý thức chấp hành pháp luật của học sinh.

II. NHIỆM VỤ TRỌNG TÂM

Đẩy mạnh công tác tuyên truyền pháp luật trong nhà trường

Lồng ghép nội dung giáo dục pháp luật vào các tiết sinh hoạt lớp và hoạt động trải nghiệm.

Tổ chức cho học sinh ký cam kết không vi phạm pháp luật từ đầu năm học.

Tăng cường phối hợp với gia đình và địa phương trong quản lý học sinh

Thường xuyên phối hợp với Công an xã Hòa Bình nắm tình hình học sinh ngoài giờ học.

III. PHÂN CÔNG TRÁCH NHIỆM

Ban Giám hiệu nhà trường

Chỉ đạo chung việc thực hiện kế hoạch; kiểm tra, đánh giá kết quả từng học kỳ.

Tổ chức Đoàn Thanh niên Cộng sản Hồ Chí Minh

Phối hợp với giáo viên tư vấn tâm lý tổ chức các buổi sinh hoạt chuyên đề cho học sinh.

Tổ văn phòng và nhân viên

Tổ văn phòng có trách nhiệm phối hợp với Ban Giám hiệu trong việc giữ an ninh trật tự trường học.

Chế độ báo cáo

Các bộ phận báo cáo kết quả về Ban Giám hiệu: báo cáo 6 tháng trước ngày 10/6 và báo cáo năm trước ngày 10/12.
"""


def test_plain_line_headings_group_the_paragraphs_and_name_who_carries_them_out() -> None:
    plan = parse_json(PLAIN_HEADINGS)
    assert tasks_of(plan) == [
        ("Lồng ghép nội dung giáo", None, [], None),
        ("Tổ chức cho học sinh", None, [], None),
        ("Thường xuyên phối hợp với", None, [], None),
        ("Chỉ đạo chung việc thực", "Ban Giám hiệu nhà trường", [], None),
        (
            "Phối hợp với giáo viên",
            "Tổ chức Đoàn Thanh niên Cộng sản Hồ Chí Minh",
            ["giáo viên tư vấn tâm lý"],
            None,
        ),
        # Two units named by the heading lead together; the item's own partner comes after them.
        ("Tổ văn phòng có trách", None, ["Tổ văn phòng", "Nhân viên", "Ban Giám hiệu"], None),
    ]
    assert [t["group"] for t in plan["tasks"][:3]] == [
        "Đẩy mạnh công tác tuyên truyền pháp luật trong nhà trường",
        "Đẩy mạnh công tác tuyên truyền pháp luật trong nhà trường",
        "Tăng cường phối hợp với gia đình và địa phương trong quản lý học sinh",
    ]
    # "Chế độ báo cáo" is the reporting regime: deadlines, not tasks.
    assert [d["due"] for d in plan["report_deadlines"]] == ["2026-06-10", "2026-12-10"]
    assert plan["issuer"] == "Trường THCS Hòa Bình"


def test_the_priority_tasks_beside_specific_tasks_stay_general_lines() -> None:
    plan = parse_json(
        """KẾ HOẠCH
Tự đánh giá năm học 2026 - 2027

I. Nhiệm vụ trọng tâm
1. Thực hiện nghiêm các quy định về kiểm định chất lượng giáo dục.
II. Nhiệm vụ cụ thể
1. Rà soát minh chứng của từng tiêu chuẩn trước tháng 12/2026.
2. Hoàn thiện báo cáo tự đánh giá.
"""
    )
    assert [t["content"][:20] for t in plan["tasks"]] == ["Rà soát minh chứng c", "Hoàn thiện báo cáo t"]


# A school's sports-day plan: its only assignment of work is "Nhiệm vụ của các đơn vị" under Tổ chức thực hiện, each
# unit on a line of its own over its bullets (the first line too long to read as a label).
DUTIES_ONLY = """KẾ HOẠCH
Tổ chức Hội khỏe Phù Đổng cấp trường năm học 2026 - 2027

I. MỤC ĐÍCH, YÊU CẦU

Rèn luyện sức khỏe cho học sinh.

II. THỜI GIAN, ĐỊA ĐIỂM

Tháng 3 năm 2027 tại sân trường.

III. TỔ CHỨC THỰC HIỆN

1. Ban Chỉ đạo

- Hiệu trưởng: Trưởng ban
- Các Tổ trưởng chuyên môn: Thành viên

2. Nhiệm vụ của các đơn vị

Tổ Giáo dục thể chất - Giáo dục quốc phòng và an ninh:
- Xây dựng điều lệ các môn thi đấu
- Chuẩn bị sân bãi, dụng cụ thi đấu
Tổ Tin học:
- Cập nhật kết quả thi đấu lên trang thông tin của trường
Ban Hành chính - Nhân sự:
- Chuẩn bị giấy khen cho lễ tổng kết
"""


def test_the_units_duties_are_the_tasks_of_a_plan_without_a_task_section() -> None:
    plan = parse_json(DUTIES_ONLY)
    assert tasks_of(plan) == [
        ("Xây dựng điều lệ các", "Tổ Giáo dục thể chất - Giáo dục quốc phòng và an ninh", [], None),
        ("Chuẩn bị sân bãi, dụng", "Tổ Giáo dục thể chất - Giáo dục quốc phòng và an ninh", [], None),
        ("Cập nhật kết quả thi", "Tổ Tin học", [], None),
        ("Chuẩn bị giấy khen cho", "Ban Hành chính - Nhân sự", [], None),
    ]


# A Pioneer brigade's monthly plan as its portal shows it: breadcrumb and post title, the two header columns on each
# line, the date glued to "ngày", the month's work directly under the title, the approver beside the author.
BRIGADE_MONTH = """LIÊN ĐỘI
Kế hoạch tháng 11 năm 2026
PHÒNG GD & ĐT HÒA AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TRƯỜNG THCS HÒA BÌNH Độc lập – Tự do – Hạnh phúc
Hòa Bình, ngày5 tháng 11 năm 2026
KẾ HOẠCH HOẠT ĐỘNG LIÊN ĐỘI THÁNG 11
Chủ điểm tháng 11: TÔN SƯ TRỌNG ĐẠO
1. Tổ chức sơ kết tháng 10, triển khai kế hoạch tháng 11.
2. Tổ chức hội thi kể chuyện về thầy cô giáo cho đội viên các chi đội.
3. Tham gia lao động vệ sinh khu di tích lịch sử của xã.
DUYỆT BAN GIÁM HIỆU TỔNG PHỤ TRÁCH ĐỘI
Nguyễn Văn Hải Trần Thị Mai Anh
"""


def test_a_brigades_month_plan_under_its_portal_breadcrumb() -> None:
    plan = parse_json(BRIGADE_MONTH)
    assert (plan["issuer"], plan["issuer_superior"]) == ("TRƯỜNG THCS HÒA BÌNH", "PHÒNG GD & ĐT HÒA AN")
    assert plan["date"] == "2026-11-05"
    assert [t["content"][:24] for t in plan["tasks"]] == [
        "Tổ chức sơ kết tháng 10,",
        "Tổ chức hội thi kể chuyệ",
        "Tham gia lao động vệ sin",
    ]
    # The head approves on the left; the plan is the brigade leader's, on the right.
    assert plan["signer"]["name"] == "Trần Thị Mai Anh"


def test_last_months_review_is_no_task_and_this_months_part_is() -> None:
    plan = parse_json(
        """KẾ HOẠCH CÔNG TÁC ĐỘI THÁNG 11/2026

I. Đánh giá công tác tháng 10:

- Tổ chức thành công Đại hội Liên đội.

II. Kế hoạch công tác tháng 11/2026

- Phát động phong trào thi đua chào mừng ngày Nhà giáo Việt Nam 20/11.

- Tổ chức tập huấn cho Ban chỉ huy chi đội.
"""
    )
    assert [t["content"][:20] for t in plan["tasks"]] == ["Phát động phong trào", "Tổ chức tập huấn cho"]


# A school union's year plan by quarter, from a portal: header columns padded with spaces, the year under the title
# after a blank line, bases as "- Căn cứ vào …" bullets (one citing no document).
UNION_BY_QUARTER = """LĐLĐ HÒA AN            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM

CĐCS TRƯỜNG MN HOA MAI              Độc lập – Tự do – Hạnh phúc

   Số:   03/KH-CĐCS                            Hòa An, ngày 12 tháng 10 năm 2026

KẾ HOẠCH HOẠT ĐỘNG CÔNG ĐOÀN

NĂM HỌC: 2026-2027

- Căn cứ vào phương hướng công tác công đoàn năm học 2026 - 2027 của công đoàn cấp trên.

- Căn cứ vào nhiệm vụ năm học 2026 - 2027 của nhà trường. Công đoàn đưa ra kế hoạch theo từng quý như sau:

QUÝ IV/2026 (Tháng 10 – 12)

1. Vận động đoàn viên tham gia hội thi giáo viên dạy giỏi cấp trường.

2. Tổ chức kỷ niệm ngày Nhà giáo Việt Nam 20/11.
"""


def test_a_period_line_heads_and_dates_the_items_under_it() -> None:
    plan = parse_json(UNION_BY_QUARTER)
    assert plan["issuer"] == "CĐCS TRƯỜNG MN HOA MAI"
    assert plan["number"] == "03/KH-CĐCS"
    assert plan["title"] == "HOẠT ĐỘNG CÔNG ĐOÀN NĂM HỌC: 2026-2027"
    assert [(t["content"][:20], t["timing"]) for t in plan["tasks"]] == [
        ("Vận động đoàn viên t", "QUÝ IV/2026 (Tháng 10 – 12)"),
        ("Tổ chức kỷ niệm ngày", "QUÝ IV/2026 (Tháng 10 – 12)"),
    ]
    assert plan["tasks"][0]["periods"] == [{"start": "2026-10-01", "end": "2026-12-31"}]


# A primary school brigade's year programme: the list markup renumbered the headings with their items; a number
# padded away from its label; the brigade typed in sentence case under its superior and the Pioneer motto.
BRIGADE_YEAR = """HỘI ĐỒNG ĐỘI HUYỆN HÒA AN                    ĐỘI TNTP HỒ CHÍ MINH

Liên đội trường TH Hòa Bình

Kế hoạch

Công tác Đội và phong trào thiếu nhi năm học 2026 – 2027

Thực hiện Chương trình công tác Đội năm học 2026 – 2027 của Hội đồng Đội tỉnh;

Phần II. Nội dung kế hoạch

 1. CHỦ ĐỀ NĂM HỌC

“Vâng lời Bác Hồ dạy

Học tốt, rèn luyện chăm”

 1. TRỌNG TÂM CÔNG TÁC
 2. Tổ chức cho thiếu nhi thực hiện phong trào thi đua làm theo 5 điều Bác Hồ dạy.
 3. Tuyên truyền, triển khai Luật Trẻ em trong thiếu nhi theo Chỉ thị 05-CT/TW của Bộ Chính trị.
"""


def test_a_renumbered_heading_in_capitals_groups_the_items_after_it() -> None:
    plan = parse_json(BRIGADE_YEAR)
    assert plan["issuer"] == "Liên đội trường TH Hòa Bình"
    assert [(t["content"][:20], t["group"]) for t in plan["tasks"]] == [
        ("Tổ chức cho thiếu nh", "1. TRỌNG TÂM CÔNG TÁC"),
        ("Tuyên truyền, triển ", "1. TRỌNG TÂM CÔNG TÁC"),
    ]


def test_a_padded_number_is_no_body_and_a_letter_numbered_with_a_code_alone_is_cited() -> None:
    plan = parse_json(
        """CÔNG ĐOÀN GIÁO DỤC HÒA AN
CĐCS TRƯỜNG THPT HÒA BÌNH
----------
Số:   41/KH-CĐHB
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hòa Bình, ngày 15 tháng 9 năm 2026

KẾ HOẠCH
Hoạt động công đoàn năm học 2026 - 2027

I - NHIỆM VỤ TRỌNG TÂM.
1. Triển khai công văn số 97/LĐLĐ ngày 27/8/2026 của Liên đoàn Lao động tỉnh về chăm lo Tết cho đoàn viên.
"""
    )
    assert (plan["issuer"], plan["issuer_superior"]) == ("CĐCS TRƯỜNG THPT HÒA BÌNH", "CÔNG ĐOÀN GIÁO DỤC HÒA AN")
    assert plan["number"] == "41/KH-CĐHB"
    assert [r["number"] for r in plan["legal_refs"]] == ["97/LĐLĐ"]
    assert [t["content"][:20] for t in plan["tasks"]] == ["Triển khai công văn "]


# Found after the rules above were written: a brigade's month plan whose work sits under "1/ …:" beside the month's
# theme and songs, a date in brackets after a task, an anniversary in brackets that is no date of work.
BRIGADE_SEPTEMBER = """ĐỘI TNTP HỒ CHÍ MINH

LIÊN ĐỘI TR. TIỂU HỌC HÒA BÌNH

                                   ***                                 Hòa An, ngày 03 tháng 09 năm 2026

Kế hoạch công tác đội – sao tháng 09 năm 2026

* Chủ điểm tháng: Truyền thống nhà trường

* Bài hát trong tháng: Ngày hội toàn thắng.

* Chương trình rèn luyện đội viên

             + Khối 1: Con ngoan

             + Khối 2: Vệ sinh sạch sẽ

1/ Sinh hoạt chủ điểm trong tháng:

- Giáo dục truyền thống Cách mạng tháng Tám và Quốc khánh 2/9 cho học sinh.

- Các lớp tiến hành đại hội chi đội, bầu ra ban chỉ huy chi đội. (22/09/2026 vào tiết sinh hoạt lớp)

- Tổ chức hoạt động kỷ niệm 81 năm ngày thành lập Đội (15/5/1941 - 15/5/2026).
"""


def test_work_under_its_own_heading_beside_the_months_theme_with_a_day_in_brackets() -> None:
    plan = parse_json(BRIGADE_SEPTEMBER)
    assert plan["issuer"] == "LIÊN ĐỘI TR. TIỂU HỌC HÒA BÌNH"
    assert [(t["content"][:20], t["timing"]) for t in plan["tasks"]] == [
        ("Giáo dục truyền thốn", None),
        ("Các lớp tiến hành đạ", "22/09/2026 vào tiết sinh hoạt lớp"),
        ("Tổ chức hoạt động kỷ", None),  # the anniversary's dates are history, not when the work is done
    ]


def test_a_roman_heading_without_its_dot_ends_the_section_above_and_a_description_is_no_work() -> None:
    plan = parse_json(
        """KẾ HOẠCH Phát động phong trào xây dựng Công trình măng non cấp Liên đội
Năm học: 2026 - 2027
I ĐẶC ĐIỂM TÌNH HÌNH
- Liên đội có 32 chi đội và 1.050 đội viên.
- Cơ sở vật chất của nhà trường còn thiếu bồn hoa.
II HÌNH THỨC THỰC HIỆN
- Trang bị các vật dụng cần thiết cho công tác Đội năm học
- Trồng cây xanh trong khuôn viên nhà trường và giao cho chi đội chăm sóc
III Thời gian thực hiện
- Từ ngày 30/9 đến ngày 30/12 năm 2026
"""
    )
    assert [t["content"][:20] for t in plan["tasks"]] == ["Trang bị các vật dụn", "Trồng cây xanh trong"]
