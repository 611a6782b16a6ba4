"""The national database export: JSON valid against the shipped schema, XLSX read back, identities masked unless
the competent authority asks, per school and aggregated by the Department."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from jsonschema import Draft202012Validator
from openpyxl import load_workbook

from danvan.core.models import AuditEvent
from danvan.core.testing import client_for
from danvan.nationaldb import services
from danvan.petitions import services as petitions
from danvan.petitions.choices import IdentityPaper, Kind

YEAR = dt.date.today().year
START, END = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
DENOUNCER = "Đặng Thị Mai"


@pytest.fixture
def books(personas):
    """A walk-in denunciation and a letter of school A, a complaint of school B."""
    p = personas
    petitions.register_reception(
        p.school,
        actor=p.clerk,
        content="Tố cáo giáo viên thu tiền học thêm trái phép",
        citizen_name=DENOUNCER,
        citizen_address="5 Cầu Đất",
        citizen_id_number="031190001234",
        id_paper=IdentityPaper.values[0],
        is_denunciation=True,
        kind=Kind.TO_CAO,
    )
    petitions.register_reception(
        p.school, actor=p.clerk, content="Kiến nghị sửa mái che nhà xe", citizen_name="Lê Văn Bốn", kind=Kind.KIEN_NGHI
    )
    petitions.register_petition(
        p.school,
        actor=p.clerk,
        subject="Tố cáo thu tiền",
        channel="letter",
        kind=Kind.TO_CAO,
        content="Tố cáo thầy giáo lớp 10A1 thu tiền không biên lai.",
        identity={"full_name": DENOUNCER, "phone": "0912345678"},
    )
    petitions.register_petition(
        p.other_school,
        actor=p.other_principal,
        subject="Khiếu nại",
        channel="letter",
        kind=Kind.KHIEU_NAI,
        content="Khiếu nại kết quả xét học bổng.",
        identity={"full_name": "Phan Văn Năm"},
    )
    return p


def _json(export) -> dict:
    return json.loads(b"".join(export.iter_json()))


def test_a_school_export_is_valid_against_the_schema_and_masks_the_denouncer(books):
    export = services.open_export(books.school, actor=books.principal, start=START, end=END)
    document = _json(export)
    Draft202012Validator(services.schema()).validate(document)
    assert document["schema_version"] == "1.0" and document["identities_included"] is False
    [unit] = document["units"]
    assert unit["organisation"]["code"] == "THPTNK"
    assert [r["serial"] for r in unit["reception_register"]] == [1, 2]
    assert len(document["columns"]["reception_register"]) == 13
    assert document["columns"]["reception_register"][2]["header"] == "Họ tên, địa chỉ"
    text = json.dumps(document, ensure_ascii=False)
    assert DENOUNCER not in text and "031190001234" not in text and "0912345678" not in text
    assert "Lê Văn Bốn" in text  # a recommendation's sender is not protected: the register names him
    assert unit["reception_register"][0]["masked"] is True and unit["petitions"][0]["masked"] is True
    assert AuditEvent.objects.filter(code="nationaldb.export.created", organisation=books.school).exists()


def test_the_department_aggregates_its_schools_without_their_denouncers(books):
    export = services.open_export(
        books.department, actor=books.department_officer, start=START, end=END, aggregate=True
    )
    document = _json(export)
    Draft202012Validator(services.schema()).validate(document)
    codes = [u["organisation"]["code"] for u in document["units"]]
    assert codes[0] == "SGDĐT" and set(codes[1:]) == {"THPTNK", "THPTTP"}
    assert document["totals"] == {"units": 3, "receptions": 2, "petitions": 2}
    assert DENOUNCER not in json.dumps(document, ensure_ascii=False)
    with pytest.raises(services.ExportError):
        services.open_export(books.school, actor=books.principal, start=START, end=END, aggregate=True)


def test_identities_go_only_to_the_competent_authority_with_a_purpose_and_are_audited(books):
    with pytest.raises(services.ExportError, match="Mục đích"):
        services.open_export(books.school, actor=books.principal, start=START, end=END, include_identities=True)
    with pytest.raises(services.ExportError):
        services.open_export(
            books.school,
            actor=books.clerk,
            start=START,
            end=END,
            include_identities=True,
            purpose="Công văn 12/TTr của Thanh tra tỉnh",
        )
    export = services.open_export(
        books.school,
        actor=books.principal,
        start=START,
        end=END,
        include_identities=True,
        purpose="Công văn 12/TTr của Thanh tra tỉnh",
    )
    document = _json(export)
    Draft202012Validator(services.schema()).validate(document)
    assert document["identities_included"] is True and DENOUNCER in json.dumps(document, ensure_ascii=False)
    entry = AuditEvent.objects.get(code="nationaldb.export.identities")
    assert entry.actor == books.principal and "Công văn 12/TTr" in entry.message
    assert AuditEvent.objects.filter(code="petitions.identity.viewed", actor=books.principal).exists()


def test_another_school_and_a_read_only_role_cannot_export(books):
    with pytest.raises(services.ExportError):
        services.open_export(books.school, actor=books.other_principal, start=START, end=END)
    with pytest.raises(services.ExportError):
        services.open_export(books.school, actor=books.teacher, start=START, end=END)
    with pytest.raises(services.ExportError):
        services.open_export(books.school, actor=books.principal, start=END, end=START)


def test_the_page_streams_json_and_the_xlsx_reads_back(books):
    client = client_for(books.principal)
    assert client.get("/csdl-quoc-gia/").status_code == 200
    base = {"organisation": books.school.pk, "start": START.isoformat(), "end": END.isoformat()}
    response = client.post("/csdl-quoc-gia/", {**base, "fmt": "json"})
    assert response.status_code == 200 and response.streaming
    assert "csdl-quoc-gia-THPTNK" in response["Content-Disposition"]
    document = json.loads(b"".join(response.streaming_content))
    Draft202012Validator(services.schema()).validate(document)
    response = client.post("/csdl-quoc-gia/", {**base, "fmt": "xlsx"})
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert wb.sheetnames == ["Thông tin", "Sổ tiếp công dân", "Đơn thư"]
    rows = list(wb["Sổ tiếp công dân"].iter_rows(values_only=True))
    assert rows[0][2:6] == ("STT", "Ngày tiếp", "Họ tên, địa chỉ", "CCCD/CMND/Hộ chiếu")
    assert rows[1][0] == "THPTNK" and rows[1][4] == "[đã che]" and rows[2][4].startswith("Lê Văn Bốn")
    assert not any(DENOUNCER in str(cell) for sheet in wb for row in sheet.iter_rows(values_only=True) for cell in row)
    other = client_for(books.other_principal).post("/csdl-quoc-gia/", {**base, "fmt": "json"})
    assert other.status_code == 400 and not getattr(other, "streaming", False)
    assert client_for(books.teacher).get("/csdl-quoc-gia/").status_code == 403
    assert Client().get("/csdl-quoc-gia/").status_code == 302
    bad = client.post("/csdl-quoc-gia/", {**base, "start": "99999-01-01", "fmt": "json"})
    assert bad.status_code == 400
    schema = client.get("/csdl-quoc-gia/luoc-do.json")
    assert json.loads(b"".join(schema.streaming_content))["properties"]["schema_version"]["const"] == "1.0"


def test_the_console_writes_both_formats(books, tmp_path):
    out = tmp_path / "sgd.json"
    call_command(
        "national_export",
        "--org",
        "SGDĐT",
        "--from",
        START.isoformat(),
        "--to",
        END.isoformat(),
        "--aggregate",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    Draft202012Validator(services.schema()).validate(json.loads(out.read_text(encoding="utf-8")))
    xlsx = tmp_path / "nk.xlsx"
    call_command(
        "national_export",
        "--org",
        "THPTNK",
        "--from",
        START.isoformat(),
        "--to",
        END.isoformat(),
        "--out",
        str(xlsx),
        stdout=io.StringIO(),
    )
    assert len(list(load_workbook(xlsx, read_only=True)["Đơn thư"].iter_rows(values_only=True))) == 2
    with pytest.raises(CommandError, match="Chỉ người có thẩm quyền"):
        call_command(
            "national_export",
            "--org",
            "THPTNK",
            "--from",
            START.isoformat(),
            "--to",
            END.isoformat(),
            "--out",
            str(xlsx),
            "--identities",
            "--purpose",
            "Công văn 12/TTr của Thanh tra tỉnh",
        )
