"""Business rules for the organisation tree and staff lists."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.core.errors import DomainError
from danvan.core.permissions import role_grants
from danvan.core.scoping import clear_cache, has_perm
from danvan.lib.archives import ArchiveTooLarge, check_expansion
from danvan.lib.lazy import lazy_module
from danvan.lib.text import fold
from danvan.lib.xlsx import safe_row
from danvan.org.choices import COMMUNE_MANAGED_LEVELS, STANDARD_SCHOOL_UNITS, OrgKind, Position, SchoolLevel
from danvan.org.models import Membership, Organisation, Person

if TYPE_CHECKING:
    import openpyxl
else:  # loaded on first use (danvan/lib/lazy.py): only the staff-list import and export need it
    openpyxl = lazy_module("openpyxl")


class OrgError(DomainError):
    """A rule about organisations or staff was broken; the message is shown to the user."""


def create_school(
    parent: Organisation, *, name: str, code: str, place: str = "", with_units: bool = True
) -> Organisation:
    """Create a school below a Department with its standard units (BGH, Công đoàn, Đoàn TN, …)."""
    school = Organisation.objects.create(
        kind=OrgKind.SCHOOL, name=name, code=code, parent=parent, place=place, superior_name=parent.name.upper()
    )
    if with_units:
        for unit_code, unit_name, abbreviations in STANDARD_SCHOOL_UNITS:
            Organisation.objects.create(
                kind=OrgKind.UNIT, name=unit_name, code=unit_code, parent=school, abbreviations=abbreviations
            )
    return school


def managing_body_default(school: Organisation) -> Organisation | None:
    """Return the managing body the tree suggests for a school: the nearest ancestor of kind "Sở / cơ quan quản lý"."""
    for ancestor in reversed(school.ancestors()):
        if ancestor.kind == OrgKind.DEPARTMENT:
            return ancestor
    return None


def managing_body_choices(school: Organisation) -> Any:
    """Return the bodies a school may be recorded under: every managing body (Sở, UBND xã/phường) but itself."""
    return Organisation.objects.filter(kind=OrgKind.DEPARTMENT).exclude(pk=school.pk).order_by("name")


def may_set_managing_body(actor: Any, school: Organisation) -> bool:
    """Return whether the actor may change a school's managing body: an administrator or the body above it."""
    if getattr(actor, "is_superuser", False):
        return True
    above = managing_body_default(school)
    return above is not None and has_perm(actor, "org.manage", above)


def set_managing_body(
    school: Organisation, *, actor: Any, school_level: str, managing_body: Organisation | None
) -> Organisation:
    """Record a school's level and managing body (who decides second complaints and denunciations of its head).

    Only an administrator, or someone managing the body above the school in the tree, may change it: a
    principal who could move denunciations about himself would defeat Luật Tố cáo 2018 Điều 12(1).
    """

    above = managing_body_default(school)
    if not may_set_managing_body(actor, school):
        raise OrgError(_("Chỉ quản trị hệ thống hoặc cơ quan quản lý cấp trên được đổi cơ quan quản lý của trường."))
    if school.kind != OrgKind.SCHOOL:
        raise OrgError(_("Chỉ trường học mới ghi cơ quan quản lý trực tiếp."))
    if school_level and school_level not in SchoolLevel.values:
        raise OrgError(_("Cấp học không hợp lệ."))
    if managing_body is not None and (managing_body.pk == school.pk or managing_body.kind != OrgKind.DEPARTMENT):
        raise OrgError(_("Cơ quan quản lý phải là Sở hoặc UBND xã/phường, không phải chính trường."))
    if (
        managing_body is None
        and school_level in COMMUNE_MANAGED_LEVELS
        and above is not None
        and above.kind == OrgKind.DEPARTMENT
        and school.parent_id == above.pk
    ):
        # NĐ 142/2025/NĐ-CP: a THCS, primary or preschool school answers to its commune, not to the Sở above it.
        raise OrgError(
            _(
                "Trường THCS, tiểu học, mầm non do UBND xã/phường quản lý (NĐ 142/2025/NĐ-CP): "
                "chọn UBND xã/phường là cơ quan quản lý."
            )
        )
    old = {"school_level": school.school_level, "managing_body": school.managing_body_id}
    with transaction.atomic():
        school.school_level = school_level
        school.managing_body = managing_body
        school.save(update_fields=["school_level", "managing_body", "updated_at"])
        new = {"school_level": school_level, "managing_body": managing_body.pk if managing_body else None}
        audit.record(
            "org.organisation.managing_body",
            obj=school,
            actor=actor,
            changes={k: [old[k], new[k]] for k in old if old[k] != new[k]},
        )
    return school


def staff_of(organisation: Organisation) -> Any:
    """Return the active staff of a school (or the Department) by name: the choices of every person field."""
    return Person.objects.filter(organisation=organisation, active=True).order_by("full_name", "id")


def units_of(tenant: Organisation) -> Any:
    """Return the units of a school (not the school itself) by name: the choices of every unit field."""
    return Organisation.objects.filter(tenant=tenant).exclude(pk=tenant.pk).order_by("name")


def end_membership(membership: Membership, *, actor: Any, on: dt.date | None = None) -> Membership:
    """End a position (kept in history, not deleted) and forget the holder's cached permissions."""
    if actor is not None and not has_perm(actor, "org.manage", membership.organisation):
        raise OrgError(_("Bạn không có quyền thực hiện thao tác này."))
    membership.end = on or timezone.localdate()
    membership.save(update_fields=["end"])
    user = membership.person.user
    if user is not None:
        clear_cache(user)
    return membership


def unit_lookup(tenant: Organisation) -> dict[str, Organisation]:
    """Return a dictionary from folded unit names, codes and abbreviations to the tenant's units."""
    out: dict[str, Organisation] = {}
    for org in Organisation.objects.filter(tenant=tenant):
        for key in [org.name, org.code, org.short_name, *(org.abbreviations or [])]:
            if key:
                out.setdefault(fold(key), org)
    return out


_POSITION_BY_LABEL = {fold(str(label)): value for value, label in Position.choices}
_POSITION_ALIASES = {
    "ht": Position.HIEU_TRUONG,
    "pht": Position.PHO_HIEU_TRUONG,
    "p hieu truong": Position.PHO_HIEU_TRUONG,
    "ctcd": Position.CHU_TICH_CD,
    "chu tich cong doan": Position.CHU_TICH_CD,
    "btdt": Position.BI_THU_DOAN,
    "bi thu doan truong": Position.BI_THU_DOAN,
    "ttcm": Position.TO_TRUONG_CM,
    "to truong": Position.TO_TRUONG_CM,
    "truong ban ttnd": Position.TRUONG_BAN_TTND,
    "gv": Position.GIAO_VIEN,
    "nv": Position.NHAN_VIEN,
    "nhan vien van thu": Position.VAN_THU,
    "uy vien ttnd": Position.THANH_VIEN_TTND,
    "ktt": Position.KE_TOAN_TRUONG,
}


def parse_position(text: str) -> str | None:
    """Return the Position for a written title ("Phó hiệu trưởng", "PHT", "Tổ trưởng CM"), or None."""
    key = fold(text)
    if key in _POSITION_BY_LABEL:
        return _POSITION_BY_LABEL[key]
    if key in _POSITION_ALIASES:
        return _POSITION_ALIASES[key]
    for label_key, value in sorted(_POSITION_BY_LABEL.items(), key=lambda kv: -len(kv[0])):
        if key.startswith(label_key):
            return value
    return None


# ---------------------------------------------------------------- staff list import/export

STAFF_COLUMNS = ["Họ và tên", "Chức vụ", "Bộ phận", "Email", "Điện thoại"]
_HEADER_KEYS = {
    "name": {"ho va ten", "ho ten", "ten", "name", "full name"},
    "position": {"chuc vu", "chuc danh", "position"},
    "unit": {"bo phan", "don vi", "to", "unit"},
    "email": {"email", "thu dien tu", "e mail"},
    "phone": {"dien thoai", "so dien thoai", "sdt", "phone"},
}
_PHONE_RE = re.compile(r"^\+?[0-9 .\-]{8,15}$")


@dataclass
class StaffRow:
    """One row of an uploaded staff list, with what it will do and its problems."""

    line: int
    name: str
    position_text: str
    unit_text: str
    email: str
    phone: str
    position: str | None = None
    unit_id: int | None = None
    unit_name: str = ""
    errors: list[str] = field(default_factory=list)
    action: str = ""

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def _cell(row: tuple[object, ...], i: int) -> str:
    value = row[i] if i < len(row) else None
    return "" if value is None else str(value).strip()


# A school or the Department has at most a few hundred staff; the preview waits in the session.
MAX_STAFF_ROWS = 3000


def read_staff_xlsx(data: bytes, tenant: Organisation) -> list[StaffRow]:
    """Read a staff list (.xlsx) and check every row against the school, storing nothing."""

    try:
        check_expansion(data)
    except ArchiveTooLarge as exc:
        raise OrgError(exc.message) from None
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types (its InvalidFileException, KeyError, OSError, zip errors)
        raise OrgError(_("Không đọc được tệp Excel (.xlsx): %(err)s") % {"err": exc.__class__.__name__}) from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    columns: dict[str, int] = {}
    header_line = 0
    for header_line, row in enumerate(rows, start=1):
        cells = [fold(str(c)) if c is not None else "" for c in row]
        for key, names in _HEADER_KEYS.items():
            for i, cell in enumerate(cells):
                if cell in names and key not in columns:
                    columns[key] = i
        if "name" in columns:
            break
        columns.clear()
        if header_line >= 10:
            break
    if "name" not in columns:
        raise OrgError(_("Không tìm thấy dòng tiêu đề có cột “Họ và tên” trong 10 dòng đầu của trang tính đầu tiên."))
    units = unit_lookup(tenant)
    existing = {fold(p.full_name): p for p in Person.objects.filter(organisation=tenant)}
    out: list[StaffRow] = []
    for line, row in enumerate(rows, start=header_line + 1):
        values = {key: _cell(row, i) for key, i in columns.items()}
        name = values.get("name", "")
        if not any(values.values()):
            continue
        if len(out) >= MAX_STAFF_ROWS:
            raise OrgError(
                _("Tệp có hơn %(n)d dòng dữ liệu: quá số cán bộ của một trường; hãy kiểm tra lại tệp.")
                % {"n": MAX_STAFF_ROWS}
            )
        r = StaffRow(
            line,
            name,
            values.get("position", ""),
            values.get("unit", ""),
            values.get("email", ""),
            values.get("phone", ""),
        )
        if not name:
            r.errors.append(_("Thiếu họ và tên."))
        if r.position_text:
            r.position = parse_position(r.position_text)
            if r.position is None:
                r.errors.append(_("Chức vụ “%(v)s” không nhận ra.") % {"v": r.position_text})
        else:
            r.position = Position.GIAO_VIEN
        if r.unit_text:
            unit = units.get(fold(r.unit_text))
            if unit is None:
                r.errors.append(_("Bộ phận “%(v)s” không có trong trường.") % {"v": r.unit_text})
            else:
                r.unit_id, r.unit_name = unit.id, unit.name
        else:
            r.unit_id, r.unit_name = tenant.id, tenant.name
        if r.email:
            try:
                validate_email(r.email)
            except ValidationError:
                r.errors.append(_("Email “%(v)s” không hợp lệ.") % {"v": r.email})
        if r.phone and not _PHONE_RE.match(r.phone):
            r.errors.append(_("Số điện thoại “%(v)s” không hợp lệ.") % {"v": r.phone})
        r.action = _("cập nhật") if fold(name) in existing else _("thêm mới")
        out.append(r)
    if not out:
        raise OrgError(_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
    return out


@transaction.atomic
def import_staff(rows: list[dict[str, Any]], tenant: Organisation) -> tuple[int, int]:
    """Store checked rows (all or nothing): create or update people and their memberships."""
    if any(r["errors"] for r in rows):
        raise OrgError(_("Danh sách còn dòng lỗi; hãy sửa tệp rồi tải lên lại."))
    allowed_units = set(Organisation.objects.filter(tenant=tenant).values_list("id", flat=True)) | {tenant.id}
    created = updated = 0
    for r in rows:
        if r["unit_id"] not in allowed_units:
            raise OrgError(_("Dòng %(line)s: bộ phận không thuộc trường.") % {"line": r["line"]})
        person = Person.objects.filter(organisation=tenant, full_name__iexact=r["name"]).first()
        if person is None:
            person = Person.objects.create(organisation=tenant, full_name=r["name"], email=r["email"], phone=r["phone"])
            created += 1
        else:
            changed = []
            for attr in ("email", "phone"):
                if r[attr] and getattr(person, attr) != r[attr]:
                    setattr(person, attr, r[attr])
                    changed.append(attr)
            if changed:
                person.save(update_fields=changed)
            updated += 1
        Membership.objects.get_or_create(
            person=person,
            organisation_id=r["unit_id"],
            position=r["position"],
            defaults={"title": r["position_text"]},
        )
        if person.user_id:
            clear_cache(person.user)
    return created, updated


def export_staff_xlsx(tenant: Organisation) -> bytes:
    """Write the school's staff list (one row per active position) as .xlsx bytes."""

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách cán bộ"
    ws.append(STAFF_COLUMNS)
    for c in ws[1]:
        c.font = openpyxl.styles.Font(bold=True)
    memberships = (
        Membership.objects.active()
        .filter(organisation__tenant=tenant)
        .select_related("person", "organisation")
        .order_by("person__full_name", "position")
    )
    seen: set[int] = set()
    for m in memberships:
        seen.add(m.person_id)
        ws.append(
            safe_row(
                [
                    m.person.full_name,
                    m.title or m.get_position_display(),
                    "" if m.organisation_id == tenant.id else m.organisation.name,
                    m.person.email,
                    m.person.phone,
                ]
            )
        )
    for p in Person.objects.filter(organisation=tenant).exclude(id__in=seen):
        ws.append(safe_row([p.full_name, "", "", p.email, p.phone]))
    for col, width in zip("ABCDE", (32, 30, 28, 30, 16), strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- who holds a permission where


def positions_with(perm: str, *, reach: str = "own") -> list[str]:
    """Return the position kinds whose role grants `perm` on their own tenant (or on its subtree)."""
    return [p for p, g in role_grants().items() if perm in (g.subtree if reach == "subtree" else g.own)]


def users_by_tenant(tenant_ids: Iterable[int], perms: tuple[str, ...], *, reach: str = "own") -> dict[int, list[Any]]:
    """Return {tenant id: active users holding one of `perms` there (in the tenant or one of its units)}, one query."""
    ids = list(tenant_ids)
    positions = sorted({p for perm in perms for p in positions_with(perm, reach=reach)})
    out: dict[int, list[Any]] = {i: [] for i in ids}
    if not ids or not positions:
        return out
    memberships = (
        Membership.objects.active()
        .filter(
            Q(organisation_id__in=ids) | Q(organisation__tenant_id__in=ids),
            position__in=positions,
            person__user__isnull=False,
            person__user__is_active=True,
        )
        .select_related("person__user", "organisation")
    )
    for m in memberships:
        tenant_id = m.organisation_id if m.organisation_id in out else m.organisation.tenant_id
        if tenant_id in out and m.person.user not in out[tenant_id]:
            out[tenant_id].append(m.person.user)
    return out
