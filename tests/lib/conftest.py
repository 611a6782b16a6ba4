"""Sample documents for the Nghị định 30 layout tests."""

from __future__ import annotations

import datetime
import io
import struct
import zlib

import docx
import pytest

from danvan.lib.nd30 import Heading, Image, OfficialDocument, Paragraph, Table


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    """Return a valid grey PNG of the given size, made without Pillow."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def sample_document(**changes) -> OfficialDocument:
    """Return a school plan with every component of Điều 8 NĐ 30/2020."""
    fields = dict(
        issuer="Trường THPT Nguyễn Khuyến",
        issuer_superior="SỞ GD&ĐT HẢI PHÒNG",
        number="12",
        symbol="KH-THPTNK",
        place="Hải Phòng",
        date=datetime.date(2023, 1, 31),
        year=2023,
        doc_type="KẾ HOẠCH",
        title="Thực hiện công tác dân vận năm 2023",
        body=[
            Paragraph(
                "Thực hiện Kế hoạch số 09/KH-SGDĐT ngày 31 tháng 01 năm 2023 của Sở Giáo dục và Đào tạo "
                "Hải Phòng, trường THPT Nguyễn Khuyến xây dựng kế hoạch thực hiện công tác dân vận năm 2023, "
                "cụ thể như sau:"
            ),
            Heading("I. MỤC ĐÍCH, YÊU CẦU", 1),
            Heading("1. Mục đích", 2),
            Paragraph(
                "- Tạo sự chuyển biến rõ nét, thực chất mối quan hệ giữa cơ quan hành chính nhà nước với người "
                "dân; nâng cao nhận thức, trách nhiệm của đội ngũ viên chức, nhà giáo, người lao động."
            ),
            Heading("a) Ghi chú", 3),
            Heading("II. NỘI DUNG NHIỆM VỤ", 1),
            Table(
                headers=["STT", "Nội dung", "Lãnh đạo chủ trì", "Bộ phận phụ trách", "Thời gian"],
                rows=[
                    ["1", "Xây dựng Kế hoạch", "Hiệu trưởng", "Văn thư", "Quý 1"],
                    ["2", "Tiếp công dân", "Hiệu trưởng", "BGH, Bộ phận giúp việc", "Cả năm"],
                ],
                widths_mm=[12, 68, 25, 30, 30],
            ),
            Image(tiny_png(), width_mm=40, caption="Hình 1. Sơ đồ tổ chức"),
            Paragraph("Trên đây là Kế hoạch thực hiện công tác dân vận năm 2023./."),
        ],
        recipients=["Sở GD&ĐT Hải Phòng", "Phó hiệu trưởng", "Lưu: VT"],
        signer_authority="KT. HIỆU TRƯỞNG",
        signer_position="PHÓ HIỆU TRƯỞNG",
        signer_name="Phạm Huy Hùng",
    )
    fields.update(changes)
    return OfficialDocument(**fields)


@pytest.fixture
def document() -> OfficialDocument:
    return sample_document()


def read_docx(data: bytes):
    return docx.Document(io.BytesIO(data))
