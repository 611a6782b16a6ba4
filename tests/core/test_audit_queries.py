"""The automatic audit trail costs a constant, small number of queries per save, whatever the model's width."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.core.models import AuditEvent
from danvan.org.models import Person
from danvan.petitions import services
from danvan.petitions.choices import Kind
from tests.petitions.factories import register

pytestmark = pytest.mark.django_db


def test_a_save_with_update_fields_reads_the_old_row_once_and_writes_one_entry(personas):
    petition = register(personas.school, personas.principal, kind=Kind.CHUA_RO)
    petition.refresh_from_db()
    before = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as queries:
        petition.subject = "Trích yếu mới"
        petition.save(update_fields=["subject"])
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    # The old value (only the saved column), the identity for the search index, the organisation of the entry;
    # none per unloaded column.
    assert len(selects) <= 3, selects
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert list(event.changes) == ["subject"]


def test_a_classification_costs_a_bounded_number_of_queries(personas, django_assert_max_num_queries):
    petition = register(personas.school, personas.principal, kind=Kind.CHUA_RO)
    petition.refresh_from_db()
    # Once 59 (the audit signal read every column of the old row one SELECT at a time), then 13 (it re-read the
    # row and wrote a second entry); a row without its relations loaded reads its handling body once more.
    with django_assert_max_num_queries(11):
        services.classify(petition, actor=personas.principal, kind=Kind.KIEN_NGHI)


def test_a_partly_loaded_row_is_audited_without_loading_the_rest(personas):
    person = Person.objects.only("id", "full_name", "organisation").get(user=personas.teacher)
    with CaptureQueriesContext(connection) as queries:
        person.full_name = "Giáo Viên Mới"
        person.save()
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 2, selects
    event = AuditEvent.objects.latest("id")
    assert event.changes == {"full_name": ["Giáo Viên", "Giáo Viên Mới"]}
