"""Identity protection: encrypted at rest, seen only by the handler and the head, every look audited."""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from docx import Document

from danvan.core.models import AuditEvent
from danvan.lib import fieldcrypt
from danvan.org.choices import Position
from danvan.org.models import Membership, Organisation, Person
from danvan.petitions import identity as ident
from danvan.petitions import registers, services, stats
from danvan.petitions.choices import AttachmentKind, Channel, IdentityVisibility, Kind, State
from danvan.petitions.models import Petition, PetitionAttachment, PetitionIdentity, Reception
from tests.petitions.factories import IDENTITY, advance, register

pytestmark = pytest.mark.django_db

SECRETS = ["Nguyễn Thị Hoa", "0912", "345", "Lạch Tray", "hoa@example"]


def _raw(table: str, columns: str) -> str:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {columns} FROM {table}")  # noqa: S608 - test-only fixed identifiers
        return " ".join(str(v) for row in cur.fetchall() for v in row)


def _board_member(school):
    user = get_user_model().objects.create_user("ttnd", "ttnd@example.invalid", "pw")
    person = Person.objects.create(organisation=school, full_name="Ngô Thị Thanh Tra", user=user)
    Membership.objects.create(
        person=person,
        organisation=Organisation.objects.get(parent=school, code="TTND"),
        position=Position.TRUONG_BAN_TTND,
    )
    return user


def test_raw_sql_shows_no_plaintext_identity(personas):
    register(personas.school, personas.principal, kind=Kind.TO_CAO)
    services.register_reception(
        personas.school,
        actor=personas.clerk,
        content="Tố cáo thu tiền học thêm",
        citizen_name="Nguyễn Thị Hoa",
        citizen_address="12 Lạch Tray",
        citizen_phone="0912345678",
        is_denunciation=True,
    )
    stored = _raw(
        "petitions_petitionidentity",
        "full_name, address, phone, email, name_hmac, phone_hmac, phone_last4_hash, email_hmac",
    ) + _raw("petitions_reception", "citizen_name, citizen_address, citizen_phone")
    # Whole values only: short digit runs ("345") turn up by chance in the hexadecimal keyed hashes.
    for secret in ("Nguyễn Thị Hoa", "0912345678", "Lạch Tray", "hoa@example"):
        assert secret not in stored
    assert "fernet:" in stored


def test_audit_trail_never_holds_identity_values(personas):
    register(personas.school, personas.principal, kind=Kind.TO_CAO)
    dump = " ".join(str(e.changes) + e.message + e.object_repr for e in AuditEvent.objects.all())
    assert "Nguyễn Thị Hoa" not in dump and "0912" not in dump and "Lạch Tray" not in dump


def test_registering_writes_one_trail_entry_that_records_the_identity_as_hidden(personas):
    p = register(personas.school, personas.principal, kind=Kind.TO_CAO)
    entries = list(AuditEvent.objects.filter(code__endswith=".created")) + list(
        AuditEvent.objects.filter(code="petitions.petition.registered")
    )
    registered = [e for e in entries if e.object_id == str(p.pk) and e.code == "petitions.petition.registered"]
    assert len(registered) == 1
    assert not [e for e in entries if e.code in ("petitions.petition.created", "petitions.petitionidentity.created")]
    changes = registered[0].changes
    assert changes["petitionidentity.full_name"] == [None, "[đã ẩn]"]
    assert changes["petitionidentity.phone"] == [None, "[đã ẩn]"]
    assert changes["kind"] == [None, Kind.TO_CAO]


def test_search_text_excludes_identity(personas):
    p = register(personas.school, personas.principal, kind=Kind.TO_CAO)
    p.refresh_from_db()
    found = Petition.objects.filter(pk=p.pk)
    assert (
        not found.filter(ident.search_q("nguyen thi hoa")).exists()
        and not found.filter(ident.search_q("0912345678")).exists()
    )
    assert found.filter(ident.search_q("phuc khao")).exists()


def test_the_handler_and_the_head_see_the_identity_and_each_view_is_audited(personas):
    p = register(personas.school, personas.principal, kind=Kind.TO_CAO)
    services.assign(p, personas.clerk.person, actor=personas.principal)
    assert ident.can_view_identity(personas.clerk, p)
    assert ident.can_view_identity(personas.principal, p)
    before = AuditEvent.objects.filter(code="petitions.identity.viewed").count()
    assert ident.view_identity(personas.clerk, p).full_name == "Nguyễn Thị Hoa"
    assert ident.view_identity(personas.principal, p).phone == IDENTITY["phone"]
    viewers = list(
        AuditEvent.objects.filter(code="petitions.identity.viewed").order_by("id").values_list("actor", flat=True)
    )[before:]
    assert viewers == [personas.clerk.pk, personas.principal.pk]


def test_a_teacher_a_verifier_the_board_the_department_officer_and_others_cannot(personas):
    p = register(personas.school, personas.principal, kind=Kind.TO_CAO)
    advance(p, State.ACCEPTED, principal=personas.principal)
    services.start_verification(p, actor=personas.principal, verifiers=[personas.teacher.person])
    board = _board_member(personas.school)
    for outsider in (personas.teacher, board, personas.other_principal, personas.department_officer, None):
        assert not ident.can_view_identity(outsider, p)
        with pytest.raises(PermissionDenied):
            ident.view_identity(outsider, p)
    assert AuditEvent.objects.filter(code="petitions.identity.denied").count() == 5


def test_others_get_a_redacted_petition_and_attachments(personas):
    p = register(personas.school, personas.principal, kind=Kind.TO_CAO)
    PetitionAttachment.objects.create(
        petition=p,
        organisation=personas.school,
        file=ContentFile(b"x", "scan.pdf"),
        is_original=True,
        contains_identity=True,
    )
    clean = PetitionAttachment.objects.create(
        petition=p, organisation=personas.school, file=ContentFile(b"y", "redacted.pdf"), contains_identity=False
    )
    view = ident.petition_view_for(personas.teacher, p)
    assert view["redacted"] and view["identity"] is None
    assert "Nguyễn Thị Hoa" not in view["content"] and "0912345678" not in view["content"]
    assert ident.MASK in view["content"]
    assert ident.attachments_for(personas.teacher, p) == [clean]
    assert len(ident.attachments_for(personas.principal, p)) == 2


def test_the_accused_head_never_sees_the_identity_nor_the_petition(personas):
    p = register(personas.school, personas.clerk, kind=Kind.TO_CAO, accused_person=personas.principal.person)
    assert not ident.can_view_identity(personas.principal, p)

    assert p not in Petition.objects.visible_to(personas.principal)


def test_registers_mask_the_denouncer_unless_allowed(personas):
    register(personas.school, personas.principal, kind=Kind.TO_CAO)
    register(personas.school, personas.principal, kind=Kind.KIEN_NGHI)
    rows = registers.petition_register(
        personas.school, year=__import__("django.utils.timezone").utils.timezone.localdate().year, user=personas.clerk
    )
    by_kind = {r["kind"]: r for r in rows}
    assert by_kind["Tố cáo"]["petitioner"] == ident.MASK
    assert by_kind["Kiến nghị"]["petitioner"] == "Nguyễn Thị Hoa"
    rows = registers.petition_register(personas.school, year=rows[0]["received"].year, user=personas.principal)
    assert {r["petitioner"] for r in rows} == {"Nguyễn Thị Hoa"}


def test_the_board_outcomes_carry_no_identity(personas):
    p = register(personas.school, personas.principal, kind=Kind.TO_CAO)
    advance(p, State.DECISION_SENT, principal=personas.principal)
    rows = stats.outcomes_for_board(personas.school)
    assert rows and rows[0]["conclusion_label"]
    text = str(rows)
    for secret in SECRETS:
        assert secret not in text


def test_the_public_last_four_digits_check_needs_no_decryption(personas):
    p = register(personas.school, personas.principal, kind=Kind.KIEN_NGHI)
    assert ident.check_phone_last4(p, "5678")
    assert not ident.check_phone_last4(p, "5679")


def test_same_person_matches_by_keyed_hash(personas):
    a = register(
        personas.school, personas.principal, identity={"full_name": "Nguyễn  Thị HOA", "phone": "+84 912 345 678"}
    )
    b = register(personas.school, personas.principal)
    assert a.identity.name_hmac == b.identity.name_hmac
    assert a.identity.phone_hmac == b.identity.phone_hmac


def test_rotating_keys_reencrypts_every_row(personas):
    register(personas.school, personas.principal)
    services.register_reception(
        personas.school, actor=personas.clerk, content="Hỏi học phí", citizen_name="Trần Văn Bình"
    )
    old_key = fieldcrypt._configured_keys()[0]
    new_key = Fernet.generate_key().decode()
    before = _raw("petitions_petitionidentity", "full_name")
    with override_settings(DANVAN_FIELD_KEYS=[new_key, old_key]):
        call_command("rotate_field_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
        after = _raw("petitions_petitionidentity", "full_name")
        assert after != before
    with override_settings(DANVAN_FIELD_KEYS=[new_key]):
        assert PetitionIdentity.objects.get().full_name == "Nguyễn Thị Hoa"
        assert Reception.objects.get().citizen_name == "Trần Văn Bình"
        assert PetitionIdentity.objects.get().name_hmac == ident.name_hmac("Nguyễn Thị Hoa")


def test_a_name_is_public_only_by_choice_and_never_for_a_denouncer(personas):
    shown = register(personas.school, personas.principal, kind=Kind.KIEN_NGHI, identity_visibility="public")
    hidden = register(personas.school, personas.principal, kind=Kind.KIEN_NGHI)
    denouncer = register(personas.school, personas.principal, kind=Kind.TO_CAO, identity_visibility="public")
    assert ident.public_name(shown) == "Nguyễn Thị Hoa"
    assert ident.public_name(hidden) == "" and ident.public_name(denouncer) == ""


def test_a_redacted_copy_of_a_text_or_docx_attachment_masks_the_identity(personas):
    p = register(personas.school, personas.principal, kind=Kind.TO_CAO)
    txt = PetitionAttachment.objects.create(
        petition=p,
        organisation=personas.school,
        kind=AttachmentKind.TEXT,
        file=ContentFile("Người viết: Nguyễn Thị Hoa, ĐT 0912.345.678, 12 Lạch Tray, Ngô Quyền".encode(), "don.txt"),
    )
    buf = io.BytesIO()
    doc = Document()
    doc.add_paragraph("Tôi tên là ").add_run("Nguyễn Thị Hoa")
    doc.save(buf)
    docx = PetitionAttachment.objects.create(
        petition=p, organisation=personas.school, kind=AttachmentKind.DOCX, file=ContentFile(buf.getvalue(), "don.docx")
    )
    copy = services.make_redacted_copy(txt, actor=personas.principal)
    copy.file.open("rb")
    text = copy.file.read().decode()
    assert "Hoa" not in text and "345" not in text and "Lạch Tray" not in text and ident.MASK in text
    assert not copy.contains_identity and copy.redacted_of == txt
    dcopy = services.make_redacted_copy(docx, actor=personas.principal)
    dcopy.file.open("rb")
    assert "Nguyễn Thị Hoa" not in "\n".join(par.text for par in Document(io.BytesIO(dcopy.file.read())).paragraphs)
    assert set(ident.attachments_for(personas.teacher, p)) == {copy, dcopy}
    pdf = PetitionAttachment.objects.create(
        petition=p, organisation=personas.school, kind=AttachmentKind.PDF, file=ContentFile(b"%PDF-1.4", "scan.pdf")
    )
    with pytest.raises(services.PetitionError, match="thủ công"):
        services.make_redacted_copy(pdf, actor=personas.principal)
    with pytest.raises(services.PetitionError):
        services.make_redacted_copy(txt, actor=personas.teacher)


def test_redaction_also_catches_the_name_written_without_diacritics(personas):
    p = register(
        personas.school,
        personas.principal,
        kind=Kind.TO_CAO,
        content="Toi la Nguyen Thi Hoa, to cao viec thu tien. Ký tên: NGUYỄN THỊ HOA",
    )
    p.refresh_from_db()
    masked = ident.redacted_content(p)
    assert "Nguyen Thi Hoa" not in masked and "NGUYỄN THỊ HOA" not in masked
    found = Petition.objects.filter(pk=p.pk)
    assert (
        not found.filter(ident.search_q("nguyen thi hoa")).exists()
        and found.filter(ident.search_q("thu tien")).exists()
    )


def test_a_subject_taken_from_the_letter_never_carries_the_senders_identity(personas):
    petition = services.register_petition(
        personas.school,
        actor=personas.clerk,
        subject="",
        channel=Channel.LETTER,
        kind=Kind.TO_CAO,
        content="Tôi là Nguyễn Thị Hoa, điện thoại 0912 345 678, tố cáo việc thu tiền học thêm trái quy định.",
        identity=dict(IDENTITY),
        identity_visibility=IdentityVisibility.HANDLER_ONLY,
    ).petition
    assert "Nguyễn Thị Hoa" not in petition.subject
    assert "0912 345 678" not in petition.subject
    assert "tố cáo việc thu tiền" in petition.subject
