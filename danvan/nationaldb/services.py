"""Export the reception register and petition records for the national database (NĐ 154/2026/NĐ-CP Điều 27).

One service, `open_export`, checks who asks for what and returns an `Export` that writes the document unit by
unit: JSON as a stream of chunks (a Department's aggregate never sits whole in memory), XLSX through openpyxl's
write-only workbook (constant memory) into a file. The rows are the statutory registers' own
(`petitions.registers`: Mẫu 03/TCD's 13 columns, and the sổ theo dõi, xử lý đơn), so the export and the printed
books cannot disagree.

Identities of denouncers are masked (`registers` decides through `identity.policy_for`) unless the export is for
the competent authority: the reader holds `petitions.identity` on the organisation, ticks the choice and writes
the purpose; the export and every denouncer it reveals are audited. The official schema of the national
database is not public: `schema_version` "1.0" is ours (docs/national-export.md; UNCONFIRMED against the
Thanh tra Chính phủ's specification).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.core.errors import DomainError
from danvan.core.params import MAX_YEAR, MIN_YEAR
from danvan.core.scoping import has_perm
from danvan.lib.lazy import lazy_module
from danvan.lib.xlsx import safe_cell
from danvan.nationaldb import permissions
from danvan.org.choices import OrgKind
from danvan.org.models import Organisation
from danvan.petitions.registers import PETITION_COLUMNS, RECEPTION_COLUMNS, petition_register, reception_register

if TYPE_CHECKING:
    import openpyxl
else:  # loaded on first use (danvan/lib/lazy.py): only an XLSX export needs it
    openpyxl = lazy_module("openpyxl")

SCHEMA_VERSION = "1.0"
SCHEMA_FILE = Path(__file__).resolve().parent / "schema" / f"national-export-{SCHEMA_VERSION}.schema.json"
PERM = permissions.EXPORT
LEGAL_BASIS = (
    "NĐ 154/2026/NĐ-CP Điều 27 (sổ tiếp công dân, Mẫu 03/TCD, cập nhật vào Cơ sở dữ liệu quốc gia về "
    "tiếp công dân, xử lý đơn, giải quyết khiếu nại, tố cáo); NĐ 124/2020/NĐ-CP Điều 30a; NĐ 31/2019/NĐ-CP "
    "Điều 19a"
)
FORMATS = ("json", "xlsx")
# Extra fields of each row beyond the register's columns.
RECEPTION_EXTRA = ("year", "masked", "withheld")
PETITION_EXTRA = ("state", "due_on", "masked")


class ExportError(DomainError):
    """A refused export, with a translated message naming what is wrong."""


def _producer_version() -> str:
    try:
        return version("danvan")
    except PackageNotFoundError:
        return "0"


def _org_ref(org: Organisation) -> dict[str, str]:
    return {"code": org.code, "name": org.name, "kind": org.kind}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


@dataclass
class Export:
    """One export, checked and audited: the units it covers and how to write it."""

    organisation: Organisation
    units: list[Organisation]
    start: dt.date
    end: dt.date
    aggregate: bool
    include_identities: bool
    purpose: str
    actor: Any
    generated_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def filename_stem(self) -> str:
        """Return the download's name without extension: cosodulieu-<code>-<from>-<to>."""
        return f"csdl-quoc-gia-{self.organisation.code}-{self.start:%Y%m%d}-{self.end:%Y%m%d}"

    def _bounds(self) -> tuple[dt.datetime, dt.datetime]:
        tz = timezone.get_current_timezone()
        first = dt.datetime.combine(self.start, dt.time.min, tzinfo=tz)
        last = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        return first, last

    def unit_rows(self, org: Organisation) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Return one unit's reception register rows and petition rows, as the export writes them."""
        first, last = self._bounds()
        with translation.override("vi"):
            receptions = reception_register(org, start=first, end=last, user=self.actor, reveal=self.include_identities)
            petitions = petition_register(org, start=first, end=last, user=self.actor, reveal=self.include_identities)
        return (
            [
                {
                    **{c.key: _plain(r.get(c.key)) for c in RECEPTION_COLUMNS},
                    **{k: _plain(r.get(k, False if k != "year" else None)) for k in RECEPTION_EXTRA},
                }
                for r in receptions
            ],
            [
                {
                    **{c.key: _plain(p.get(c.key)) for c in PETITION_COLUMNS},
                    **{k: _plain(p.get(k)) for k in PETITION_EXTRA},
                }
                for p in petitions
            ],
        )

    def header(self) -> dict[str, Any]:
        """Return the document's metadata (everything but the units)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "generated_at": _plain(self.generated_at),
            "legal_basis": LEGAL_BASIS,
            "producer": {"system": "danvan", "version": _producer_version()},
            "scope": {
                "organisation": _org_ref(self.organisation),
                "aggregate": self.aggregate,
                "period": {"from": self.start.isoformat(), "to": self.end.isoformat()},
            },
            "identities_included": self.include_identities,
            "columns": {
                "reception_register": [{"key": c.key, "header": _vi(c.header)} for c in RECEPTION_COLUMNS],
                "petitions": [{"key": c.key, "header": _vi(c.header)} for c in PETITION_COLUMNS],
            },
        }

    def iter_json(self) -> Iterator[bytes]:
        """Yield the JSON document in chunks: the header, then one unit at a time, then the totals."""
        head = json.dumps(self.header(), ensure_ascii=False)
        yield (head[:-1] + ', "units": [').encode()
        receptions = petitions = 0
        for i, org in enumerate(self.units):
            rec_rows, pet_rows = self.unit_rows(org)
            receptions += len(rec_rows)
            petitions += len(pet_rows)
            unit = {"organisation": _org_ref(org), "reception_register": rec_rows, "petitions": pet_rows}
            yield ((", " if i else "") + json.dumps(unit, ensure_ascii=False)).encode()
        totals = {"units": len(self.units), "receptions": receptions, "petitions": petitions}
        yield ('], "totals": ' + json.dumps(totals) + "}").encode()

    def write_xlsx(self, out: IO[bytes]) -> None:
        """Write the workbook: "Thông tin" (metadata), "Sổ tiếp công dân" and "Đơn thư", one row per record."""
        wb = openpyxl.Workbook(write_only=True)
        info = wb.create_sheet("Thông tin")
        head = self.header()
        for key in ("schema_version", "generated_at", "legal_basis", "identities_included"):
            info.append([key, safe_cell(_plain(head[key]))])
        info.append(["organisation", safe_cell(f"{self.organisation.code} — {self.organisation.name}")])
        info.append(["aggregate", self.aggregate])
        info.append(["period", f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"])
        rec = wb.create_sheet("Sổ tiếp công dân")
        pet = wb.create_sheet("Đơn thư")
        rec.append(["Mã đơn vị", "Đơn vị", *(_vi(c.header) for c in RECEPTION_COLUMNS), "Năm sổ", "Đã che danh tính"])
        pet.append(
            ["Mã đơn vị", "Đơn vị", *(_vi(c.header) for c in PETITION_COLUMNS), "Trạng thái", "Hạn", "Đã che danh tính"]
        )
        for org in self.units:
            rec_rows, pet_rows = self.unit_rows(org)
            for r in rec_rows:
                rec.append(
                    [
                        org.code,
                        safe_cell(org.name),
                        *(_cell(r[c.key]) for c in RECEPTION_COLUMNS),
                        r["year"],
                        "x" if r["masked"] else "",
                    ]
                )
            for p in pet_rows:
                pet.append(
                    [
                        org.code,
                        safe_cell(org.name),
                        *(_cell(p[c.key]) for c in PETITION_COLUMNS),
                        p["state"],
                        p["due_on"] or "",
                        "x" if p["masked"] else "",
                    ]
                )
        wb.save(out)


def _vi(text: Any) -> str:
    with translation.override("vi"):
        return str(text)


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "x" if value else ""
    return safe_cell(value) if isinstance(value, str) else value


def units_of(organisation: Organisation, *, aggregate: bool) -> list[Organisation]:
    """Return the organisations an export covers: the one, or a Department and every school below it."""
    if not aggregate:
        return [organisation]
    if organisation.kind != OrgKind.DEPARTMENT:
        raise ExportError(_("Chỉ Sở mới xuất được dữ liệu tổng hợp của các trường trực thuộc."))
    schools = Organisation.objects.filter(
        Q(path__startswith=organisation.path) & ~Q(pk=organisation.pk), kind=OrgKind.SCHOOL
    ).order_by("code", "name")
    return [organisation, *schools]


def open_export(
    organisation: Organisation,
    *,
    actor: Any,
    start: dt.date,
    end: dt.date,
    aggregate: bool = False,
    include_identities: bool = False,
    purpose: str = "",
) -> Export:
    """Check and audit an export of `organisation`'s books over [start, end] (dates inclusive).

    `actor` None is the console, which exports without identities only. Revealing denouncers needs
    `petitions.identity` on the organisation, the explicit choice and a written purpose; even then each row
    shows a denouncer only when `identity.policy_for` lets this reader see him (a Department's officer does
    not see the identity of a school's denouncer).
    """
    if not organisation.is_tenant:
        raise ExportError(_("Chỉ xuất được dữ liệu của một trường hoặc Sở."))
    if actor is not None and not has_perm(actor, PERM, organisation):
        raise ExportError(_("Bạn không có quyền xuất dữ liệu cho CSDL quốc gia của đơn vị này."))
    for day in (start, end):
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            raise ExportError(_("Ngày phải trong các năm %(a)d – %(b)d.") % {"a": MIN_YEAR, "b": MAX_YEAR})
    if end < start:
        raise ExportError(_("Ngày kết thúc phải sau ngày bắt đầu."))
    purpose = (purpose or "").strip()
    if include_identities:
        if actor is None or not has_perm(actor, "petitions.identity", organisation):
            raise ExportError(
                _(
                    "Chỉ người có thẩm quyền xem danh tính người tố cáo mới xuất kèm danh tính "
                    "(Luật Tố cáo 2018 Điều 47)."
                )
            )
        if len(purpose) < 10 or "\x00" in purpose:
            raise ExportError(_("Mục đích: ghi rõ cơ quan có thẩm quyền và văn bản yêu cầu (ít nhất 10 ký tự)."))
    units = units_of(organisation, aggregate=aggregate)
    export = Export(
        organisation=organisation,
        units=units,
        start=start,
        end=end,
        aggregate=aggregate,
        include_identities=include_identities,
        purpose=purpose[:500],
        actor=actor,
    )
    scope = _("tổng hợp %(n)d đơn vị") % {"n": len(units)} if aggregate else _("một đơn vị")
    message = f"{start:%d/%m/%Y}–{end:%d/%m/%Y}, {scope}"
    if include_identities:
        message += f"; KÈM DANH TÍNH NGƯỜI TỐ CÁO; mục đích: {purpose[:300]}"
    audit.record(
        "nationaldb.export.identities" if include_identities else "nationaldb.export.created",
        organisation=organisation,
        actor=actor,
        message=message,
    )
    return export


def schema() -> dict[str, Any]:
    """Return the shipped JSON Schema of the export (version SCHEMA_VERSION)."""
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return loaded
