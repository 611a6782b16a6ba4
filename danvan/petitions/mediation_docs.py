"""Build the biên bản hòa giải of a case in the mediation register (NĐ 30/2020/NĐ-CP layout, as DOCX).

Takes the case's data and returns bytes; the caller decides what of the parties a reader may see (a petition's
parties go through `identity.policy_for` before they reach this module). The contents follow what Luật Hòa giải ở
cơ sở 2013 asks of a mediation's record — parties, mediators, what was agreed, how it ended (Điều 23, 24; article
numbers of the record's contents UNCONFIRMED), applied at a school by analogy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from danvan.lib.nd30 import Heading, OfficialDocument, Paragraph, build_docx


@dataclass(frozen=True)
class MinutesData:
    """What the minutes print, already masked for the reader."""

    issuer: str
    issuer_superior: str
    place: str
    code: str
    held_on: dt.date
    venue: str
    subject: str
    parties: str
    group: str
    mediators: list[str] = field(default_factory=list)
    participants: str = ""
    minutes: str = ""
    agreement: str = ""
    outcome: str = ""
    petition_code: str = ""


def build_minutes(data: MinutesData) -> bytes:
    """Return the DOCX of one case's minutes."""
    body: list = [
        Paragraph(
            f"Hôm nay, ngày {data.held_on:%d/%m/%Y}, tại {data.venue or data.issuer.title()}, "
            f"tiến hành hòa giải vụ việc số {data.code or '…'}: {data.subject}."
            + (f" (Đơn mã theo dõi {data.petition_code}.)" if data.petition_code else "")
        ),
        Heading("I. THÀNH PHẦN", level=1),
        Paragraph(f"1. Tổ hòa giải: {data.group or '…'}."),
        Paragraph("2. Hòa giải viên: " + ("; ".join(data.mediators) if data.mediators else "…") + "."),
        Paragraph(f"3. Các bên: {data.parties or '…'}."),
    ]
    if data.participants:
        body.append(Paragraph(f"4. Thành phần khác: {data.participants}."))
    body += [
        Heading("II. NỘI DUNG HÒA GIẢI", level=1),
        Paragraph(data.minutes or "…"),
        Heading("III. KẾT QUẢ", level=1),
        Paragraph(f"Kết quả: {data.outcome}."),
    ]
    if data.agreement:
        body.append(Paragraph(f"Nội dung thỏa thuận: {data.agreement}"))
    body.append(
        Paragraph("Biên bản được đọc lại cho các bên cùng nghe, các bên nhất trí và ký tên dưới đây.", italic=True)
    )
    doc = OfficialDocument(
        issuer=data.issuer.upper(),
        issuer_superior=data.issuer_superior.upper(),
        number=None,
        symbol="BB-HG",
        place=data.place,
        date=data.held_on,
        year=data.held_on.year,
        doc_type="BIÊN BẢN",
        title=f"Hòa giải vụ việc {data.subject}"[:200],
        body=body,
        recipients=["Các bên;", "Lưu: hồ sơ hòa giải."],
        signer_position="TỔ TRƯỞNG TỔ HÒA GIẢI",
        signer_name="",
    )
    return build_docx(doc)
