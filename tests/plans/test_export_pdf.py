"""The exported plan PDF looks like a Vietnamese official document: checked on the rendered first page."""

from __future__ import annotations

import pytest

from danvan.plans.export import export_plan_pdf
from tests.conftest import SEED_PLAN
from tests.lib.pdf_helpers import Ink, find_run, page_text, text_runs
from tests.plans.parsed import parse_json


@pytest.fixture(scope="module")
def seed_pdf() -> bytes:
    plan = parse_json(SEED_PLAN.read_bytes(), filename="seed.txt")
    return export_plan_pdf(plan, issuer_superior="SỞ GD&ĐT HẢI PHÒNG", issuer_code="THPTNK", place="Hải Phòng")


def test_it_prints_the_plan_in_vietnamese(seed_pdf):
    text = " ".join(page_text(seed_pdf).split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "TRƯỜNG THPT NGUYỄN KHUYẾN",
        "Số: /KH-THPTNK",
        "Hải Phòng, ngày … tháng … năm 2023",
        "KẾ HOẠCH",
        "Thực hiện công tác dân vận năm 2023",
        "Thực hiện Kế hoạch số 09/KH-SGDĐT ngày 31 tháng 01 năm 2023",
        "2. Nhiệm vụ cụ thể",
        "Lãnh đạo chủ trì",
        "Tập trung thực hiện tiếp công dân",
        "III. TỔ CHỨC THỰC HIỆN",
        "Nơi nhận:",
        "- Lưu: VT.",
        "HIỆU TRƯỞNG",
        "Phạm Huy Hùng",
    ):
        assert expected in text


def test_its_first_page_has_the_official_layout(seed_pdf):
    runs = text_runs(seed_pdf)
    national, issuer = find_run(runs, "CỘNG HÒA"), find_run(runs, "TRƯỜNG THPT NGUYỄN KHUYẾN")
    doc_type = find_run(runs, "KẾ HOẠCH")
    assert national.x_mm > issuer.x_mm and national.y_mm < doc_type.y_mm and issuer.y_mm < doc_type.y_mm
    ink = Ink(seed_pdf)
    assert ink.region(30, 18, 100, 40) > 500  # issuing body, top left
    assert ink.region(105, 18, 195, 40) > 500  # Quốc hiệu and Tiêu ngữ, top right
    assert ink.region(30, doc_type.y_mm - 5, 60, doc_type.y_mm + 1) == 0  # the type name is centred
    assert ink.region(105, doc_type.y_mm - 5, 120, doc_type.y_mm + 1) > 100
    assert ink.region(29.5, 70, 31.5, 270) > 50  # body lines start at the 30 mm margin
    assert ink.region(0, 0, 25, 297) == 0
    assert ink.region(195.5, 0, 210, 297) == 0
