"""Public petition pages: pick a school, send a petition, get the receipt, follow it, say whether the reply helped.

No account is needed. What the citizen typed is never lost: every refusal re-renders the form with
their text. The tracking page shows only the kind, the dates, the stage in plain words, the public
timeline lines and the published reply — never the content nor anyone's identity.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.context import acting_as
from danvan.core.downloads import PDF, attachment
from danvan.core.errors import DomainError
from danvan.core.pagecache import render_with_holes
from danvan.core.web import render_page, show_refusal
from danvan.lib import tracking
from danvan.lib.lazy import lazy_module
from danvan.lib.text import fold
from danvan.org.choices import OrgKind
from danvan.org.models import Organisation
from danvan.petitions import antispam
from danvan.petitions.choices import Kind, State
from danvan.petitions.identity import check_phone_last4, has_identity, public_text
from danvan.petitions.intake import CITIZEN, submit_public
from danvan.petitions.models import HeadReceptionDay, Petition, ReceptionPlace
from danvan.petitions.public_forms import (
    LookupForm,
    PetitionForm,
    ReDenounceForm,
    SatisfactionForm,
    SecretLinkForm,
)
from danvan.petitions.services import re_denounce as re_denounce_service
from danvan.petitions.services import re_denunciation_refusal, record_satisfaction
from danvan.privacy import services as privacy
from danvan.privacy.choices import RecordType
from danvan.privacy.rules import NOTICE_VERSION

if TYPE_CHECKING:
    from danvan.petitions import receipt as receipt_pdf
else:  # loaded on first use (danvan/lib/lazy.py): fpdf2 only for a receipt
    receipt_pdf = lazy_module("danvan.petitions.receipt")

SESSION_TRACKED = "petitions_tracked"
SESSION_SECRETS = "petitions_sent_secrets"  # {tracking code: secret} of the petitions sent in this session

# What the citizen reads for each state (plain words, no legal jargon).
PUBLIC_STAGE = {
    State.RECEIVED: gettext_lazy("Nhà trường đã nhận đơn và đang xem xét"),
    State.CLASSIFIED: gettext_lazy("Đơn đã được phân loại, đang xem xét thụ lý"),
    State.ACCEPTED: gettext_lazy("Đơn đã được thụ lý, đang giải quyết"),
    State.NOT_ACCEPTED: gettext_lazy("Đơn không được thụ lý (có thông báo nêu rõ lý do)"),
    State.TRANSFERRED: gettext_lazy("Đơn đã được chuyển đến cơ quan có thẩm quyền"),
    State.GUIDED: gettext_lazy("Bạn được hướng dẫn gửi đơn đến cơ quan có thẩm quyền"),
    State.FILED: gettext_lazy("Đơn được lưu theo quy định"),
    State.VERIFYING: gettext_lazy("Đang xác minh nội dung đơn"),
    State.RESOLVED: gettext_lazy("Đã có quyết định hoặc kết luận giải quyết"),
    State.DECISION_SENT: gettext_lazy("Quyết định hoặc kết luận đã được gửi"),
    State.REPLIED: gettext_lazy("Nhà trường đã trả lời"),
    State.CLOSED: gettext_lazy("Đã kết thúc"),
    # Luật KN Điều 11a (Luật 136/2025/QH15): the decision (Mẫu 14a/14b) is sent to the complainant.
    State.SUSPENDED: gettext_lazy("Việc giải quyết đang tạm đình chỉ (có quyết định gửi bạn)"),
    State.TERMINATED: gettext_lazy("Việc giải quyết đã đình chỉ (có quyết định gửi bạn)"),
}


def _as_citizen() -> Any:
    return acting_as(None, ip_address=None, label=CITIZEN)


def _tenants() -> Any:
    return Organisation.objects.filter(kind__in=[OrgKind.SCHOOL, OrgKind.DEPARTMENT])


def _school_or_404(code: str) -> Any:
    """Return the school (or Department) with this code; kept a minute in the process's memory (read on every
    intake; a renamed school shows its new name within that minute)."""

    cache = caches["local"]
    key = "petitions:public-school:" + hashlib.sha256(code.encode()).hexdigest()[:32]
    org = cache.get(key)
    if org is None:
        org = _tenants().filter(code=code).first()
        if org is None:
            raise Http404
        cache.set(key, org, 60)
    return org


# ====================================================================== sending


@require_GET
def school_picker(request: HttpRequest) -> HttpResponse:
    """List the schools (and the Department) a citizen can send a petition to, with a name search."""
    q = (request.GET.get("q") or "").strip()
    schools = list(_tenants().order_by("kind", "name").only("id", "name", "code", "kind", "place"))
    if q:
        key = fold(q)
        schools = [s for s in schools if key in fold(s.name) or key in fold(s.code or "")]
    return render_page(request, "petitions/public/school_picker.html", {"schools": schools[:100], "q": q})


def _notice_context() -> dict[str, Any]:
    """Return what the personal-data notice on the form shows: its version and the retention of petition files."""
    return {"notice_version": NOTICE_VERSION, "retention_years": privacy.retention_for(RecordType.PETITION).years}


def _notice_version(request: HttpRequest) -> str:
    """Return the notice version the citizen's page showed (a page cached before a new version keeps the old one)."""
    posted = (request.POST.get("privacy_notice") or "").strip()
    return posted if re.fullmatch(r"[\w.-]{1,20}", posted) else NOTICE_VERSION


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, school: str) -> HttpResponse:
    """Show and accept the public petition form of one school."""

    organisation = _school_or_404(school)
    if request.method == "POST":
        form = PetitionForm(request.POST, request.FILES, request=request)
        if form.is_valid():
            try:
                # Checks, route, deadline, code, search index and fingerprints first; then one short write
                # transaction that also counts the address's submissions.
                registered = submit_public(
                    organisation,
                    form.cleaned_data,
                    notice_version=_notice_version(request),
                    count=lambda: antispam.count_submit(request),
                )
            except DomainError as exc:
                show_refusal(request, exc, form)
            except antispam.Rejected as exc:
                form.spam_rejection = exc
                form.add_error(None, exc.message)
            else:
                petition = registered.petition
                antispam.record_submit(
                    request, token=request.POST.get(antispam.TOKEN_FIELD) or "", code=petition.tracking_code
                )
                # The secret goes to the confirmation page through the session, never in a URL (request lines
                # end up in access logs): that page shows it once as the private tracking link.
                _remember(request, petition)
                request.session[SESSION_SECRETS] = {
                    **request.session.get(SESSION_SECRETS, {}),
                    petition.tracking_code: registered.secret,
                }
                return redirect("petitions:public_sent", code=petition.tracking_code)
        if request.FILES:
            form.files_dropped = True
        return render_page(
            request,
            "petitions/public/submit.html",
            {
                "form": form,
                "bound": True,
                "form_token": antispam.issue_token(),
                "school": organisation,
                **_notice_context(),
            },
        )
    # The empty form is the same for every citizen but for the two tokens: rendered once per school and language.
    return render_with_holes(
        request,
        "petitions/public/submit.html",
        {
            "form": SimpleLazyObject(lambda: PetitionForm(request=request)),
            "bound": False,
            "school": organisation,
            **_notice_context(),
        },
        key=f"petitions-submit:{organisation.pk}",
        holes={"form_token": antispam.issue_token},
    )


def _no_referrer(response: HttpResponse, *, policy: str = "no-referrer") -> HttpResponse:
    """Keep the page's address out of other sites' logs, and the page out of caches.

    Pages with a form get "same-origin" instead: under "no-referrer" browsers send `Origin: null` with a form's
    POST, which Django's CSRF check refuses. Their addresses carry no secret, and no other site sees them.
    """
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = policy
    return response


def _rate_limited(request: HttpRequest) -> HttpResponse | None:
    """Count one look-up for the address; return the polite 429 page when it has made too many."""
    try:
        antispam.check_lookup_rate(request)
    except antispam.Rejected as exc:
        return _no_referrer(
            render_page(
                request,
                "petitions/public/track_lookup.html",
                {"form": LookupForm(), "rate_message": exc.message},
                status=429,
            ),
            policy="same-origin",
        )
    return None


def secret_link(request: HttpRequest, petition: Petition, token: str) -> str:
    """Return the private tracking link: the secret rides in the fragment, which browsers never send, so it
    reaches no request line, access log or Referer."""
    return request.build_absolute_uri(reverse("petitions:public_track_link")) + f"#{petition.tracking_code}:{token}"


@require_GET
def sent(request: HttpRequest, code: str) -> HttpResponse:
    """Show the tracking code, the secret link and the receipt download right after sending (same session)."""
    limited = _rate_limited(request)
    if limited is not None:
        return limited
    petition = _tracked_or_redirect(request, code)
    if petition is None:
        return redirect("petitions:public_track")
    token = request.session.get(SESSION_SECRETS, {}).get(petition.tracking_code, "")
    return _no_referrer(
        render_page(
            request,
            "petitions/public/sent.html",
            {
                "petition": petition,
                "secret_link": secret_link(request, petition, token) if token else "",
                "answer_due": _answer_due(petition),
                "has_phone": _has_phone(petition),
                "anonymous_denunciation": petition.kind == Kind.TO_CAO and petition.anonymous,
                "zalo_link_text": _zalo_link_text(petition),
            },
        )
    )


def _zalo_link_text(petition: Petition) -> str:
    """Return what the citizen who chose Zalo sends the OA to receive updates there ("" when not needed)."""
    if not has_identity(petition) or petition.identity.updates_by != "zalo" or petition.identity.zalo_user_id:
        return ""
    return f"DK {petition.tracking_code} {petition.identity.phone[-4:]}"


def _open_with_secret(request: HttpRequest, code: str, token: str, *, keep_secret: bool = False) -> Petition:
    """Return the petition when the secret matches, remembering it in the session; else 404.

    `keep_secret` also keeps the secret in the session, for the confirmation page that shows it again; the
    session store then holds it until the session ends (SESSION_COOKIE_AGE), as it does after sending.
    """
    petition = _petition_by_code(code)
    if not tracking.check_secret(token, petition.secret_hash):
        raise Http404
    _remember(request, petition)
    if keep_secret:
        request.session[SESSION_SECRETS] = {**request.session.get(SESSION_SECRETS, {}), petition.tracking_code: token}
    return petition


@require_GET
def sent_legacy(request: HttpRequest, code: str, token: str) -> HttpResponse:
    """Open a confirmation link of the old form (secret in the path) and move to one without the secret."""
    limited = _rate_limited(request)
    if limited is not None:
        return limited
    petition = _open_with_secret(request, code, token, keep_secret=True)
    return _no_referrer(redirect("petitions:public_sent", code=petition.tracking_code))


def _answer_due(petition: Petition) -> tuple[Any, str] | None:
    """Return (date, basis) of what the citizen waits for first: the deadline of the petition's current step, as
    the tracking page shows it (a denunciation's initial processing: 7 working days, Luật Tố cáo Điều 24;
    otherwise the reply within 10 working days, Luật Tiếp công dân Điều 28), or None without a deadline."""
    if petition.due_on is None:
        return None
    basis = "; ".join(part for part in (petition.deadline_rule, petition.deadline_citation) if part)
    return petition.due_on, basis


def _petition_by_code(code: str) -> Petition:
    code = tracking.normalise_code(code)
    if not tracking.is_valid(code):
        raise Http404
    petition = Petition._base_manager.select_related("organisation").filter(tracking_code=code).first()
    if petition is None:
        raise Http404
    return petition


@require_GET
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    """Return the printable receipt PDF to the session that sent or opened the petition."""
    limited = _rate_limited(request)
    if limited is not None:
        return limited
    petition = _tracked_or_redirect(request, code)
    if petition is None:
        return redirect("petitions:public_track")
    pdf = receipt_pdf.build_receipt(
        receipt_pdf.ReceiptData(
            school_name=petition.organisation.name,
            code=petition.tracking_code,
            received_at=petition.received_at,
            kind_label=str(Kind(petition.kind).label),
            answer_due=_answer_due(petition),
            tracking_url=request.build_absolute_uri(reverse("petitions:public_track")),
            has_phone=_has_phone(petition),
        )
    )
    return _no_referrer(attachment(pdf, f"bien-nhan-{petition.tracking_code}.pdf", PDF))


@require_GET
def receipt_legacy(request: HttpRequest, code: str, token: str) -> HttpResponse:
    """Open a receipt link of the old form (secret in the path) and move to one without the secret."""
    limited = _rate_limited(request)
    if limited is not None:
        return limited
    petition = _open_with_secret(request, code, token)
    return _no_referrer(redirect("petitions:public_receipt", code=petition.tracking_code))


def _has_phone(petition: Petition) -> bool:
    return has_identity(petition) and bool(petition.identity.phone_last4_hash)


# ====================================================================== tracking


def _remember(request: HttpRequest, petition: Petition) -> None:
    tracked = [i for i in request.session.get(SESSION_TRACKED, []) if i != petition.pk][-19:]
    tracked.append(petition.pk)
    request.session[SESSION_TRACKED] = tracked


def _tracked_or_redirect(request: HttpRequest, code: str) -> Petition | None:
    petition = _petition_by_code(code)
    if petition.pk not in request.session.get(SESSION_TRACKED, []):
        return None
    return petition


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Look a petition up with its code and the last four digits of the phone."""

    form = LookupForm(request.POST or None)
    if request.method == "POST":
        try:
            antispam.check_lookup_rate(request)
        except antispam.Rejected as exc:
            form.is_valid()
            form.add_error(None, exc.message)
            return render_page(request, "petitions/public/track_lookup.html", {"form": form}, status=429)
        if form.is_valid():
            petition = Petition._base_manager.filter(tracking_code=form.cleaned_data["code"]).first()
            if petition is not None and check_phone_last4(petition, form.cleaned_data["phone_last4"]):
                _remember(request, petition)
                return _no_referrer(redirect("petitions:public_status", code=petition.tracking_code))
            form.add_error(
                None,
                _(
                    "Không tìm thấy đơn với mã và 4 chữ số này. Vui lòng kiểm tra lại; "
                    "nếu đơn gửi ẩn danh, hãy dùng đường liên kết riêng được cấp khi gửi đơn."
                ),
            )
    return render_page(request, "petitions/public/track_lookup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def track_link(request: HttpRequest) -> HttpResponse:
    """Open the status page through the private link given when the petition was sent.

    The link carries the code and secret in its fragment (#CODE:SECRET); a small script posts them here, so the
    secret never appears in a request line. Without JavaScript the citizen pastes the link into the form.
    """
    form = SecretLinkForm(request.POST or None)
    if request.method == "POST":
        limited = _rate_limited(request)
        if limited is not None:
            return limited
        if form.is_valid():
            code, token = form.cleaned_data["link"]
            try:
                petition = _open_with_secret(request, code, token)
            except Http404:
                form.add_error(
                    None,
                    _(
                        "Đường liên kết riêng không đúng hoặc đã bị cắt mất một phần. "
                        "Vui lòng dán lại toàn bộ đường liên kết."
                    ),
                )
            else:
                return _no_referrer(redirect("petitions:public_status", code=petition.tracking_code))
    return _no_referrer(render_page(request, "petitions/public/track_link.html", {"form": form}), policy="same-origin")


@require_GET
def track_secret(request: HttpRequest, code: str, token: str) -> HttpResponse:
    """Open a secret link of the old form (secret in the path) and move to the status page, which has none."""
    limited = _rate_limited(request)
    if limited is not None:
        return limited
    petition = _open_with_secret(request, code, token)
    return _no_referrer(redirect("petitions:public_status", code=petition.tracking_code))


def public_context(petition: Petition) -> dict[str, Any]:
    """Return everything the tracking page may show — and nothing else."""

    steps = list(petition.steps.filter(public=True).order_by("at", "id").values("at", "public_text"))
    reply = public_text(petition, petition.public_reply) if petition.public_reply else ""
    return {
        "code": petition.tracking_code,
        "school": petition.organisation.name,
        "kind": Kind(petition.kind).label,
        "received_at": petition.received_at,
        "stage": PUBLIC_STAGE.get(petition.state, ""),
        "due_on": petition.due_on if petition.is_open else None,
        "steps": [{"at": s["at"], "text": public_text(petition, s["public_text"])} for s in steps],
        "reply": reply,
        "replied_at": petition.replied_at,
        "satisfaction": petition.get_satisfaction_display() if petition.satisfaction else "",
        "can_give_opinion": petition.state in (State.REPLIED, State.CLOSED)
        and not petition.satisfaction
        and bool(petition.public_reply),
    }


@require_GET
def status(request: HttpRequest, code: str) -> HttpResponse:
    """Show the petition's public status to a visitor who proved they may see it."""
    petition = _tracked_or_redirect(request, code)
    if petition is None:
        return redirect("petitions:public_track")
    ctx = public_context(petition)
    return _no_referrer(
        render_page(
            request,
            "petitions/public/status.html",
            {"p": ctx, "form": SatisfactionForm(), "re_denounce": _re_denounce_box(petition)},
        ),
        policy="same-origin",
    )


def _re_denounce_box(petition: Petition, form: Any = None) -> dict[str, Any] | None:
    """Return the tố cáo tiếp form for a denouncer who may send one now (Luật Tố cáo Điều 37, 38), else None."""

    if petition.kind != Kind.TO_CAO or re_denunciation_refusal(petition):
        return None
    return {"form": form or ReDenounceForm()}


@require_POST
def re_denounce(request: HttpRequest, code: str) -> HttpResponse:
    """Send the denouncer's tố cáo tiếp to the superior body, linked to this denunciation (Luật Tố cáo Điều 37)."""

    petition = _tracked_or_redirect(request, code)
    if petition is None:
        return redirect("petitions:public_track")
    box = _re_denounce_box(petition, ReDenounceForm(request.POST))
    if box is None:
        messages.info(request, _("Hiện không thể gửi tố cáo tiếp cho đơn này."))
        return redirect("petitions:public_status", code=petition.tracking_code)
    form = box["form"]
    if form.is_valid():
        try:
            antispam.check_lookup_rate(request)
            with _as_citizen():
                second = re_denounce_service(petition, actor=None, content=form.cleaned_data["content"]).petition
        except antispam.Rejected as exc:
            form.add_error(None, exc.message)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            _remember(request, second)
            messages.success(
                request,
                _("Tố cáo tiếp đã được gửi đến %(org)s, mã theo dõi %(code)s.")
                % {"org": second.organisation.name, "code": second.tracking_code},
            )
            return redirect("petitions:public_status", code=petition.tracking_code)
    return render_page(
        request,
        "petitions/public/status.html",
        {"p": public_context(petition), "form": SatisfactionForm(), "re_denounce": box},
    )


@require_POST
def opinion(request: HttpRequest, code: str) -> HttpResponse:
    """Record the citizen's satisfaction with the reply."""

    petition = _tracked_or_redirect(request, code)
    if petition is None:
        return redirect("petitions:public_track")
    form = SatisfactionForm(request.POST)
    ctx = public_context(petition)
    if not ctx["can_give_opinion"]:
        messages.info(request, _("Ý kiến chỉ ghi được một lần, sau khi nhà trường đã trả lời."))
        return redirect("petitions:public_status", code=petition.tracking_code)
    if form.is_valid():
        try:
            with _as_citizen():
                record_satisfaction(
                    petition, actor=None, satisfaction=form.cleaned_data["satisfaction"], note=form.cleaned_data["note"]
                )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Cảm ơn bạn đã cho ý kiến."))
            return redirect("petitions:public_status", code=petition.tracking_code)
    return render_page(request, "petitions/public/status.html", {"p": ctx, "form": form})


# ====================================================================== the head's reception schedule


@require_GET
def head_schedule(request: HttpRequest, school: str) -> HttpResponse:
    """Publish the school's upcoming head reception days (NĐ 154/2026/NĐ-CP Điều 11(2)(b), (c)).

    Only what the decree says to publish: the reception place and regular hours (Điều 11(2)(a)); of each head's
    day the date, hours, place, the head receiving, participants and planned content. Nothing about any citizen
    or reception is read here.
    """

    organisation = _school_or_404(school)
    place = ReceptionPlace.objects.filter(organisation=organisation).only("place", "regular_hours").first()
    days = list(
        HeadReceptionDay.objects.filter(organisation=organisation, cancelled=False, date__gte=timezone.localdate())
        .select_related("head")
        .only("date", "start_time", "end_time", "place", "participants", "content", "session_kind", "head__full_name")
        .order_by("date", "start_time")[:12]
    )
    return render_page(
        request, "petitions/public/head_schedule.html", {"school": organisation, "days": days, "place": place}
    )
