from __future__ import annotations

import pytest

from danvan.org import demo
from danvan.org.choices import OrgKind, Position
from danvan.org.models import Membership, Organisation

pytestmark = pytest.mark.django_db


def test_the_demo_creates_the_department_three_schools_and_every_role():
    demo.load()
    department = Organisation.objects.get(code="SGDĐT")
    assert department.name == "Sở Giáo dục và Đào tạo Hải Phòng"
    schools = Organisation.objects.filter(parent=department, kind=OrgKind.SCHOOL)
    assert schools.count() == 3
    nk = schools.get(code="THPTNK")
    assert nk.name == "Trường THPT Nguyễn Khuyến"
    assert {"BGH", "CD", "DOAN", "TOCM", "VT", "TTND"} <= set(nk.children.values_list("code", flat=True))
    positions = set(Membership.objects.values_list("position", flat=True))
    assert {
        Position.HIEU_TRUONG,
        Position.PHO_HIEU_TRUONG,
        Position.VAN_THU,
        Position.CHU_TICH_CD,
        Position.BI_THU_DOAN,
        Position.TO_TRUONG_CM,
        Position.TRUONG_BAN_TTND,
        Position.CAN_BO_SO,
    } <= positions


def test_running_the_demo_again_keeps_existing_data():
    demo.load()
    counts = (Organisation.objects.count(), Membership.objects.count())
    renamed = Organisation.objects.get(code="THPTNK")
    renamed.phone = "0225 000 000"
    renamed.save()
    demo.load()
    assert (Organisation.objects.count(), Membership.objects.count()) == counts
    assert Organisation.objects.get(code="THPTNK").phone == "0225 000 000"
