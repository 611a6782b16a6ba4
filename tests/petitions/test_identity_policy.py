"""The one display policy (identity.policy_for): what a reader is shown of a petition, outside the identity page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.core import audit
from danvan.core.models import AuditEvent
from danvan.core.testing import client_for
from danvan.notify.models import Notification
from danvan.petitions import identity as ident
from danvan.petitions import services
from danvan.petitions.choices import AccusedRole, Kind
from tests.petitions.factories import IDENTITY, register

pytestmark = pytest.mark.django_db

TYPED_SUBJECT = "Đơn tố cáo của Nguyễn Thị Hoa (0912 345 678)"


def _typed(personas, **kw):
    return register(
        personas.school,
        personas.clerk,
        kind=Kind.TO_CAO,
        content="Tố cáo cô Giáo Viên thu tiền.",
        identity={**IDENTITY, "id_number": "031188004455", "co_signers": "Trần Văn Bình"},
        masked_names="Lê Văn Nam",
        accused_person=personas.teacher.person,
        **kw,
    )


def test_a_typed_subject_is_masked_for_everyone_outside_the_identity_page(personas):
    p = _typed(personas)
    p.subject = TYPED_SUBJECT
    for user in (None, personas.principal, personas.clerk):
        policy = ident.policy_for(user, p)
        assert "Hoa" not in policy.subject and "0912" not in policy.subject and ident.MASK in policy.subject
        assert policy.title.startswith(p.tracking_code)
    assert ident.policy_for(personas.principal, p).can_see_identity
    assert not ident.policy_for(personas.clerk, p).can_see_identity
    assert not ident.policy_for(None, p).can_see_identity


def test_masking_covers_co_signers_marked_names_and_contact_data_written_in_the_text(personas):
    p = _typed(personas)
    text = (
        "Ông Trần Văn Bình cùng ký; em Lê Văn Nam làm chứng; gọi +84 977-246-813 hoặc thư "
        "ban.a@example.invalid; CCCD 030299007711; CMND số 123456789. Số tiền 500000 đồng, ngày 07.12.2026."
    )
    shown = ident.policy_for(None, p).mask(text)
    for secret in ("Bình", "Nam", "977", "ban.a@", "030299007711", "123456789"):
        assert secret not in shown
    assert "500000 đồng" in shown and "07.12.2026" in shown  # amounts and dates are not contact data


def test_timeline_notes_are_masked_and_the_stored_rows_untouched(personas):
    p = _typed(personas)
    services.classify(p, actor=personas.principal, kind=Kind.TO_CAO, note="bà Nguyễn Thị Hoa cung cấp tin nhắn")
    steps = list(p.steps.order_by("at", "id"))
    shown = ident.policy_for(personas.principal, p).notes(steps)
    assert all("Hoa" not in s.note for s in shown)
    assert any("Hoa" in s.note for s in p.steps.all())


def test_looks_at_the_identity_are_read_only_by_who_may_see_it(personas):
    p = _typed(personas)
    ident.view_identity(personas.principal, p, purpose="giao xử lý")
    events = list(AuditEvent.objects.for_object(p))
    assert any(e.code == "petitions.identity.viewed" for e in events)
    assert not any(e.code in ident.LOOK_CODES for e in ident.policy_for(personas.clerk, p).audit_entries(events))
    assert any(e.code in ident.LOOK_CODES for e in ident.policy_for(personas.principal, p).audit_entries(events))
    assert not AuditEvent.objects.visible_to(personas.teacher).filter(code__in=ident.LOOK_CODES).exists()


def test_the_audit_list_masks_subjects_messages_and_storage_paths(personas):
    p = _typed(personas)
    services.classify(
        p,
        actor=personas.principal,
        kind=Kind.TO_CAO,
        subject=TYPED_SUBJECT,
        note="liên hệ bà Nguyễn Thị Hoa qua hoa@example.invalid",
    )
    audit.record(
        "petitions.petitionattachment.created",
        obj=p,
        actor=personas.principal,
        changes={"file": [None, "petitions/1/2026/12/nguyen-thi-hoa.pdf"]},
    )
    body = client_for(personas.principal).get(reverse("core:audit_list")).content.decode()
    assert "Nguyễn Thị Hoa" not in body and "nguyen-thi-hoa" not in body and "hoa@example" not in body
    assert p.tracking_code in body


def test_the_queue_and_the_duplicate_json_show_the_masked_subject(personas):
    p = _typed(personas)
    services.classify(p, actor=personas.principal, kind=Kind.TO_CAO, subject=TYPED_SUBJECT)
    client = client_for(personas.principal)
    body = client.get(reverse("petitions:queue")).content.decode()
    assert p.tracking_code in body and "Nguyễn Thị Hoa" not in body and "345 678" not in body
    response = client.post(reverse("petitions:duplicate_candidates"), {"text": p.content, "name": "Nguyễn Thị Hoa"})
    data = response.json()
    assert p.tracking_code in {c["code"] for c in data["candidates"]}
    assert "Hoa" not in response.content.decode("unicode_escape") and "0912" not in response.content.decode()


def test_a_notification_to_the_handler_carries_no_identity(personas):
    p = _typed(personas)
    services.classify(p, actor=personas.principal, kind=Kind.TO_CAO, subject=TYPED_SUBJECT)
    services.assign(p, personas.clerk.person, actor=personas.principal)
    [note] = Notification.objects.filter(recipient=personas.clerk)
    assert p.tracking_code in note.subject and "Hoa" not in note.body and "0912" not in note.body


def test_who_reads_a_received_citizens_identity_has_one_rule_for_page_and_register(personas):
    """identity.can_view_reception_identity: the reception page and the sổ tiếp công dân both ask it."""
    plain = services.register_reception(personas.school, actor=personas.clerk, content="Hỏi về học phí.")
    assert ident.can_view_reception_identity(personas.teacher, plain)
    here = services.register_reception(
        personas.school,
        actor=personas.clerk,
        content="Tố cáo cô giáo.",
        citizen_name="Phan Văn Lộc",
        is_denunciation=True,
    )
    assert ident.can_view_reception_identity(personas.principal, here)
    assert not ident.can_view_reception_identity(personas.clerk, here)
    assert not ident.can_view_reception_identity(None, here)
    above = services.register_reception(
        personas.school, actor=personas.clerk, content="Tố cáo hiệu trưởng.", accused_role=AccusedRole.HEAD
    )
    assert above.routed_to == personas.department
    assert not ident.can_view_reception_identity(personas.principal, above)  # the accused's school never reads it
