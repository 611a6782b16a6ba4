"""Register numbers: never the same number twice, restart from 01 on 1 January (NĐ 30/2020 Điều 15)."""

from __future__ import annotations

import threading

import pytest
import time_machine
from django.db import IntegrityError, connection, connections, transaction

from danvan.petitions import services
from danvan.petitions.choices import Audience, DocumentKind, Kind
from danvan.petitions.documents import allocate_number, issue_document
from danvan.petitions.models import PetitionDocument
from tests.petitions.factories import local_dt, register

pytestmark = pytest.mark.django_db


def test_numbers_increase_without_gaps(personas):
    assert [allocate_number(personas.school, 2025, "TB") for _ in range(5)] == [1, 2, 3, 4, 5]
    assert allocate_number(personas.school, 2025, "QĐ") == 1
    assert allocate_number(personas.other_school, 2025, "TB") == 1


def test_numbering_restarts_on_the_first_of_january(personas):
    with time_machine.travel(local_dt("2025-12-31 16:00"), tick=False):
        p = register(personas.school, personas.principal, kind=Kind.KIEN_NGHI)
        a = issue_document(p, DocumentKind.RESULT_NOTICE, audience=Audience.CITIZEN)
        b = issue_document(p, DocumentKind.RESULT_NOTICE, audience=Audience.CITIZEN)
    with time_machine.travel(local_dt("2026-01-01 00:05"), tick=False):
        c = issue_document(p, DocumentKind.RESULT_NOTICE, audience=Audience.CITIZEN)
    assert (a.number, a.year, b.number, c.number, c.year) == (1, 2025, 2, 1, 2026)


def test_reception_serials_restart_each_year(personas):
    r1 = services.register_reception(
        personas.school, actor=personas.clerk, content="a", received_at=local_dt("2025-12-31 23:59")
    )
    r2 = services.register_reception(
        personas.school, actor=personas.clerk, content="b", received_at=local_dt("2026-01-01 00:00")
    )
    r3 = services.register_reception(
        personas.school, actor=personas.clerk, content="c", received_at=local_dt("2026-01-02 08:00")
    )
    assert [(r.year, r.serial) for r in (r1, r2, r3)] == [(2025, 1), (2026, 1), (2026, 2)]


def test_the_unique_constraint_refuses_a_duplicate_number(personas):
    p = register(personas.school, personas.principal, kind=Kind.KIEN_NGHI)
    doc = issue_document(p, DocumentKind.RESULT_NOTICE, audience=Audience.CITIZEN)
    with pytest.raises(IntegrityError), transaction.atomic():
        PetitionDocument.objects.create(
            organisation=doc.organisation,
            petition=p,
            kind=doc.kind,
            year=doc.year,
            type_abbr=doc.type_abbr,
            number=doc.number,
            symbol=doc.symbol,
            issued_on=doc.issued_on,
            title="x",
        )


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_allocations_never_collide(personas):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…): in-memory SQLite cannot be shared between threads")
    school = personas.school
    results: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def worker() -> None:
        try:
            barrier.wait()
            for _ in range(10):
                results.append(allocate_number(school, 2025, "TB"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(results) == list(range(1, 41))
