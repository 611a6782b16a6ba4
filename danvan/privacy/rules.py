"""The privacy rules as data, with their citations: retention per record type, the processing register, the notice.

Read docs/privacy.md for what each citation says and which ones could not be confirmed against the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from danvan.privacy.choices import LegalBasis, RecordType

# The version of the notice on the public form; stored with each petition (NoticeRecord). Change it with the text.
NOTICE_VERSION = "2026-12-v1"


@dataclass(frozen=True)
class Retention:
    """How long one record type keeps personal data after its case ended, and why."""

    record_type: str
    years: int
    citation: str
    erased_by_job: bool = True
    note: str = ""

    @property
    def label(self) -> str:
        """Return the record type's name."""
        return str(RecordType(self.record_type).label)


# Counted from 1 January of the year after the case ended (Luật Lưu trữ: thời hạn bảo quản tính từ năm công việc
# kết thúc) — the table row of TT 10/2022/TT-BNV for complaint files could not be read: see docs/privacy.md.
DEFAULT_RETENTION: dict[str, Retention] = {
    RecordType.PETITION: Retention(
        RecordType.PETITION,
        15,
        "Thông tư 10/2022/TT-BNV (thời hạn bảo quản hồ sơ giải quyết khiếu nại, tố cáo — vụ việc khác: 15 năm; "
        "chưa đối chiếu được nguyên văn)",
    ),
    RecordType.ATTACHMENT: Retention(
        RecordType.ATTACHMENT,
        15,
        "Theo hồ sơ đơn (Thông tư 10/2022/TT-BNV); bản che danh tính được giữ",
    ),
    RecordType.RECEPTION: Retention(
        RecordType.RECEPTION,
        20,
        "Sổ tiếp công dân — Thông tư 10/2022/TT-BNV (thời hạn chưa đối chiếu được nguyên văn; chọn mức dài hơn)",
    ),
    RecordType.AUDIT: Retention(
        RecordType.AUDIT,
        20,
        "Nhật ký chỉ ghi thêm; danh tính trong nhật ký đã được che khi ghi",
        erased_by_job=False,
        note="Không xóa tự động",
    ),
}


@dataclass(frozen=True)
class Activity:
    """One line of the sổ đăng ký hoạt động xử lý dữ liệu cá nhân."""

    name: str
    purpose: str
    categories: str
    subjects: str
    legal_basis: str
    citation: str
    recipients: str
    record_types: tuple[str, ...]


ACTIVITIES: tuple[Activity, ...] = (
    Activity(
        name=_("Tiếp nhận, giải quyết đơn khiếu nại, tố cáo, kiến nghị, phản ánh"),
        purpose=_("Xem xét, giải quyết đơn và trả lời người gửi; bảo vệ người tố cáo"),
        categories=_(
            "Họ tên, địa chỉ, điện thoại, thư điện tử, số giấy tờ tùy thân, chữ ký và chữ viết trong bản "
            "chụp đơn, người cùng ký; nội dung đơn (có thể nêu tên học sinh, người thân)"
        ),
        subjects=_("Người khiếu nại, tố cáo, kiến nghị, phản ánh; người cùng ký; người được nêu trong đơn"),
        legal_basis=LegalBasis.LEGAL_DUTY,
        citation=_(
            "Luật Khiếu nại 2011, Luật Tố cáo 2018 (Điều 47: bảo vệ người tố cáo), Luật Tiếp công dân 2013; "
            "Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 Điều 19 (xử lý không cần sự đồng ý)"
        ),
        recipients=_(
            "Cán bộ được giao xử lý và người đứng đầu cơ quan giải quyết; cơ quan có thẩm quyền khi chuyển "
            "đơn. Người xác minh chỉ nhận bản đã che danh tính."
        ),
        record_types=(RecordType.PETITION, RecordType.ATTACHMENT),
    ),
    Activity(
        name=_("Tiếp công dân (sổ tiếp công dân)"),
        purpose=_("Ghi nhận lượt tiếp, hướng dẫn, tiếp nhận đơn tại trụ sở"),
        categories=_("Họ tên, địa chỉ, điện thoại, loại và số giấy tờ tùy thân; nội dung vụ việc"),
        subjects=_("Công dân đến trình bày"),
        legal_basis=LegalBasis.LEGAL_DUTY,
        citation=_("Luật Tiếp công dân 2013; Nghị định 154/2026/NĐ-CP (Mẫu 03/TCD); Luật 91/2025/QH15 Điều 19"),
        recipients=_("Cán bộ tiếp công dân, người đứng đầu; cơ quan nhận chuyển đơn"),
        record_types=(RecordType.RECEPTION,),
    ),
    Activity(
        name=_("Nhật ký thay đổi và truy cập danh tính"),
        purpose=_("Truy vết ai đã xem, sửa hồ sơ; bảo đảm an toàn dữ liệu"),
        categories=_("Tài khoản cán bộ, địa chỉ IP, thời điểm; giá trị danh tính được ghi là “[đã ẩn]”"),
        subjects=_("Cán bộ sử dụng hệ thống"),
        legal_basis=LegalBasis.LEGAL_DUTY,
        citation=_("Luật 91/2025/QH15 (biện pháp bảo vệ dữ liệu cá nhân); Luật Tố cáo 2018 Điều 47"),
        recipients=_("Người được giao quyền xem nhật ký của đơn vị"),
        record_types=(RecordType.AUDIT,),
    ),
)
