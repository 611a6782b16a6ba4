"""Choices of the working-day calendar and the statutory deadline table."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """Procedure a deadline belongs to (the `deadline` command's KIND)."""

    KHIEU_NAI = "khieu-nai", _("Khiếu nại lần đầu")
    KHIEU_NAI_LAN_2 = "khieu-nai-lan-2", _("Khiếu nại lần hai")
    KHIEU_NAI_KY_LUAT = "khieu-nai-ky-luat", _("Khiếu nại quyết định kỷ luật")
    TO_CAO = "to-cao", _("Tố cáo")
    KIEN_NGHI = "kien-nghi", _("Kiến nghị")
    PHAN_ANH = "phan-anh", _("Phản ánh")
    TIEP_CONG_DAN = "tiep-cong-dan", _("Tiếp công dân")
    KIEN_NGHI_BTTND = "kien-nghi-bttnd", _("Kiến nghị của Ban Thanh tra nhân dân")
    KHIEU_NAI_KY_LUAT_LAN_2 = "kn-ky-luat-lan-2", _("Khiếu nại quyết định kỷ luật lần hai")


class Step(models.TextChoices):
    """Step of a procedure that carries a deadline (the `deadline` command's STEP)."""

    THOI_HIEU = "thoi-hieu", _("Thời hiệu")
    XU_LY = "xu-ly", _("Xử lý đơn")
    CHUYEN_DON = "chuyen-don", _("Chuyển đơn")
    THU_LY = "thu-ly", _("Thụ lý")
    THONG_BAO = "thong-bao", _("Thông báo thụ lý")
    GIAI_QUYET = "giai-quyet", _("Giải quyết")
    GUI_QUYET_DINH = "gui-quyet-dinh", _("Gửi quyết định giải quyết")
    GUI_KET_LUAN = "gui-ket-luan", _("Gửi kết luận")
    CONG_KHAI = "cong-khai", _("Công khai quyết định")
    HIEU_LUC = "hieu-luc", _("Quyết định có hiệu lực")
    THI_HANH = "thi-hanh", _("Tổ chức thi hành")
    XEM_XET_LAI = "xem-xet-lai", _("Xem xét tố cáo tiếp")
    TRA_LOI = "tra-loi", _("Trả lời")
    TU_CHOI = "tu-choi", _("Thông báo từ chối tiếp công dân")
    CONG_KHAI_KET_LUAN = "cong-khai-ket-luan", _("Công khai kết luận nội dung tố cáo")
    YEU_CAU_BAO_CAO = "yeu-cau-bao-cao", _("Yêu cầu báo cáo tố cáo quá hạn")
    # Complaints (NĐ 124/2020 as amended by NĐ 155/2026): send Mẫu 14a/14b within 03 WD; dialogue notice ≥ 05 days.
    # The code reserved in the brief ("gui-quyet-dinh-dinh-chi") is longer than the 20-character step columns.
    GUI_QD_DINH_CHI = "gui-qd-dinh-chi", _("Gửi quyết định tạm đình chỉ, đình chỉ, tiếp tục giải quyết")
    THONG_BAO_DOI_THOAI = "thong-bao-doi-thoai", _("Thông báo tổ chức đối thoại")


class Variant(models.TextChoices):
    """Case conditions that change a period (complex case, remote area)."""

    THUONG = "thuong", _("Thông thường")
    PHUC_TAP = "phuc-tap", _("Phức tạp")
    DAC_BIET_PHUC_TAP = "dac-biet-phuc-tap", _("Đặc biệt phức tạp")
    VUNG_SAU = "vung-sau", _("Vùng sâu, vùng xa")
    VUNG_SAU_PHUC_TAP = "vung-sau-phuc-tap", _("Vùng sâu, vùng xa – phức tạp")
    BUOC_THOI_VIEC = "buoc-thoi-viec", _("Kỷ luật buộc thôi việc")


class Unit(models.TextChoices):
    """How a period is counted."""

    CALENDAR = "calendar", _("ngày")
    WORKING = "working", _("ngày làm việc")


class ChangeKind(models.TextChoices):
    """What an official calendar change does to a date."""

    DAY_OFF = "nghi", _("Ngày nghỉ")
    WORKING_DAY = "lam-viec", _("Ngày làm việc")


class Weekday(models.IntegerChoices):
    """Days of the week as `date.weekday()` numbers them."""

    MONDAY = 0, _("Thứ Hai")
    TUESDAY = 1, _("Thứ Ba")
    WEDNESDAY = 2, _("Thứ Tư")
    THURSDAY = 3, _("Thứ Năm")
    FRIDAY = 4, _("Thứ Sáu")
    SATURDAY = 5, _("Thứ Bảy")
    SUNDAY = 6, _("Chủ nhật")
