"""Demo organisations and staff: the Hải Phòng Department, three schools, one person per role."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from danvan.org.choices import OrgKind, Position, SchoolLevel
from danvan.org.models import Membership, Organisation, Person
from danvan.org.services import create_school

DEMO_PASSWORD = "danvan2026"
DEPARTMENT_CODE = "SGDĐT"
SCHOOL_CODE = "THPTNK"

# username, full name, school code (None = the Department), unit code (None = the school), position, title
DEMO_STAFF = [
    ("so.lanhdao", "Nguyễn Văn Sở", None, None, Position.LANH_DAO_SO, "Giám đốc Sở"),
    ("so.canbo", "Trần Thị Văn Phòng", None, None, Position.CAN_BO_SO, "Chuyên viên Văn phòng Sở"),
    ("hieutruong", "Phạm Huy Hùng", SCHOOL_CODE, "BGH", Position.HIEU_TRUONG, "Hiệu trưởng"),
    ("phohieutruong", "Lê Thị Phó", SCHOOL_CODE, "BGH", Position.PHO_HIEU_TRUONG, "Phó hiệu trưởng phụ trách"),
    ("vanthu", "Đỗ Thị Văn Thư", SCHOOL_CODE, "VT", Position.VAN_THU, "Văn thư"),
    ("congdoan", "Vũ Văn Công Đoàn", SCHOOL_CODE, "CD", Position.CHU_TICH_CD, "Chủ tịch Công đoàn"),
    ("doantn", "Hoàng Thị Đoàn", SCHOOL_CODE, "DOAN", Position.BI_THU_DOAN, "Bí thư Đoàn trường"),
    ("totruong", "Bùi Văn Tổ", SCHOOL_CODE, "TOCM", Position.TO_TRUONG_CM, "Tổ trưởng tổ Toán"),
    ("ttnd", "Ngô Thị Thanh Tra", SCHOOL_CODE, "TTND", Position.TRUONG_BAN_TTND, "Trưởng ban Thanh tra nhân dân"),
    ("giaovien", "Đặng Văn Giáo", SCHOOL_CODE, "TOCM", Position.GIAO_VIEN, "Giáo viên"),
    ("hieutruong.tp", "Mai Văn Phiên", "THPTTP", "BGH", Position.HIEU_TRUONG, "Hiệu trưởng"),
]

SCHOOLS = [
    ("Trường THPT Nguyễn Khuyến", SCHOOL_CODE),
    ("Trường THPT Thái Phiên", "THPTTP"),
    ("Trường THPT Ngô Quyền", "THPTNQ"),
]


def demo_logins() -> list[tuple[str, str]]:
    """Return (username, description) for the printed list of demo logins."""
    out = [("quantri", "Quản trị hệ thống")]
    names = {code: name for name, code in SCHOOLS}
    for username, name, school, _unit, _position, title in DEMO_STAFF:
        where = "Sở GD&ĐT Hải Phòng" if school is None else names[school]
        out.append((username, f"{title} — {name} ({where})"))
    return out


@transaction.atomic
def load() -> None:
    """Create the demo tree and staff if absent (running again changes nothing)."""

    User = get_user_model()
    department, _ = Organisation.objects.get_or_create(
        parent=None,
        code=DEPARTMENT_CODE,
        defaults={
            "kind": OrgKind.DEPARTMENT,
            "name": "Sở Giáo dục và Đào tạo Hải Phòng",
            "place": "Hải Phòng",
            "superior_name": "UBND THÀNH PHỐ HẢI PHÒNG",
            "short_name": "Sở GD&ĐT Hải Phòng",
            "abbreviations": ["Sở GD&ĐT", "SGDĐT", "Sở GDĐT"],
        },
    )
    Organisation.objects.get_or_create(
        parent=department, code="VP", defaults={"kind": OrgKind.UNIT, "name": "Văn phòng Sở", "abbreviations": ["VP"]}
    )
    schools = {}
    for name, code in SCHOOLS:
        school = Organisation.objects.filter(parent=department, code=code).first()
        if school is None:
            school = create_school(department, name=name, code=code, place="Hải Phòng")
            school.staff_count = 68
            school.school_level = SchoolLevel.THPT  # managed by the Sở GD&ĐT (NĐ 142/2025/NĐ-CP)
            school.save(update_fields=["staff_count", "school_level"])
        schools[code] = school

    if not User.objects.filter(username="quantri").exists():
        User.objects.create_superuser("quantri", "quantri@example.invalid", DEMO_PASSWORD, first_name="Quản trị")
    for username, full_name, school_code, unit_code, position, title in DEMO_STAFF:
        tenant = department if school_code is None else schools[school_code]
        unit = tenant if unit_code is None else Organisation.objects.get(parent=tenant, code=unit_code)
        user = User.objects.filter(username=username).first()
        if user is None:
            last, _, first = full_name.rpartition(" ")
            user = User.objects.create_user(
                username, f"{username}@example.invalid", DEMO_PASSWORD, first_name=first, last_name=last
            )
        person, _ = Person.objects.get_or_create(
            user=user, defaults={"organisation": tenant, "full_name": full_name, "email": user.email}
        )
        Membership.objects.get_or_create(person=person, organisation=unit, position=position, defaults={"title": title})
