"""Build the citizen-reception forms of NĐ 154/2026/NĐ-CP (Phụ lục) in the Nghị định 30/2020 layout, as DOCX.

- Mẫu 01/TCD — Thông báo về việc từ chối tiếp công dân (NĐ 154/2026 Điều 4(3)).
- Mẫu 02/TCD — Giấy biên nhận thông tin, tài liệu (NĐ 154/2026 Điều 15(4)).

The builders take plain data and return bytes; numbering and storage are in services.py. The wording
follows the forms as transcribed (diepxuan/diepxuan.github.io, van-ban/tu-phap/nghi-dinh-154-2026-…); where a
form leaves a blank we have no data for (ngày cấp, nơi cấp of the identity paper) the dotted blank stays for
the clerk to fill by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from danvan.lib.nd30 import OfficialDocument, Paragraph, build_docx, format_number

ND154_CITATION = (
    "Nghị định số 154/2026/NĐ-CP ngày 15 tháng 5 năm 2026 của Chính phủ quy định chi tiết một số "
    "điều và biện pháp tổ chức thi hành Luật Tiếp công dân"
)
ID_PAPER_LINE = "Số căn cước/giấy chứng nhận căn cước/số định danh cá nhân/số hộ chiếu (hoặc giấy tờ tùy thân)"
BLANK_ISSUE = "ngày cấp: .../.../...., nơi cấp: ..."


@dataclass
class Issuer:
    """The school issuing a form, and the head who signs it."""

    name: str
    superior: str = ""
    place: str = ""
    signer_position: str = "THỦ TRƯỞNG CƠ QUAN, TỔ CHỨC, ĐƠN VỊ"
    signer_name: str = ""


@dataclass
class RefusalNotice:
    """The data of one Mẫu 01/TCD."""

    number: int
    symbol: str
    issued_on: dt.date
    citizen_name: str
    citizen_address: str
    id_number: str
    id_paper: str  # the label of the paper shown ("Số căn cước"); "" when none was recorded
    visited_on: dt.date
    matter: str  # "khiếu nại", "tố cáo", "kiến nghị, phản ánh"
    summary: str
    basis: str  # "khoản 3 Điều 9 Luật Tiếp công dân và khoản 3 Điều 4 Nghị định …"
    copies_to: list[str] = field(default_factory=list)


@dataclass
class DocumentReceipt:
    """The data of one Mẫu 02/TCD."""

    number: int
    symbol: str
    issued_on: dt.date
    received_at: dt.datetime  # local time of the receipt
    place: str
    officer_name: str
    officer_position: str
    citizen_name: str
    id_number: str
    id_paper: str
    items: list[str]
    copies: int = 2


def _person_line(name: str) -> str:
    return f"ông (bà) {name}" if name else "ông (bà) ..."


def _id_text(id_number: str, id_paper: str) -> str:
    if not id_number:
        return "..."
    return f"{id_number} ({id_paper})" if id_paper else id_number


def refusal_basis(clause: str) -> str:
    """Return the "Căn cứ …" clause of Mẫu 01/TCD for a refusal ground's provision.

    The form prints "khoản 3 Điều 9 Luật Tiếp công dân và điểm g, khoản 1 Điều 4 Nghị định …"; the article it
    implements (Điều 4(3)) names point h, so the actual ground is cited, followed by Điều 4(3) itself.
    """
    if clause.endswith(" Điều 4 Nghị định số 154/2026/NĐ-CP"):
        point = clause.removesuffix(" Điều 4 Nghị định số 154/2026/NĐ-CP")  # "điểm h khoản 1"
        return f"{point} và khoản 3 Điều 4 {ND154_CITATION}"
    return f"{clause} và khoản 3 Điều 4 {ND154_CITATION}"


def build_refusal_notice(issuer: Issuer, data: RefusalNotice) -> bytes:
    """Return Mẫu 01/TCD — Thông báo về việc từ chối tiếp công dân — as DOCX."""
    who = _person_line(data.citizen_name)
    visited = data.visited_on
    body = [
        Paragraph(f"Kính gửi: {who}.", align="center", indent=False),
        Paragraph(f"Ngày {visited.day:02d} tháng {visited.month:02d} năm {visited.year}, {who}"),
        Paragraph(f"{ID_PAPER_LINE}: {_id_text(data.id_number, data.id_paper)}, {BLANK_ISSUE}"),
        Paragraph(
            f"Địa chỉ: {data.citizen_address or '...'} đến {issuer.name} để {data.matter} về việc "
            f"{data.summary or '...'}."
        ),
        Paragraph(
            f"Căn cứ {data.basis}, {issuer.name} từ chối tiếp nhận nội dung {data.matter} của {who} "
            f"và thông báo để ông (bà) được biết."
        ),
    ]
    doc = OfficialDocument(
        issuer=issuer.name.upper(),
        issuer_superior=issuer.superior.upper(),
        number=format_number(data.number),
        symbol=data.symbol,
        place=issuer.place,
        date=data.issued_on,
        year=data.issued_on.year,
        doc_type="THÔNG BÁO",
        title="Về việc từ chối tiếp công dân",
        body=body,
        recipients=["Như trên;", *data.copies_to, "Lưu: VT, hồ sơ."],
        signer_position=issuer.signer_position,
        signer_name=issuer.signer_name,
    )
    return build_docx(doc)


def build_document_receipt(issuer: Issuer, data: DocumentReceipt) -> bytes:
    """Return Mẫu 02/TCD — Giấy biên nhận thông tin, tài liệu — as DOCX."""
    at = data.received_at
    body = [
        Paragraph(
            f"Vào {at:%H} giờ {at:%M} ngày {at.day:02d} tháng {at.month:02d} năm {at.year} tại: "
            f"{data.place or issuer.name}"
        ),
        Paragraph(f"Tôi là {data.officer_name or '...'}    Chức vụ: {data.officer_position or '...'}"),
        Paragraph(f"Đã nhận của {_person_line(data.citizen_name)}"),
        Paragraph(
            f"Số CCCD/Hộ chiếu (hoặc giấy tờ tùy thân): {_id_text(data.id_number, data.id_paper)}, {BLANK_ISSUE}"
        ),
        Paragraph("các thông tin, tài liệu sau:"),
        *[Paragraph(f"{i}. {item}") for i, item in enumerate(data.items, start=1)],
        Paragraph(
            f"Giấy biên nhận thông tin, tài liệu, được lập thành {data.copies:02d} bản, giao cho người cung cấp "
            "thông tin, tài liệu 01 bản."
        ),
        Paragraph("NGƯỜI CUNG CẤP THÔNG TIN, TÀI LIỆU", bold=True, align="left", indent=False),
        Paragraph("(Ký, ghi rõ họ tên)", italic=True, align="left", indent=False),
        Paragraph(data.citizen_name, bold=True, align="left", indent=False),
    ]
    doc = OfficialDocument(
        issuer=issuer.name.upper(),
        issuer_superior=issuer.superior.upper(),
        number=format_number(data.number),
        symbol=data.symbol,
        place=issuer.place,
        date=data.issued_on,
        year=data.issued_on.year,
        doc_type="GIẤY BIÊN NHẬN",
        title="Thông tin, tài liệu",
        body=body,
        recipients=[],
        signer_position="NGƯỜI NHẬN",
        signer_name=data.officer_name,
    )
    return build_docx(doc)
