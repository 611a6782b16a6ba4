"""Named permissions and what each position grants: the one table every view, API and template uses.

A position grants two sets: `own` permissions act on the member's tenant (the school or the Department
the unit belongs to) and `subtree` permissions act on every organisation below that tenant too
(so a Department officer can read its schools' reports without being able to edit their plans).
"""

from __future__ import annotations

from dataclasses import dataclass

VIEW = {
    "org.view",
    "plans.view",
    "reports.view",
    "workdays.view",
}

# Every permission name used anywhere, with a Vietnamese description for the admin and docs.
PERMISSIONS: dict[str, str] = {
    "org.view": "Xem tổ chức, nhân sự",
    "org.manage": "Quản lý tổ chức, nhân sự, nhập danh sách",
    "audit.view": "Xem nhật ký thay đổi",
    "plans.view": "Xem kế hoạch, nhiệm vụ",
    "plans.edit": "Soạn, nhập, sửa kế hoạch",
    "plans.approve": "Duyệt, ban hành kế hoạch",
    "tasks.update": "Cập nhật tiến độ, minh chứng nhiệm vụ",
    "petitions.view": "Xem đơn thư (không gồm danh tính người tố cáo)",
    "petitions.register": "Tiếp nhận, vào sổ đơn thư, tiếp công dân",
    "petitions.handle": "Xử lý, xác minh, giải quyết đơn thư",
    "petitions.decide": "Quyết định thụ lý, kết luận, ký văn bản",
    "petitions.identity": "Xem danh tính người tố cáo (người đứng đầu)",
    "petitions.escalated": "Giải quyết đơn thuộc thẩm quyền cấp trên",
    "bttnd.view": "Xem hoạt động Ban thanh tra nhân dân",
    "bttnd.manage": "Quản lý hoạt động Ban thanh tra nhân dân",
    # Luật 10/2022/QH15 Điều 61: every staff member may send kiến nghị, phản ánh (to the head or the board).
    "board.concern": "Gửi kiến nghị, phản ánh của cán bộ, giáo viên, nhân viên",
    "emulation.view": "Xem thi đua Dân vận khéo",
    "emulation.manage": "Quản lý thi đua, đề nghị khen thưởng",
    "reports.view": "Xem báo cáo",
    "reports.edit": "Soạn báo cáo",
    "reports.sign": "Ký, gửi báo cáo",
    "reports.review": "Tiếp nhận, trả lại báo cáo của đơn vị trực thuộc",
    "reports.obligations": "Giao nghĩa vụ báo cáo cho đơn vị trực thuộc",
    "workdays.view": "Xem lịch làm việc, thời hạn",
    "workdays.manage": "Sửa lịch nghỉ, quy tắc thời hạn",
    # Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15: the head answers data-subject requests (export, erase) for the unit.
    "privacy.manage": "Thực hiện yêu cầu của chủ thể dữ liệu, xem sổ xử lý dữ liệu cá nhân",
    "open311.manage": "Cấp, thu hồi khóa Open311 cho ứng dụng đối tác gửi đơn",
    # NĐ 154/2026/NĐ-CP Điều 27: the reception register feeds the national database (docs/national-export.md).
    "nationaldb.export": "Xuất sổ tiếp công dân, hồ sơ đơn thư cho CSDL quốc gia",
}

ALL = frozenset(PERMISSIONS)


@dataclass(frozen=True)
class RoleGrant:
    """The permissions one position grants on its own tenant and on the tenant's subtree."""

    own: frozenset[str]
    subtree: frozenset[str] = frozenset()


_STAFF_BASE = frozenset(VIEW | {"emulation.view", "tasks.update", "board.concern"})

ROLE_GRANTS: dict[str, RoleGrant] = {
    "QUAN_TRI": RoleGrant(own=ALL, subtree=ALL),
    "HIEU_TRUONG": RoleGrant(
        own=ALL - {"petitions.escalated", "reports.review", "reports.obligations"},
        subtree=frozenset(VIEW),
    ),
    "PHO_HIEU_TRUONG": RoleGrant(
        own=_STAFF_BASE
        | {
            "plans.edit",
            "petitions.view",
            "petitions.register",
            "petitions.handle",
            "reports.edit",
            "bttnd.view",
            "emulation.manage",
            "audit.view",
        },
    ),
    "VAN_THU": RoleGrant(
        own=_STAFF_BASE | {"plans.edit", "petitions.view", "petitions.register", "reports.edit", "org.manage"},
    ),
    "CHU_TICH_CD": RoleGrant(own=_STAFF_BASE | {"bttnd.view", "emulation.manage", "reports.edit"}),
    "BI_THU_DOAN": RoleGrant(own=_STAFF_BASE | {"emulation.manage"}),
    "TO_TRUONG_CM": RoleGrant(own=_STAFF_BASE),
    "TRUONG_BAN_TTND": RoleGrant(own=_STAFF_BASE | {"bttnd.view", "bttnd.manage"}),
    "THANH_VIEN_TTND": RoleGrant(own=_STAFF_BASE | {"bttnd.view"}),
    "KE_TOAN_TRUONG": RoleGrant(own=_STAFF_BASE),
    "GIAO_VIEN": RoleGrant(own=_STAFF_BASE),
    "NHAN_VIEN": RoleGrant(own=_STAFF_BASE),
    "LANH_DAO_SO": RoleGrant(
        own=ALL - {"petitions.escalated"},
        subtree=frozenset(
            VIEW
            | {
                "reports.review",
                "reports.obligations",
                "petitions.escalated",
                "petitions.view",
                "emulation.view",
                "audit.view",
            }
        ),
    ),
    "CAN_BO_SO": RoleGrant(
        # The Department's reception officer also files its books into the national database (NĐ 154/2026 Điều 27).
        own=_STAFF_BASE
        | {
            "plans.edit",
            "reports.edit",
            "petitions.view",
            "petitions.register",
            "petitions.handle",
            "nationaldb.export",
        },
        subtree=frozenset(VIEW | {"reports.review", "reports.obligations", "petitions.view", "emulation.view"}),
    ),
}


def grant_for(position_kind: str) -> RoleGrant:
    """Return what a position kind grants (nothing for an unknown kind)."""
    return ROLE_GRANTS.get(position_kind, RoleGrant(own=frozenset()))
