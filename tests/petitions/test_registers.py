"""Register rows: the Mẫu 03/TCD columns (NĐ 154/2026), the petition register, masking of denouncers."""

from __future__ import annotations

import pytest

from danvan.core.models import AuditEvent
from danvan.petitions import registers, services, stats
from danvan.petitions.choices import Kind, ReceptionOutcome
from danvan.petitions.deadlines import local_date
from danvan.petitions.identity import MASK
from danvan.petitions.services import PetitionError
from tests.petitions.factories import local_dt, register

pytestmark = pytest.mark.django_db

MAU_03_TCD = [
    "STT",
    "Ngày tiếp",
    "Họ tên, địa chỉ",
    "CCCD/CMND/Hộ chiếu",
    "Nội dung đơn",
    "Loại đơn (KN/TC/KN/PA)",
    "Số người cùng nội dung",
    "Cơ quan đã giải quyết",
    "Thuộc thẩm quyền (x)",
    "Hướng dẫn công dân đến cơ quan có thẩm quyền",
    "Cơ quan, đơn vị thụ lý",
    "Theo dõi kết quả giải quyết",
    "Ghi chú",
]


def _receptions(personas):
    services.register_reception(
        personas.school,
        actor=personas.principal,
        received_at=local_dt("2025-03-04 08:30"),
        citizen_name="Trần Văn Bình",
        citizen_address="5 Lê Lợi",
        people_count=3,
        content="Hỏi khoản thu",
        prior_handling="Chưa",
        requests="Công khai khoản thu",
        outcome=ReceptionOutcome.ANSWERED,
        result_summary="Đã giải thích",
        by_head=True,
    )
    services.register_reception(
        personas.school,
        actor=personas.clerk,
        received_at=local_dt("2025-05-10 14:00"),
        citizen_name="Hoàng Thị Mai",
        citizen_address="7 Đà Nẵng",
        content="Hoàng Thị Mai tố cáo thu tiền dạy thêm",
        is_denunciation=True,
    )


def test_the_reception_register_has_the_columns_of_form_03_tcd(personas):
    _receptions(personas)
    rows = registers.reception_register(personas.school, year=2025, user=personas.principal)
    # NĐ 154/2026/NĐ-CP Mẫu 03/TCD, columns 1–13 in order and wording.
    assert [str(c.header) for c in registers.RECEPTION_COLUMNS] == MAU_03_TCD
    assert [r["serial"] for r in rows] == [1, 2]
    first = rows[0]
    assert (first["name_address"], first["people_count"]) == ("Trần Văn Bình, 5 Lê Lợi", 3)
    assert first["follow_up"] == f"{ReceptionOutcome.ANSWERED.label}: Đã giải thích"
    assert "Công khai khoản thu" in first["content"] and "Người đứng đầu trực tiếp tiếp" in first["note"]
    assert len(first["cells"]) == 13


def test_the_reception_register_masks_a_denouncer_for_the_clerk_and_audits_the_head(personas):
    _receptions(personas)
    clerk_rows = registers.reception_register(personas.school, year=2025, user=personas.clerk)
    assert clerk_rows[1]["name_address"] == MASK and "Hoàng Thị Mai" not in clerk_rows[1]["content"]
    assert clerk_rows[0]["name_address"] == "Trần Văn Bình, 5 Lê Lợi"
    before = AuditEvent.objects.filter(code="petitions.identity.viewed").count()
    head_rows = registers.reception_register(personas.school, year=2025, user=personas.principal)
    assert head_rows[1]["name_address"] == "Hoàng Thị Mai, 7 Đà Nẵng"
    assert AuditEvent.objects.filter(code="petitions.identity.viewed").count() == before + 1


def test_only_the_head_is_recorded_as_receiving_in_person(personas):
    with pytest.raises(PetitionError, match="Điều 10"):
        services.register_reception(personas.school, actor=personas.clerk, content="x", by_head=True)


def test_months_without_the_heads_reception_are_listed(personas):
    _receptions(personas)

    gaps = stats.head_reception_gaps(personas.school, 2025, today=local_date(local_dt("2025-06-20 09:00")))
    assert gaps == [1, 2, 4, 5, 6]


def test_the_petition_register_rows(personas):
    p = register(personas.school, personas.principal, kind=Kind.KIEN_NGHI, received_at=local_dt("2025-03-05 09:00"))
    services.transfer(p, actor=personas.principal, to_name="UBND phường Lê Chân")
    register(personas.school, personas.principal, kind=Kind.TO_CAO, received_at=local_dt("2025-03-06 09:00"))
    register(
        personas.school,
        personas.principal,
        kind=Kind.PHAN_ANH,
        received_at=local_dt("2025-03-07 09:00"),
        identity={},
        identity_visibility="anonymous",
    )
    rows = registers.petition_register(personas.school, year=2025, user=personas.clerk)
    assert {c.key for c in registers.PETITION_COLUMNS} <= set(rows[0])
    assert [r["serial"] for r in rows] == [1, 2, 3]
    assert rows[0]["transferred_or_guided"] == "UBND phường Lê Chân"
    assert rows[0]["decision"] and rows[0]["result"]
    assert rows[1]["petitioner"] == MASK and rows[1]["masked"]
    assert rows[2]["petitioner"] == "Nặc danh"
    assert "Điều" in rows[1]["deadline"]
