"""Register rows: the Luật Tiếp công dân Điều 25(2) columns, the petition register, masking of denouncers."""

from __future__ import annotations

import pytest

from danvan.core.models import AuditEvent
from danvan.petitions import registers, services, stats
from danvan.petitions.choices import Kind, ReceptionOutcome
from danvan.petitions.identity import MASK
from danvan.petitions.services import PetitionError
from tests.petitions.factories import local_dt, register

pytestmark = pytest.mark.django_db


def _receptions(personas):
    services.register_reception(
        personas.school, actor=personas.principal, received_at=local_dt("2025-03-04 08:30"),
        citizen_name="Trần Văn Bình", citizen_address="5 Lê Lợi", people_count=3, content="Hỏi khoản thu",
        prior_handling="Chưa", requests="Công khai khoản thu", outcome=ReceptionOutcome.ANSWERED,
        result_summary="Đã giải thích", by_head=True)
    services.register_reception(
        personas.school, actor=personas.clerk, received_at=local_dt("2025-05-10 14:00"),
        citizen_name="Hoàng Thị Mai", citizen_address="7 Đà Nẵng", content="Hoàng Thị Mai tố cáo thu tiền dạy thêm",
        is_denunciation=True)


def test_the_reception_register_has_the_statutory_columns(personas):
    _receptions(personas)
    rows = registers.reception_register(personas.school, year=2025, user=personas.principal)
    keys = {c.key for c in registers.RECEPTION_COLUMNS}
    # Luật TCD Điều 25(2): serial no., date, name, address, content, prior handling, requests, outcome;
    # form 06-TCD: number of people, summary of result.
    assert {"serial", "date", "name", "address", "content", "prior_handling", "requests", "outcome",
            "people_count", "result_summary"} <= keys
    assert [r["serial"] for r in rows] == [1, 2]
    first = rows[0]
    assert (first["name"], first["people_count"], first["by_head"]) == ("Trần Văn Bình", 3, True)
    assert first["outcome"] == str(ReceptionOutcome.ANSWERED.label)


def test_the_reception_register_masks_a_denouncer_for_the_clerk_and_audits_the_head(personas):
    _receptions(personas)
    clerk_rows = registers.reception_register(personas.school, year=2025, user=personas.clerk)
    assert clerk_rows[1]["name"] == MASK and "Hoàng Thị Mai" not in clerk_rows[1]["content"]
    assert clerk_rows[0]["name"] == "Trần Văn Bình"
    before = AuditEvent.objects.filter(code="petitions.identity.viewed").count()
    head_rows = registers.reception_register(personas.school, year=2025, user=personas.principal)
    assert head_rows[1]["name"] == "Hoàng Thị Mai"
    assert AuditEvent.objects.filter(code="petitions.identity.viewed").count() == before + 1


def test_only_the_head_is_recorded_as_receiving_in_person(personas):
    with pytest.raises(PetitionError, match="Điều 4"):
        services.register_reception(personas.school, actor=personas.clerk, content="x", by_head=True)


def test_months_without_the_heads_reception_are_listed(personas):
    _receptions(personas)
    from danvan.petitions.deadlines import local_date

    gaps = stats.head_reception_gaps(personas.school, 2025, today=local_date(local_dt("2025-06-20 09:00")))
    assert gaps == [1, 2, 4, 5, 6]


def test_the_petition_register_rows(personas):
    p = register(personas.school, personas.principal, kind=Kind.KIEN_NGHI, received_at=local_dt("2025-03-05 09:00"))
    services.transfer(p, actor=personas.principal, to_name="UBND phường Lê Chân")
    register(personas.school, personas.principal, kind=Kind.TO_CAO, received_at=local_dt("2025-03-06 09:00"))
    register(personas.school, personas.principal, kind=Kind.PHAN_ANH, received_at=local_dt("2025-03-07 09:00"),
             identity={}, identity_visibility="anonymous")
    rows = registers.petition_register(personas.school, year=2025, user=personas.clerk)
    assert {c.key for c in registers.PETITION_COLUMNS} <= set(rows[0])
    assert [r["serial"] for r in rows] == [1, 2, 3]
    assert rows[0]["transferred_or_guided"] == "UBND phường Lê Chân"
    assert rows[0]["decision"] and rows[0]["result"]
    assert rows[1]["petitioner"] == MASK and rows[1]["masked"]
    assert rows[2]["petitioner"] == "Nặc danh"
    assert "Điều" in rows[1]["deadline"]
