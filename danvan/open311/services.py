"""Open311 GeoReport v2 rules: partner keys, jurisdictions, the service list, and public request records.

Every answer here is public (no sign-in): it holds only what the citizen's tracking page may show — never the
petitioner's identity, never the content of any petition (a denunciation's least of all), status notes only
from the public timeline lines, masked like the tracking page (`identity.public_text`). A partner's request
goes through the public intake (`petitions.intake.submit_public`) after the public form's own validation.
Specification: GeoReport v2, http://wiki.open311.org/GeoReport_v2 (docs/open311.md lists where we differ).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import audit, ratelimit
from danvan.core.errors import STATUS_FOR_CODE, DomainError
from danvan.core.params import MAX_ID, MAX_YEAR, MIN_YEAR, parse_int
from danvan.core.scoping import has_perm
from danvan.open311 import permissions
from danvan.open311.models import PartnerKey, PartnerRequest
from danvan.org.choices import OrgKind
from danvan.org.models import Organisation
from danvan.petitions import antispam
from danvan.petitions.choices import OPEN_STATES, IdentityVisibility, Kind
from danvan.petitions.identity import public_text
from danvan.petitions.intake import submit_public
from danvan.petitions.models import Petition, PetitionStep
from danvan.petitions.public_forms import ACCUSED_ROLE_CHOICES, IDENTITY_CHOICES, PUBLIC_KINDS, PetitionForm
from danvan.privacy.rules import NOTICE_VERSION

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-07T00:00:00+07:00"  # when the service list or definitions last changed (discovery)
MAX_RESULTS = 200  # a list answers at most this many requests, newest first (narrow with dates for more)
MAX_SPAN = dt.timedelta(days=90)  # GeoReport v2: start_date – end_date "may not span more than 90 days"
KEY_PREFIX = "o311_"
MANAGE_PERM = permissions.MANAGE
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,40}")
_KEY = re.compile(re.escape("o311_") + r"[A-Za-z0-9_-]{40,60}")
_SERVICE_CODE = re.compile(r"[a-z0-9-]{1,40}")
_MAX_CODE = 40  # Organisation.code's length


class Open311Error(DomainError):
    """A refusal in the specification's error format: an HTTP status and one or more descriptions."""

    def __init__(self, status: int, *descriptions: Any) -> None:
        code = next((c for c, s in STATUS_FOR_CODE.items() if s == status), None)
        if code is None:
            raise ValueError(f"no domain error code answers HTTP {status}")
        super().__init__("; ".join(str(d) for d in descriptions), code=code)
        self.descriptions = [str(d) for d in descriptions]


# ====================================================================== partner keys


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(organisation: Organisation, *, actor: Any, name: str) -> tuple[PartnerKey, str]:
    """Create a partner app's key bound to `organisation`; return it and the key, shown only this once.

    `actor` None is the console (`danvan open311 key create`), which is the server's administrator.
    """
    if not organisation.is_tenant:
        raise Open311Error(400, _("Khóa Open311 chỉ cấp cho một trường hoặc Sở."))
    if actor is not None and not has_perm(actor, MANAGE_PERM, organisation):
        raise Open311Error(403, _("Bạn không có quyền quản lý khóa Open311 của đơn vị này."))
    name = (name or "").strip()
    if not name or len(name) > 100 or "\x00" in name:
        raise Open311Error(400, _("Tên ứng dụng đối tác: ghi từ 1 đến 100 ký tự."))
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    partner = PartnerKey(organisation=organisation, name=name, key_hash=_hash(key), prefix=key[:12], created_by=actor)
    # One trail entry with the new values and the reason (the hash is redacted), not "created" then "key created".
    audit.name_creation(partner, "open311.key.created", actor=actor, message=f"{name} ({partner.prefix}…)")
    partner.save()
    return partner, key


def revoke_key(partner: PartnerKey, *, actor: Any) -> PartnerKey:
    """Revoke a key at once: the partner app can no longer send petitions (its requests stay)."""
    if actor is not None and not has_perm(actor, MANAGE_PERM, partner.organisation):
        raise Open311Error(403, _("Bạn không có quyền quản lý khóa Open311 của đơn vị này."))
    if partner.revoked_at is not None:
        return partner
    with transaction.atomic():
        partner.revoked_at = timezone.now()
        partner.save(update_fields=["revoked_at", "updated_at"])
        audit.record("open311.key.revoked", obj=partner, actor=actor, message=f"{partner.name} ({partner.prefix}…)")
    return partner


def authenticate(raw: str | None) -> PartnerKey:
    """Return the usable key matching `raw`, or raise 403 (missing, unknown, revoked: one answer for all)."""
    raw = (raw or "").strip()
    partner = None
    if _KEY.fullmatch(raw):
        partner = PartnerKey.objects.usable().select_related("organisation").filter(key_hash=_hash(raw)).first()
    if partner is None:
        raise Open311Error(403, _("api_key không hợp lệ hoặc đã bị thu hồi: không thể gửi đơn."))
    now = timezone.now()
    if partner.last_used_at is None or now - partner.last_used_at > dt.timedelta(minutes=1):
        PartnerKey.objects.filter(pk=partner.pk).update(last_used_at=now)  # use, not a business change: no audit
    return partner


# ====================================================================== jurisdictions and services


def jurisdictions() -> QuerySet[Organisation]:
    """Return the organisations that are jurisdictions: every school and the Department."""
    return Organisation.objects.filter(kind__in=[OrgKind.SCHOOL, OrgKind.DEPARTMENT]).order_by("kind", "name")


def jurisdiction(code: str | None) -> Organisation:
    """Return the jurisdiction named by `jurisdiction_id`; 400 when missing, 404 when unknown."""
    code = (code or "").strip()
    if not code:
        raise Open311Error(400, _("Thiếu jurisdiction_id: ghi ký hiệu của trường hoặc Sở (xem discovery)."))
    org = None
    if len(code) <= _MAX_CODE and "\x00" not in code:
        org = jurisdictions().filter(code=code).first()
    if org is None:
        raise Open311Error(404, _("jurisdiction_id không tồn tại: %(code)s") % {"code": code[:_MAX_CODE]})
    return org


@dataclass(frozen=True)
class Attribute:
    """One attribute of a service definition, bound to one field of the public form."""

    code: str
    field: str
    datatype: str
    required: bool
    description: str
    values: list[tuple[str, Any]] = field(default_factory=list)


# The public form's fields that GeoReport v2 has no standard parameter for (description, first_name, last_name,
# phone and email are standard). The codes are Vietnamese without diacritics, as the interface's URLs.
ATTRIBUTES = [
    Attribute(
        "danh_tinh",
        "identity_choice",
        "singlevaluelist",
        True,
        "Về tên của người gửi (Luật Tố cáo 2018 Điều 47: danh tính người tố cáo được giữ bí mật)",
        [(str(v), label) for v, label in IDENTITY_CHOICES],
    ),
    Attribute("tom_tat", "subject", "string", False, "Tóm tắt (một dòng, không bắt buộc)"),
    Attribute(
        "doi_tuong",
        "accused_role",
        "singlevaluelist",
        False,
        "Đơn nói về ai",
        [(str(v), label) for v, label in ACCUSED_ROLE_CHOICES if v],
    ),
    Attribute(
        "nguoi_viec_bi_khieu_nai_to_cao",
        "accused_text",
        "string",
        False,
        "Người hoặc việc bị khiếu nại, tố cáo (nếu có)",
    ),
    Attribute("dia_chi", "address", "string", False, "Địa chỉ của người gửi (không bắt buộc khi gửi ẩn danh)"),
]

# What a form field is called in the request the partner sent, to name it in an error.
PARAM_OF_FIELD = {
    "kind": "service_code",
    "content": "description",
    "full_name": "first_name, last_name",
    "phone": "phone",
    "email": "email",
    **{a.field: f"attribute[{a.code}]" for a in ATTRIBUTES},
}


def _public_kinds() -> dict[str, Any]:
    return {str(code): label for code, label in PUBLIC_KINDS}


def services() -> list[dict[str, Any]]:
    """Return the service list: the kinds of petition the public form offers."""
    return [
        {
            "service_code": code,
            "service_name": str(Kind(code).label),
            "description": str(label),
            "metadata": True,
            "type": "realtime",
            "keywords": "đơn thư, " + str(Kind(code).label).lower(),
            "group": "don-thu",
        }
        for code, label in _public_kinds().items()
    ]


def service_definition(code: str) -> dict[str, Any]:
    """Return a service's definition: the public form's attributes, in its order; 404 for an unknown code."""
    if code not in _public_kinds():
        raise Open311Error(404, _("service_code không tồn tại: %(code)s") % {"code": code[:40]})
    return {
        "service_code": code,
        "attributes": [
            {
                "variable": True,
                "code": a.code,
                "datatype": a.datatype,
                "required": a.required,
                "datatype_description": "",
                "order": i,
                "description": a.description,
                **({"values": [{"key": k, "name": str(name)} for k, name in a.values]} if a.values else {}),
            }
            for i, a in enumerate(ATTRIBUTES, start=1)
        ],
    }


# ====================================================================== reading requests


def in_jurisdiction(org: Organisation) -> QuerySet[Petition]:
    """Return the petitions a jurisdiction answers for: those in its books (a denunciation of a school's head is
    the managing body's, never the school's — Luật Tố cáo 2018 Điều 12, 47)."""
    return Petition.objects.in_books_of(org)


def _stamp(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _expected(petition: Petition) -> str | None:
    if not petition.is_open or petition.due_on is None:
        return None
    end_of_day = dt.datetime.combine(petition.due_on, dt.time(23, 59, 59), tzinfo=timezone.get_current_timezone())
    return end_of_day.isoformat(timespec="seconds")


def _status_notes(petition: Petition) -> str:
    steps = petition.public_steps  # prefetched, newest first
    if not steps:
        return ""
    # The tracking code is half of what opens the citizen's tracking page (with the phone's last digits): a public
    # list never hands it out, though the first timeline line quotes it.
    return public_text(petition, steps[0].public_text).replace(petition.tracking_code, "[mã theo dõi]")


def record(petition: Petition) -> dict[str, Any]:
    """Return one request as GeoReport v2 writes it, with only the public fields (no description, no address)."""
    return {
        "service_request_id": petition.pk,
        "status": "open" if petition.state in OPEN_STATES else "closed",
        "status_notes": _status_notes(petition),
        "service_name": str(Kind(petition.kind).label),
        "service_code": petition.kind,
        "agency_responsible": petition.handling_body.name,
        "service_notice": petition.deadline_rule if petition.is_open and petition.due_on else "",
        "requested_datetime": _stamp(petition.received_at),
        "updated_datetime": _stamp(petition.updated_at),
        "expected_datetime": _expected(petition),
    }


def _records(qs: QuerySet[Petition]) -> list[dict[str, Any]]:
    steps = PetitionStep.objects.filter(public=True).exclude(public_text="").order_by("-at", "-id")
    rows = (
        qs.select_related("handling_body", "identity")
        .prefetch_related(Prefetch("steps", queryset=steps, to_attr="public_steps"))
        .order_by("-received_at", "-id")[:MAX_RESULTS]
    )
    return [record(p) for p in rows]


def _parse_when(name: str, value: str) -> dt.datetime:
    """Parse a w3 datetime (2026-12-01T00:00:00Z or +07:00; a date alone is local midnight)."""
    text = value.strip()
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except (ValueError, OverflowError):
        when = None
    if when is None or not MIN_YEAR <= when.year <= MAX_YEAR:
        raise Open311Error(
            400,
            _("%(name)s phải là ngày giờ theo ISO 8601 từ năm %(a)d đến %(b)d, ví dụ 2026-12-01T00:00:00+07:00.")
            % {"name": name, "a": MIN_YEAR, "b": MAX_YEAR},
        )
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    return when


def _csv(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


@dataclass(frozen=True)
class RequestQuery:
    """The filters of GET requests: ids (which override the rest), service codes, date range, statuses."""

    ids: list[int]
    codes: list[str]
    start: dt.datetime
    end: dt.datetime
    statuses: list[str]


def parse_query(params: Any, *, now: dt.datetime | None = None) -> RequestQuery:
    """Read GET requests' parameters; raise 400 naming the parameter for any bad value."""
    ids: list[int] = []
    for raw in _csv(params.get("service_request_id"))[: MAX_RESULTS + 1]:
        value = parse_int(raw, minimum=1, maximum=MAX_ID)
        if value is None:
            raise Open311Error(400, _("service_request_id phải là các số, cách nhau bằng dấu phẩy."))
        ids.append(value)
    if len(ids) > MAX_RESULTS:
        raise Open311Error(400, _("Chỉ hỏi được tối đa %(n)d service_request_id một lần.") % {"n": MAX_RESULTS})
    codes = _csv(params.get("service_code"))
    bad = [c for c in codes if not _SERVICE_CODE.fullmatch(c)]
    if bad:
        raise Open311Error(400, _("service_code không hợp lệ (xem services)."))
    statuses = [s.lower() for s in _csv(params.get("status"))]
    if any(s not in ("open", "closed") for s in statuses):
        raise Open311Error(400, _("status chỉ nhận open, closed (cách nhau bằng dấu phẩy)."))
    now = now or timezone.now()
    start_raw, end_raw = params.get("start_date"), params.get("end_date")
    end = _parse_when("end_date", end_raw) if end_raw else None
    start = _parse_when("start_date", start_raw) if start_raw else None
    if start is None:
        end = now if end is None else end
        start = end - MAX_SPAN
    elif end is None:
        end = min(start + MAX_SPAN, now) if start + MAX_SPAN > start else now
    if end < start:
        raise Open311Error(400, _("end_date phải sau start_date."))
    if end - start > MAX_SPAN:
        raise Open311Error(400, _("Khoảng start_date – end_date không được quá 90 ngày."))
    return RequestQuery(ids=ids, codes=codes, start=start, end=end, statuses=statuses)


def list_requests(org: Organisation, query: RequestQuery) -> list[dict[str, Any]]:
    """Return the jurisdiction's requests matching the query, newest first, at most MAX_RESULTS."""
    qs = in_jurisdiction(org)
    if query.ids:
        return _records(qs.filter(pk__in=query.ids))
    qs = qs.filter(received_at__gte=query.start, received_at__lte=query.end)
    if query.codes:
        qs = qs.filter(kind__in=query.codes)
    if set(query.statuses) == {"open"}:
        qs = qs.filter(state__in=OPEN_STATES)
    elif set(query.statuses) == {"closed"}:
        qs = qs.exclude(state__in=OPEN_STATES)
    return _records(qs)


def get_request(org: Organisation, request_id: str) -> list[dict[str, Any]]:
    """Return the one request (as a one-element list, as the specification does); 404 outside the jurisdiction."""
    pk = parse_int(request_id, minimum=1, maximum=MAX_ID)
    rows = _records(in_jurisdiction(org).filter(pk=pk)) if pk is not None else []
    if not rows:
        raise Open311Error(404, _("Không có yêu cầu %(id)s trong jurisdiction này.") % {"id": request_id[:20]})
    return rows


def token_lookup(org: Organisation, token: str) -> list[dict[str, Any]]:
    """Return [{service_request_id, token}] for a partner's token; 404 when unknown or outside the jurisdiction."""
    found = None
    if _TOKEN.fullmatch(token):
        found = (
            PartnerRequest.objects.filter(token=token, petition__in=in_jurisdiction(org))
            .values_list("petition_id", flat=True)
            .first()
        )
    if found is None:
        raise Open311Error(404, _("Không có token này trong jurisdiction này."))
    return [{"service_request_id": found, "token": token}]


def check_read_rate(request: Any) -> None:
    """Count one read from the client's address; 429 when it has made too many."""
    limits = getattr(settings, "DANVAN_OPEN311_READ_LIMITS", ((60, 120), (3600, 2000)))
    decision = ratelimit.hit("open311-read", ratelimit.client_ip(request), limits)
    if not decision.allowed:
        raise Open311Error(
            429, _("Quá nhiều yêu cầu từ địa chỉ này; thử lại sau %(m)d phút.") % {"m": decision.retry_minutes}
        )


# ====================================================================== creating a request


class PartnerPetitionForm(PetitionForm):
    """The public form, sent by a partner app: the same fields and checks; the key's limit replaces the
    browser-only checks (the honeypot and the signed time token) and the per-address limit (a partner's server
    sends for many citizens from one address)."""

    def __init__(self, *args: Any, partner: PartnerKey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partner = partner

    def check_spam(self) -> None:
        """Skip the browser-only checks: the key's limit is counted when the petition is stored (count_partner)."""


def count_partner(partner: PartnerKey) -> None:
    """Count one submission against the key's sliding windows; raise antispam.Rejected when it is spent.

    Called inside the transaction that stores the petition (petitions.intake.store_public), so a refused or
    failed send writes nothing and its count goes back with the rollback."""
    limits = getattr(settings, "DANVAN_OPEN311_SUBMIT_LIMITS", ((3600, 60), (86400, 500)))
    decision = ratelimit.hit("open311-submit", partner.prefix, limits)
    if not decision.allowed:
        raise antispam.Rejected(
            _("Ứng dụng đối tác đã gửi quá số đơn cho phép; thử lại sau %(m)d phút.") % {"m": decision.retry_minutes},
            "rate",
        )


def form_data(params: Any) -> dict[str, str]:
    """Map GeoReport v2 POST parameters onto the public form's fields."""
    content = (params.get("description") or "").strip()
    place = (params.get("address_string") or "").strip()
    if place:
        # Where it happened (GeoReport's location) is part of what the citizen tells, not their own address.
        content = f"{content}\n\nĐịa điểm: {place[:255]}"
    # Vietnamese names are written family name first: last_name (họ, tên đệm) then first_name (tên).
    full_name = " ".join(
        v for v in ((params.get("last_name") or "").strip(), (params.get("first_name") or "").strip()) if v
    )
    data = {
        "kind": params.get("service_code") or "",
        "content": content,
        "full_name": full_name,
        "phone": params.get("phone") or "",
        "email": params.get("email") or "",
    }
    for a in ATTRIBUTES:
        data[a.field] = params.get(f"attribute[{a.code}]") or ""
    return data


def _form_errors(form: PetitionForm) -> list[str]:
    out = []
    for name, errors in form.errors.items():
        param = PARAM_OF_FIELD.get(name, "")
        out += [f"{param}: {e}" if param else str(e) for e in errors]
    return out


def _check_location(params: Any) -> None:
    """Refuse lat/long that are not coordinates (they are not stored: the school is the place)."""
    for name, limit in (("lat", 90), ("long", 180)):
        raw = params.get(name)
        if raw in (None, ""):
            continue
        try:
            value = float(raw)
        except (TypeError, ValueError):
            value = None
        if value is None or not -limit <= value <= limit:
            raise Open311Error(400, _("%(name)s phải là số từ -%(n)d đến %(n)d.") % {"name": name, "n": limit})


@dataclass(frozen=True)
class Created:
    """What POST requests answers: the request's id, the partner's token and a notice."""

    petition: Petition
    token: str
    notice: str

    def as_record(self) -> dict[str, Any]:
        """Return the answer as GeoReport v2 writes it."""
        return {
            "service_request_id": self.petition.pk,
            "token": self.token,
            "service_notice": self.notice,
            "account_id": None,
        }


def create_request(partner: PartnerKey, params: Any) -> Created:
    """Validate a partner's request with the public form and register it through the public intake."""
    org = partner.organisation
    asked = (params.get("jurisdiction_id") or "").strip()
    if asked and asked != org.code:
        raise Open311Error(403, _("api_key này chỉ gửi đơn đến jurisdiction %(code)s.") % {"code": org.code})
    code = (params.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, _("Thiếu service_code (xem services)."))
    if code not in _public_kinds():
        raise Open311Error(400, _("service_code không tồn tại: %(code)s") % {"code": code[:40]})
    _check_location(params)
    form = PartnerPetitionForm(form_data(params), partner=partner)
    if not form.is_valid():
        raise Open311Error(400, *_form_errors(form))
    label = f"Ứng dụng đối tác {partner.name} ({partner.prefix}…) qua Open311"
    try:
        with transaction.atomic():
            registered = submit_public(
                org, form.cleaned_data, notice_version=NOTICE_VERSION, label=label, count=lambda: count_partner(partner)
            )
            petition = registered.petition
            token = secrets.token_urlsafe(24)
            PartnerRequest.objects.create(key=partner, petition=petition, token=token)
            audit.record(
                "open311.request.created", obj=petition, actor=None, message=f"{partner.name} ({partner.prefix}…)"
            )
    except antispam.Rejected as exc:
        raise Open311Error(429, exc.message) from None
    notice = _("Đã nhận đơn, mã theo dõi %(code)s.") % {"code": petition.tracking_code}
    if petition.routed_away:
        notice += " " + _("Đơn được chuyển thẳng đến %(body)s (jurisdiction_id %(code)s) theo thẩm quyền.") % {
            "body": petition.handling_body.name,
            "code": petition.handling_body.code,
        }
    if petition.due_on:
        notice += " " + _("Hạn: %(date)s (%(rule)s).") % {
            "date": f"{petition.due_on:%d/%m/%Y}",
            "rule": petition.deadline_rule,
        }
    if petition.identity_visibility == IdentityVisibility.ANONYMOUS and petition.kind == Kind.TO_CAO:
        notice += " " + _("Tố cáo ẩn danh có thể không được xử lý như một tố cáo (Luật Tố cáo 2018 Điều 25).")
    return Created(petition=petition, token=token, notice=notice)
