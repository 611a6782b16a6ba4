"""Sweep every page, register, export, audit page, notification and API answer for a petitioner's identity.

Luật Tố cáo 2018 Điều 9(1)(b), 47 and 56: only the handler and the head of the handling body see who denounced, and
only on the audited identity page; the accused never sees the petition at all. The pages are taken from the URL
resolver (every GET page taking nothing, a petition id or a reception id), so a new page cannot escape the sweep.
"""

from __future__ import annotations

import html
import io
import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from danvan.api.services import create_token
from danvan.core.testing import client_for
from danvan.lib.text import fold
from danvan.notify.models import Notification
from danvan.org.choices import Position
from danvan.org.models import Membership, Organisation, Person
from danvan.petitions import antispam, services
from danvan.petitions.choices import AccusedRole, Audience, Channel, DocumentKind, IdentityPaper, Kind
from danvan.petitions.documents import issue_document
from danvan.petitions.identity import view_identity
from danvan.petitions.models import Petition

pytestmark = pytest.mark.django_db

# The denouncer of the principal (routed to the Department): nobody at the school may ever read these.
ROUTED = {
    "name": "Đinh Quang Vĩnh Khiêm",
    "phone": "0977 246 813",
    "id": "031188004455",
    "email": "khiem.vinh@example.invalid",
}
# The denouncer of a teacher (kept at the school): the head may read these only on the identity page and registers.
SCHOOL = {
    "name": "Lương Thế Bảo Ngọc",
    "phone": "0368 135 792",
    "id": "030299007711",
    "email": "ngoc.bao@example.invalid",
    "others": ["Trịnh Hữu Nghĩa Phong", "Phan Gia Hân"],
}
CO_SIGNER, MARKED = SCHOOL["others"]  # a co-signer of the typed letter, and a pupil's name the clerk marked
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# GET pages that are not a page of the application, or that only the identity's owner reaches.
SKIPPED = {"petitions:identity", "logout", "set_language", "favicon"}
REGISTERS = {"petitions:register_petitions", "petitions:register_reception"}


def _needles(marker: dict[str, str]) -> list[str]:
    """Return the folded strings whose presence means the identity leaked (name with or without diacritics,
    the phone digits whatever the separators, the ID number, the e-mail, the name as a file name)."""
    name = fold(marker["name"])
    return [
        name,
        name.replace(" ", "-"),
        name.replace(" ", "_"),
        re.sub(r"\D", "", marker["phone"])[1:],
        marker["id"],
        fold(marker["email"]),
    ] + [fold(other) for other in marker.get("others", [])]


def _leaks(text: str, marker: dict[str, str]) -> list[str]:
    folded = fold(html.unescape(text))
    squeezed = re.sub(r"[\s.\-]", "", folded)
    return [n for n in _needles(marker) if n in folded or (n.isdigit() and n in squeezed)]


def _export_text(response) -> str:
    """Return the text of a page, an XLSX, a DOCX or a PDF answer, read back with its own library."""
    ctype = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in ctype:
        wb = load_workbook(io.BytesIO(body))
        return " ".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)
    if "wordprocessingml" in ctype:
        doc = Document(io.BytesIO(body))
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        return " ".join([p.text for p in doc.paragraphs] + cells)
    if "pdf" in ctype:
        return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    return body.decode("utf-8", "replace") + " " + response.get("Content-Disposition", "")


def _public(school, marker, **overrides):
    data = {
        "kind": "to-cao",
        "subject": f"Đơn tố cáo của {marker['name']} ({marker['phone']})",
        "content": f"Tôi là {marker['name']}, điện thoại {marker['phone']}, CCCD {marker['id']}. Tôi tố cáo việc thu "
        "tiền học thêm trái quy định, không có biên lai, ép học sinh lớp 10A3 đi học.",
        "accused_role": "",
        "accused_text": "",
        "identity_choice": "handler-only",
        "full_name": marker["name"],
        "address": "12 Lê Lợi, Hải Phòng",
        "phone": marker["phone"],
        "email": marker["email"],
        "website": "",
        "form_token": antispam.issue_token(time.time() - 60),
        "attachments": [SimpleUploadedFile(f"{fold(marker['name']).replace(' ', '-')}.pdf", PDF, "application/pdf")],
    }
    data.update(overrides)
    response = Client().post(reverse("petitions:public_submit", args=[school.code]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Petition.objects.order_by("-id").first()


def _person(username, name, org, position):
    user = get_user_model().objects.create_user(username, f"{username}@example.invalid", "pw")
    person = Person.objects.create(organisation=org.tenant or org, full_name=name, user=user, email=user.email)
    Membership.objects.create(person=person, organisation=org, position=position)
    return user


def _get_pages(world):
    """Yield (name, path) for every GET page taking nothing, a petition (or reception) id, or a petition's document
    or attachment id."""

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                yield (f"{namespace}:{p.name}" if namespace and p.name else p.name or ""), prefix + str(p.pattern)

    def fill(route, values):
        for value in values:
            route = re.sub(r"<[^>]+>|\{[^}]+\}", str(value), route, count=1)
        return "/" + route

    for name, route in walk(get_resolver().url_patterns, "", ""):
        if (
            name in SKIPPED
            or route.startswith(("quan-tri/", "^"))
            or name.endswith(":public_submit")
            or route.endswith("/identity")
        ):  # the API's identity view: the handler's and the head's own
            continue
        names = [a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\{(?:\w+:)?(\w+)\}", route)]
        if not names:
            yield name, "/" + route
        elif names in (["pk"], ["petition_id"]):
            objs = [world["reception"]] if "tiep-cong-dan" in route else world["petitions"]
            for obj in objs:
                yield name, fill(route, [obj.pk])
        elif names == ["pk", "doc"] and "tiep-cong-dan" not in route:
            for p in world["petitions"]:
                for d in p.documents.all():
                    yield name, fill(route, [p.pk, d.pk])
        elif names == ["pk", "att"]:
            for p in world["petitions"]:
                for a in p.attachments.filter(contains_identity=False):
                    yield name, fill(route, [p.pk, a.pk])


@pytest.fixture
def world(personas, settings):
    """Petitions and a reception carrying the markers, a deputy handling one, a director who looked."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    school, department = personas.school, personas.department
    director = _person("giamdoc", "Nguyễn Văn Sở", department, Position.LANH_DAO_SO)
    deputy = _person("pht", "Lê Thị Phó", Organisation.objects.get(parent=school, code="BGH"), Position.PHO_HIEU_TRUONG)
    board = _person(
        "ttnd", "Ngô Thị Thanh Tra", Organisation.objects.get(parent=school, code="TTND"), Position.TRUONG_BAN_TTND
    )
    routed = _public(school, ROUTED, accused_role=AccusedRole.HEAD)
    assert routed.routed_away and routed.handling_body == department
    kept = _public(school, SCHOOL, accused_role=AccusedRole.STAFF, accused_text="cô Giáo Viên tổ Toán")
    assert not kept.routed_away
    # Typed by the clerk: a subject naming the denouncer, co-signers, a marked name, and a timeline note.
    typed = services.register_petition(
        school,
        actor=personas.clerk,
        kind=Kind.TO_CAO,
        channel=Channel.LETTER,
        received_at=timezone.now(),
        subject=f"Đơn tố cáo của {SCHOOL['name']} ({SCHOOL['phone']})",
        content=f"Tố cáo cô Giáo Viên thu tiền học thêm; cùng ký đơn: ông {CO_SIGNER}; người làm chứng là "
        f"{MARKED} lớp 10A3.",
        identity={
            "full_name": SCHOOL["name"],
            "phone": SCHOOL["phone"],
            "id_number": SCHOOL["id"],
            "email": SCHOOL["email"],
            "co_signers": CO_SIGNER,
        },
        masked_names=MARKED,
        accused_text="cô Giáo Viên",
        signers_count=2,
    ).petition
    services.classify(
        typed,
        actor=personas.principal,
        kind=Kind.TO_CAO,
        note=f"bà {SCHOOL['name']} cung cấp tin nhắn, CCCD {SCHOOL['id']}, SĐT {SCHOOL['phone']}",
    )
    services.assign(
        typed,
        deputy.person,
        actor=personas.principal,
        note=f"Giao xử lý; liên hệ bà {SCHOOL['name']} qua {SCHOOL['email']}, ông {CO_SIGNER}; hỏi thêm {MARKED}",
    )
    issue_document(typed, DocumentKind.ACCEPTANCE, actor=personas.principal, audience=Audience.VERIFIER)
    view_identity(director, routed, purpose="giải quyết tố cáo")
    view_identity(personas.principal, typed, purpose="giao xử lý")
    services.assign(
        routed, personas.department_officer.person, actor=director, note=f"Giao xử lý; người tố cáo {ROUTED['name']}"
    )
    reception = services.register_reception(
        school,
        actor=personas.clerk,
        citizen_name=SCHOOL["name"],
        citizen_phone=SCHOOL["phone"],
        citizen_id_number=SCHOOL["id"],
        id_paper=IdentityPaper.CAN_CUOC,
        is_denunciation=True,
        content=f"Bà {SCHOOL['name']} ({SCHOOL['phone']}) tố cáo cô Giáo Viên thu tiền trái phép.",
    )
    return {
        "petitions": [routed, kept, typed],
        "reception": reception,
        "director": director,
        "deputy": deputy,
        "board": board,
    }


def _forbidden(role: str, name: str, path: str) -> list[dict[str, str]]:
    """Return the markers this role must never read on this page.

    The registers name the petitioner to whoever may see the identity (and audit it); the reception page is the
    reception's identity page for the head of the school. Everything else shows no identity to anyone.
    """
    if name in REGISTERS or name == "petitions:reception_detail":
        allowed = {
            "principal": [SCHOOL],
            "deputy": [SCHOOL] if name in REGISTERS else [],
            "department_officer": [ROUTED] if name in REGISTERS else [],
        }.get(role, [])
        return [m for m in (ROUTED, SCHOOL) if m not in allowed]
    return [ROUTED, SCHOOL]


ROLES = ("principal", "deputy", "clerk", "teacher", "other_principal", "board", "department_officer")


# One test per role, so the sweep spreads over the test workers.
@pytest.mark.parametrize("role", ROLES)
def test_no_page_of_any_role_shows_the_identity(personas, world, role, caplog):
    routed = world["petitions"][0]
    user = {
        "principal": personas.principal,
        "deputy": world["deputy"],
        "clerk": personas.clerk,
        "teacher": personas.teacher,
        "other_principal": personas.other_principal,
        "board": world["board"],
        "department_officer": personas.department_officer,
    }[role]
    pages = list(_get_pages(world))
    names = {n for n, _ in pages}
    assert {
        "petitions:detail",
        "petitions:document",
        "petitions:register_petitions",
        "core:audit_list",
        "notify:notification_list",
    } <= names
    assert f"/api/v1/petitions/{routed.pk}" in {p for _, p in pages}
    leaks, fetched, accused_saw, candidates = [], 0, [], 0
    client = client_for(user)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {create_token(user, name='quét').key}")
    for name, path in pages:
        urls = [path, path + "?format=xlsx"] if name in REGISTERS else [path]
        for url in urls:
            response = (api if url.startswith("/api/") else client).get(url)
            assert response.status_code < 500, (role, url, response.status_code)
            if response.status_code != 200:
                continue
            fetched += 1
            text = _export_text(response)
            for marker in _forbidden(role, name, path):
                found = _leaks(text, marker)
                if found:
                    leaks.append((role, url, marker["name"], found))
            # The accused head never meets the petition, nor who looked at its denouncer.
            if role == "principal" and (routed.tracking_code in text or "Nguyễn Văn Sở" in text):
                accused_saw.append(url)
    if role in ("principal", "deputy", "clerk", "department_officer"):  # the entry page's duplicate check
        for marker in (ROUTED, SCHOOL):
            response = client.post(
                reverse("petitions:duplicate_candidates"),
                {"text": world["petitions"][1].content, "name": marker["name"], "phone": marker["phone"]},
            )
            assert response.status_code == 200
            text = response.content.decode("unicode_escape")
            candidates += len(response.json()["candidates"])
            for m in (ROUTED, SCHOOL):
                if _leaks(text, m):
                    leaks.append((role, "duplicate_candidates", m["name"], _leaks(text, m)))
        if role != "department_officer":  # the school's own petitions are candidates to the school's staff
            assert candidates > 0
    assert fetched > 15
    # Nor any log line written while the pages answered (access warnings, errors).
    for record in caplog.records:
        for marker in (ROUTED, SCHOOL):
            if _leaks(record.getMessage(), marker):
                leaks.append((role, "log", marker["name"], record.getMessage()[:200]))
    assert not leaks, "\n".join(map(str, leaks))
    assert not accused_saw, accused_saw
    if role == "principal":
        assert client.get(reverse("petitions:detail", args=[routed.pk])).status_code == 404


def test_notifications_and_emails_never_carry_the_identity(personas, world):
    texts = [f"{n.subject} {n.body}" for n in Notification.objects.all()]
    texts += [f"{m.subject} {m.body}" for m in mail.outbox]
    assert texts, "the handlers were told"
    for text in texts:
        for marker in (ROUTED, SCHOOL):
            assert not _leaks(text, marker), text
    assert not Notification.objects.filter(
        recipient=personas.principal, body__contains=world["petitions"][0].tracking_code
    ).exists()


def test_audit_pages_show_no_storage_path_and_no_look_to_the_unallowed(personas, world):
    for user in (personas.clerk, personas.teacher, personas.principal):
        body = client_for(user).get(reverse("core:audit_list")).content.decode()
        assert "petitions/" not in body or ".pdf" not in body
        assert "Nguyễn Văn Sở" not in body
    typed = world["petitions"][2]
    body = client_for(personas.clerk).get(reverse("petitions:detail", args=[typed.pk])).content.decode()
    assert "xem danh tính" not in body.lower() and "giao xử lý\u200b" not in body
