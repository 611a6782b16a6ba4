from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.core.context import acting_as
from danvan.core.models import AuditEvent
from danvan.org.models import Organisation, Person

pytestmark = pytest.mark.django_db


def test_it_records_who_created_changed_and_deleted_a_person_and_from_where(principal, school):
    with acting_as(principal, "10.1.2.3"):
        person = Person.objects.create(organisation=school, full_name="Nguyễn Văn A", phone="0912345678")
        person.phone = "0987654321"
        person.save()
        person_id = person.pk
        person.delete()
    events = list(AuditEvent.objects.filter(object_id=str(person_id), code__startswith="org.person").order_by("id"))
    assert [e.code for e in events] == ["org.person.created", "org.person.changed", "org.person.deleted"]
    assert all(e.actor == principal and e.ip_address == "10.1.2.3" for e in events)
    assert events[1].changes == {"phone": ["0912345678", "0987654321"]}
    assert events[0].organisation == school


def test_the_trail_cannot_be_edited_or_deleted(principal, school):
    event = AuditEvent.objects.filter(organisation=school).first()
    assert event is not None
    event.message = "sửa lén"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(message="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_the_admin_offers_no_way_to_change_the_trail(admin_client, school):
    event = AuditEvent.objects.filter(organisation=school).first()
    change_url = reverse("admin:core_auditevent_change", args=[event.pk])
    response = admin_client.post(change_url, {"message": "x"})
    assert response.status_code in (403, 302, 200)
    event.refresh_from_db()
    assert event.message == ""
    assert admin_client.get(reverse("admin:core_auditevent_delete", args=[event.pk])).status_code == 403
    assert admin_client.get(reverse("admin:core_auditevent_add")).status_code == 403


def test_an_unchanged_save_adds_no_entry(school):
    before = AuditEvent.objects.count()
    school.save()
    assert AuditEvent.objects.count() == before


def test_the_organisation_page_shows_its_history(principal_client, school, principal):
    with acting_as(principal, "127.0.0.1"):
        school.phone = "02253123456"
        school.save()
    response = principal_client.get(reverse("org:organisation_detail", args=[school.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Lịch sử thay đổi" in body
    assert "02253123456" in body


def test_the_audit_page_lists_only_entries_of_the_users_school(principal_client, other_school, school):
    other_unit = Organisation.objects.filter(parent=other_school).first()
    other_unit.name = "Tổ bí mật của trường khác"
    other_unit.save()
    body = principal_client.get(reverse("core:audit_list")).content.decode()
    assert "Tổ bí mật của trường khác" not in body
    assert "Trường THPT Nguyễn Khuyến" in body


def test_the_admin_is_for_superusers_only_as_it_is_not_limited_by_school(client, principal, other_school):
    principal.is_staff = True  # even a staff flag set by mistake does not open it
    principal.save()
    client.force_login(principal)
    response = client.get("/quan-tri/core/auditevent/")
    assert response.status_code == 302 and "/quan-tri/login/" in response["Location"]


def test_the_audit_page_names_referenced_rows_with_one_query_per_kind(
    principal_client, school, django_assert_max_num_queries
):
    principal_client.get(reverse("core:audit_list"))
    with django_assert_max_num_queries(40) as few:
        principal_client.get(reverse("core:audit_list"))
    for i in range(15):  # each creation entry references the school
        Person.objects.create(organisation=school, full_name=f"Người thứ {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = principal_client.get(reverse("core:audit_list")).content.decode()
    assert f"→ {school.name}" in body  # the school's name, not its id
