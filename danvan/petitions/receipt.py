"""A printable receipt for a petition sent on the public form (PDF, A5-friendly on A4).

It says only what the citizen needs to follow up: the school, the tracking code, when it was
received, the kind, how to follow it, and the legal answer deadline — never the content of the
petition nor anyone's identity.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from fpdf import FPDF

from danvan.lib.nd30.fonts import serif_family

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def font_paths() -> tuple[Path, Path]:
    """Return the (regular, bold) TrueType files danvan ships (Liberation Serif 2, with every Vietnamese letter)."""
    faces = serif_family().faces
    return faces[""], faces["B"]


@dataclass(frozen=True)
class ReceiptData:
    """Everything printed on a receipt (and nothing more)."""

    school_name: str
    code: str
    received_at: dt.datetime
    kind_label: str
    tracking_url: str
    answer_due: tuple[dt.date, str] | None  # (date, legal basis) of the current step's deadline
    has_secret_link: bool = True
    has_phone: bool = True


def local_time_text(moment: dt.datetime) -> str:
    """Return "dd/mm/yyyy HH:MM" in Vietnam's time zone."""
    return moment.astimezone(TZ).strftime("%d/%m/%Y %H:%M")


def build_receipt(data: ReceiptData) -> bytes:
    """Return the receipt PDF."""

    regular, bold = font_paths()
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(25, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("Body", "", str(regular))
    pdf.add_font("Body", "B", str(bold))
    pdf.set_title(_("Giấy biên nhận đơn %(code)s") % {"code": data.code})
    pdf.set_creator("danvan")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    pdf.set_font("Body", "B", 13)
    pdf.multi_cell(width, 7, data.school_name.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Body", "B", 16)
    pdf.multi_cell(width, 9, _("GIẤY BIÊN NHẬN ĐƠN"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Body", "", 12)
    pdf.multi_cell(width, 7, _("Mã theo dõi đơn của ông/bà:"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Body", "B", 30)
    pdf.multi_cell(width, 16, data.code, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    rows = [
        (_("Thời điểm nhận đơn"), local_time_text(data.received_at)),
        (_("Loại đơn"), data.kind_label),
    ]
    if data.answer_due:
        due, basis = data.answer_due
        rows.append((_("Nhà trường báo cho ông/bà trước ngày"), f"{due:%d/%m/%Y}" + (f" ({basis})" if basis else "")))
    label_w = 58
    for label, value in rows:
        pdf.set_font("Body", "B", 12)
        y = pdf.get_y()
        pdf.multi_cell(label_w, 7, label + ":", new_x="RIGHT", new_y="TOP")
        pdf.set_font("Body", "", 12)
        pdf.set_xy(pdf.l_margin + label_w, y)
        pdf.multi_cell(width - label_w, 7, value, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    pdf.ln(4)
    pdf.set_font("Body", "B", 12)
    pdf.multi_cell(width, 7, _("Cách theo dõi đơn"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Body", "", 12)
    if data.has_phone:
        how = _("Mở trang %(url)s, nhập mã theo dõi ở trên và 4 chữ số cuối của số điện thoại đã khai trong đơn.") % {
            "url": data.tracking_url
        }
        if data.has_secret_link:
            how += " " + _("Hoặc dùng đường liên kết riêng được cấp khi gửi đơn (giữ kín đường liên kết này).")
    else:
        how = _(
            "Dùng đường liên kết riêng được cấp khi gửi đơn (giữ kín đường liên kết này); đơn không có số "
            "điện thoại nên không tra cứu được bằng mã và số điện thoại."
        )
    pdf.multi_cell(width, 7, how, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Body", "", 10)
    pdf.multi_cell(
        width,
        5.5,
        _(
            "Giấy biên nhận này không ghi nội dung đơn và thông tin cá nhân. Xin giữ mã theo dõi; "
            "nhà trường không hỏi mã qua điện thoại."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
