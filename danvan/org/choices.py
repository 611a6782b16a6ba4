"""Kinds of organisation and the positions people hold in them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    """What an organisation node is; tenants (Department, school) own their data."""

    PROVINCE = "TINH", _("Tỉnh / thành phố")
    DEPARTMENT = "SO", _("Sở / cơ quan quản lý")
    SCHOOL = "TRUONG", _("Trường / cơ sở giáo dục")
    UNIT = "BO_PHAN", _("Bộ phận / tổ chức trong đơn vị")
    BOARD = "BAN", _("Ban / hội đồng")


TENANT_KINDS = frozenset({OrgKind.DEPARTMENT, OrgKind.SCHOOL})


class SchoolLevel(models.TextChoices):
    """The level of a school: it decides its managing body (NĐ 142/2025/NĐ-CP, in force 01/7/2025)."""

    MAM_NON = "MN", _("Mầm non")
    TIEU_HOC = "TH", _("Tiểu học")
    THCS = "THCS", _("Trung học cơ sở")
    THPT = "THPT", _("Trung học phổ thông")
    KHAC = "KHAC", _("Khác (liên cấp, giáo dục thường xuyên…)")


# Since 01/7/2025 preschool, primary and lower-secondary schools are managed by the commune People's Committee
# (UBND xã/phường); upper-secondary schools by the provincial Department of Education (NĐ 142/2025/NĐ-CP, as read in
# shared/docs/law-2026.md "Schools" row — low-medium confidence, chưa xác nhận against the decree's own text).
COMMUNE_MANAGED_LEVELS = frozenset({SchoolLevel.MAM_NON, SchoolLevel.TIEU_HOC, SchoolLevel.THCS})


class Position(models.TextChoices):
    """Positions that carry permissions (see core.permissions.role_grants)."""

    HIEU_TRUONG = "HIEU_TRUONG", _("Hiệu trưởng")
    PHO_HIEU_TRUONG = "PHO_HIEU_TRUONG", _("Phó hiệu trưởng")
    VAN_THU = "VAN_THU", _("Văn thư")
    CHU_TICH_CD = "CHU_TICH_CD", _("Chủ tịch Công đoàn")
    BI_THU_DOAN = "BI_THU_DOAN", _("Bí thư Đoàn")
    TO_TRUONG_CM = "TO_TRUONG_CM", _("Tổ trưởng chuyên môn")
    TRUONG_BAN_TTND = "TRUONG_BAN_TTND", _("Trưởng ban Thanh tra nhân dân")
    THANH_VIEN_TTND = "THANH_VIEN_TTND", _("Thành viên Ban Thanh tra nhân dân")
    KE_TOAN_TRUONG = "KE_TOAN_TRUONG", _("Kế toán trưởng")
    GIAO_VIEN = "GIAO_VIEN", _("Giáo viên")
    NHAN_VIEN = "NHAN_VIEN", _("Nhân viên")
    LANH_DAO_SO = "LANH_DAO_SO", _("Lãnh đạo Sở")
    CAN_BO_SO = "CAN_BO_SO", _("Cán bộ Sở")
    QUAN_TRI = "QUAN_TRI", _("Quản trị hệ thống")


# Abbreviations written in plans for the standard units of a school (editable per organisation).
STANDARD_SCHOOL_UNITS: list[tuple[str, str, list[str]]] = [
    ("BGH", "Ban Giám hiệu", ["BGH", "Ban giám hiệu"]),
    ("CD", "Công đoàn", ["CĐ", "BCH CĐ", "BCH Công đoàn", "CTCĐ"]),
    ("DOAN", "Đoàn TN", ["Đoàn TN", "BTV Đoàn", "Đoàn trường", "BTĐT", "ĐTN"]),
    ("TOCM", "Các tổ chuyên môn", ["Tổ CM", "Các tổ CM", "TCM", "tổ chuyên môn"]),
    ("VT", "Văn thư", ["VT", "Văn thư", "Bộ phận văn thư"]),
    ("TTND", "Ban thanh tra nhân dân", ["TTND", "Ban TTND", "BTTND"]),
]
