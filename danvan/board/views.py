"""Pages of the People's Inspection Board (thin doors onto services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.board import choices as c
from danvan.board import forms, permissions, services
from danvan.board.filters import RecommendationFilter
from danvan.board.models import (
    BoardProgramme,
    BoardRecommendation,
    BoardReport,
    BoardTerm,
    ProgrammeItem,
    StaffFeedback,
)
from danvan.core.errors import DomainError
from danvan.core.scoping import has_perm
from danvan.core.tenancy import chosen_tenant, tenants_for
from danvan.core.web import check_object_perm, get_visible_or_404, paginate, render_page, require_perm, show_refusal
from danvan.lib.dates import as_date
from danvan.org.services import staff_of
from danvan.petitions.stats import outcomes_for_board

VIEW, MANAGE, CONCERN = permissions.VIEW, permissions.MANAGE, permissions.CONCERN
ANSWER = "petitions.decide"  # the head settles the board's recommendations (petitions.permissions.DECIDE)


def _org_required(org: Any) -> None:
    if org is None:
        raise Http404


def _board_only(request: HttpRequest, org: Any) -> None:
    """Refuse (403) the head of the unit on the board's own work (staff feedback, recommendations)."""
    if not services.is_board(request.user, org):
        raise PermissionDenied


# ====================================================================== home


@require_GET
@require_perm(VIEW)
def home(request: HttpRequest) -> HttpResponse:
    """Show the board of a school: current term, programmes, feedback, recommendations, reports."""
    org, orgs = chosen_tenant(request, VIEW)
    _org_required(org)
    term = services.current_term(org)
    members = services.ordered_members(term) if term else []
    today = timezone.localdate()
    recs = list(BoardRecommendation.objects.filter(organisation=org).order_by("-sent_on", "-id")[:10])
    return render_page(
        request,
        "board/home.html",
        {
            "org": org,
            "orgs": orgs,
            "term": term,
            "members": members,
            "today": today,
            "past_terms": BoardTerm.objects.filter(organisation=org).exclude(pk=getattr(term, "pk", None))[:5],
            "programmes": BoardProgramme.objects.filter(organisation=org)[:10],
            "feedback": _with_sender(
                request, org, StaffFeedback.objects.filter(organisation=org).select_related("person")[:10]
            ),
            "recommendations": [(r, r.days_left(today), r.colour(today)) for r in recs],
            "reports": BoardReport.objects.filter(organisation=org)[:10],
            "can_manage": has_perm(request.user, MANAGE, org),
            "is_board": services.is_board(request.user, org),
            "staff_size": services.staff_size(org),
            "min_staff": c.MIN_STAFF_FOR_BOARD,
        },
    )


# ====================================================================== terms


@require_http_methods(["GET", "POST"])
@require_perm(MANAGE)
def term_create(request: HttpRequest) -> HttpResponse:
    """Record a board elected at the staff conference."""
    org, _orgs = chosen_tenant(request, MANAGE)
    _org_required(org)
    form = forms.TermForm(request.POST or None, staff=staff_of(org))
    if request.method == "POST" and form.is_valid():
        try:
            term = services.create_term(
                org,
                actor=request.user,
                elected_on=form.cleaned_data["elected_on"],
                starts_on=form.cleaned_data["starts_on"],
                conference=form.cleaned_data["conference"],
                members=form.member_list(),
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Đã ghi nhận Ban thanh tra nhân dân nhiệm kỳ mới."))
            return redirect("board:term_detail", pk=term.pk)
    return render_page(
        request, "board/term_form.html", {"form": form, "org": org, "staff_size": services.staff_size(org)}
    )


@require_GET
@require_perm(VIEW)
def term_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a term, its members and the union's recognition."""
    term = get_visible_or_404(BoardTerm.objects.select_related("organisation"), request.user, VIEW, pk=pk)
    members = services.ordered_members(term)
    return render_page(
        request,
        "board/term_detail.html",
        {
            "term": term,
            "members": members,
            "recognise_form": forms.RecogniseForm(),
            "can_manage": has_perm(request.user, MANAGE, term.organisation),
        },
    )


@require_http_methods(["GET", "POST"])
@require_perm(MANAGE)
def term_members(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the members of a term after a by-election, keeping Điều 60's rules."""
    term = get_visible_or_404(BoardTerm.objects.select_related("organisation"), request.user, VIEW, pk=pk)
    check_object_perm(request.user, MANAGE, term.organisation)
    members = services.ordered_members(term)
    initial = {
        "head": next((m.person_id for m in members if m.role == c.BoardRole.HEAD), None),
        "deputies": [m.person_id for m in members if m.role == c.BoardRole.DEPUTY],
        "members": [m.person_id for m in members if m.role == c.BoardRole.MEMBER],
    }
    form = forms.MembersForm(request.POST or None, initial=initial, staff=staff_of(term.organisation))
    if request.method == "POST" and form.is_valid():
        try:
            services.set_members(term, actor=request.user, members=form.member_list())
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Đã cập nhật thành viên."))
            return redirect("board:term_detail", pk=term.pk)
    return render_page(
        request,
        "board/form.html",
        {"form": form, "org": term.organisation, "title": _("Thành viên %(t)s") % {"t": term}},
    )


@require_POST
@require_perm(MANAGE)
def term_recognise(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the union executive's recognition of the election."""
    term = get_visible_or_404(BoardTerm.objects.select_related("organisation"), request.user, VIEW, pk=pk)
    check_object_perm(request.user, MANAGE, term.organisation)
    form = forms.RecogniseForm(request.POST)
    if form.is_valid():
        try:
            services.recognise_term(term, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Đã ghi nhận việc công nhận kết quả bầu."))
        except DomainError as exc:
            show_refusal(request, exc)
    else:
        messages.error(request, _("Ngày công nhận không hợp lệ."))
    return redirect("board:term_detail", pk=term.pk)


# ====================================================================== programmes


@require_http_methods(["GET", "POST"])
@require_perm(MANAGE)
def programme_create(request: HttpRequest) -> HttpResponse:
    """Draft a quarterly, 6-month or annual work programme."""
    org, _orgs = chosen_tenant(request, MANAGE)
    _org_required(org)
    form = forms.ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            programme = services.create_programme(
                org,
                actor=request.user,
                period=d["period"],
                year=d["year"],
                number=d["number"],
                title=d["title"],
                items=d["items"].splitlines(),
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            return redirect("board:programme_detail", pk=programme.pk)
    return render_page(request, "board/form.html", {"form": form, "org": org, "title": _("Chương trình công tác")})


@require_GET
@require_perm(VIEW)
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a programme with its activities and allowed actions."""
    programme = get_visible_or_404(BoardProgramme.objects.select_related("organisation"), request.user, VIEW, pk=pk)
    actions = [(a, c.ProgrammeAction(a).label) for a in c.allowed_actions(c.PROGRAMME_TRANSITIONS, programme.status)]
    return render_page(
        request,
        "board/programme_detail.html",
        {
            "programme": programme,
            "items": programme.items.all(),
            "actions": actions,
            "can_manage": has_perm(request.user, MANAGE, programme.organisation),
        },
    )


@require_POST
@require_perm(MANAGE)
def programme_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """Adopt, reopen or close a programme."""
    programme = get_visible_or_404(BoardProgramme.objects.select_related("organisation"), request.user, VIEW, pk=pk)
    check_object_perm(request.user, MANAGE, programme.organisation)
    try:
        services.transition_programme(programme, request.POST.get("action", ""), actor=request.user)
        messages.success(request, _("Đã cập nhật trạng thái chương trình."))
    except DomainError as exc:
        show_refusal(request, exc)
    return redirect("board:programme_detail", pk=programme.pk)


@require_POST
@require_perm(MANAGE)
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an activity to a programme."""
    programme = get_visible_or_404(BoardProgramme.objects.select_related("organisation"), request.user, VIEW, pk=pk)
    check_object_perm(request.user, MANAGE, programme.organisation)
    try:
        services.add_item(
            programme,
            actor=request.user,
            content=request.POST.get("content", ""),
            timing=request.POST.get("timing", ""),
        )
    except DomainError as exc:
        show_refusal(request, exc)
    return redirect("board:programme_detail", pk=programme.pk)


@require_POST
@require_perm(MANAGE)
def item_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a programme activity done or not done."""
    item = get_visible_or_404(
        ProgrammeItem.objects.select_related("programme__organisation"), request.user, VIEW, pk=pk
    )
    check_object_perm(request.user, MANAGE, item.programme.organisation)
    services.set_item_done(item, request.POST.get("done") == "1", actor=request.user)
    return redirect("board:programme_detail", pk=item.programme_id)


# ====================================================================== staff feedback


@require_GET
@require_perm(VIEW)
def feedback_list(request: HttpRequest) -> HttpResponse:
    """List staff recommendations received by the board."""
    org, orgs = chosen_tenant(request, VIEW)
    _org_required(org)
    qs = StaffFeedback.objects.filter(organisation=org).select_related("person").order_by("-received_on", "-id")
    status = request.GET.get("status", "")
    if status in c.FeedbackStatus.values:
        qs = qs.filter(status=status)
    page = paginate(request, qs)
    return render_page(
        request,
        "board/feedback_list.html",
        {
            "org": org,
            "orgs": orgs,
            "page": page,
            "rows": _with_sender(request, org, page.object_list),
            "status": status,
            "statuses": c.FeedbackStatus.choices,
            "can_manage": services.is_board(request.user, org),
            "can_settle": has_perm(request.user, ANSWER, org),
            "today": timezone.localdate(),
        },
    )


def _with_sender(request: HttpRequest, org: Any, feedback: Any) -> list[tuple[StaffFeedback, bool]]:
    """Pair each concern with whether the user may see its sender (services.shows_sender, computed once)."""
    shows = services.sender_visibility(request.user, org)
    return [(fb, shows(fb)) for fb in feedback]


@require_http_methods(["GET", "POST"])
@require_perm(MANAGE)
def feedback_create(request: HttpRequest) -> HttpResponse:
    """Record a staff kiến nghị, phản ánh."""
    org, _orgs = chosen_tenant(request, MANAGE)
    _org_required(org)
    _board_only(request, org)
    form = forms.FeedbackForm(request.POST or None, staff=staff_of(org))
    if request.method == "POST" and form.is_valid():
        try:
            fb = services.receive_feedback(org, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            return redirect("board:feedback_detail", pk=fb.pk)
    return render_page(
        request, "board/form.html", {"form": form, "org": org, "title": _("Tiếp nhận kiến nghị, phản ánh")}
    )


@require_GET
@require_perm(VIEW)
def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a staff recommendation and its result."""
    fb = get_visible_or_404(StaffFeedback.objects.select_related("organisation", "person"), request.user, VIEW, pk=pk)
    today = timezone.localdate()
    return render_page(
        request,
        "board/feedback_detail.html",
        {
            "fb": fb,
            "result_form": forms.ResultForm(),
            "route_form": forms.RouteForm(),
            "can_manage": services.can_handle(request.user, fb),
            "is_board": services.is_board(request.user, fb.organisation),
            "actions": c.allowed_actions(c.FEEDBACK_TRANSITIONS, fb.status),
            "show_identity": services.shows_sender(request.user, fb),
            "days_left": fb.days_left(today),
            "colour": fb.colour(today),
        },
    )


def _handled(request: HttpRequest, pk: int) -> StaffFeedback:
    """Fetch a concern the user handles (403 for a reader who does not: the board's, or the head's to answer)."""
    fb = get_visible_or_404(StaffFeedback.objects.select_related("organisation", "person"), request.user, VIEW, pk=pk)
    if not services.can_handle(request.user, fb):
        raise PermissionDenied
    return fb


@require_POST
@require_perm(MANAGE)
def feedback_verify(request: HttpRequest, pk: int) -> HttpResponse:
    """Start verifying a staff recommendation."""
    fb = _handled(request, pk)
    try:
        services.start_verification(fb, actor=request.user)
    except DomainError as exc:
        show_refusal(request, exc)
    return redirect("board:feedback_detail", pk=fb.pk)


@require_POST
@require_perm(MANAGE)
def feedback_result(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the result sent to the person who raised the matter."""
    fb = _handled(request, pk)
    form = forms.ResultForm(request.POST)
    if form.is_valid():
        try:
            services.send_feedback_result(fb, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Đã ghi kết quả gửi người kiến nghị."))
        except DomainError as exc:
            show_refusal(request, exc)
    else:
        messages.error(request, "; ".join(f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items()))
    return redirect("board:feedback_detail", pk=fb.pk)


@require_POST
@require_perm(VIEW)
def feedback_route(request: HttpRequest, pk: int) -> HttpResponse:
    """Pass a concern to the other handler (the head ↔ the board)."""
    fb = _handled(request, pk)
    form = forms.RouteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items()))
        return redirect("board:feedback_detail", pk=fb.pk)
    try:
        services.route_concern(fb, actor=request.user, note=form.cleaned_data["note"])
    except DomainError as exc:
        show_refusal(request, exc)
        return redirect("board:feedback_detail", pk=fb.pk)
    messages.success(request, _("Đã chuyển kiến nghị tới %(to)s.") % {"to": fb.get_addressee_display()})
    if services.can_handle(request.user, fb) or has_perm(request.user, VIEW, fb.organisation):
        return redirect("board:feedback_detail", pk=fb.pk)
    return redirect("board:home")


# ====================================================================== staff concerns: the sender's pages


def _own_person(request: HttpRequest) -> Any:
    person = getattr(request.user, "person", None)
    if person is None or not person.active:
        raise Http404
    return person


@require_GET
@require_perm(CONCERN)
def my_concerns(request: HttpRequest) -> HttpResponse:
    """List the concerns the signed-in staff member sent, with their answers ("Kiến nghị của tôi")."""
    person = getattr(request.user, "person", None)
    qs = (
        StaffFeedback.objects.filter(person=person).select_related("organisation").order_by("-received_on", "-id")
        if person is not None
        else StaffFeedback.objects.none()
    )
    today = timezone.localdate()
    page = paginate(request, qs)
    return render_page(
        request,
        "board/my_concerns.html",
        {
            "page": page,
            "rows": [(fb, fb.days_left(today), fb.colour(today)) for fb in page.object_list],
            "can_send": person is not None and person.active,
        },
    )


@require_http_methods(["GET", "POST"])
@require_perm(CONCERN)
def concern_create(request: HttpRequest) -> HttpResponse:
    """Send a concern to the head or the board (optionally asking that the sender stay confidential)."""
    person = _own_person(request)
    org = person.organisation
    form = forms.ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            fb = services.send_concern(org, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Đã gửi kiến nghị; hạn trả lời %(d)s.") % {"d": fb.due_on.strftime("%d/%m/%Y")})
            return redirect("board:my_concern_detail", pk=fb.pk)
    row = services.concern_settings(org)
    return render_page(request, "board/concern_form.html", {"form": form, "org": org, "settings_row": row})


@require_GET
@require_perm(CONCERN)
def my_concern_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the sender one of their own concerns and its answer (another person's is a 404)."""
    person = _own_person(request)
    try:
        fb = StaffFeedback.objects.select_related("organisation", "answered_by").get(pk=pk, person=person)
    except StaffFeedback.DoesNotExist:
        raise Http404 from None
    today = timezone.localdate()
    return render_page(
        request,
        "board/my_concern_detail.html",
        {"fb": fb, "days_left": fb.days_left(today), "colour": fb.colour(today)},
    )


@require_http_methods(["GET", "POST"])
@require_perm(ANSWER)
def concern_settings(request: HttpRequest) -> HttpResponse:
    """Set the school's answer period for staff concerns (the head's act)."""
    org, _orgs = chosen_tenant(request, ANSWER)
    _org_required(org)
    row = services.concern_settings(org)
    form = forms.ConcernSettingsForm(
        request.POST or None,
        initial={"answer_days": row.answer_days, "working_days": row.working_days, "citation": row.citation},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_concern_settings(org, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Đã lưu thời hạn trả lời kiến nghị."))
            return redirect(f"{reverse('board:feedback_list')}?org={org.pk}")
    return render_page(
        request,
        "board/form.html",
        {"form": form, "org": org, "title": _("Thời hạn trả lời kiến nghị của cán bộ, giáo viên")},
    )


# ====================================================================== recommendations


@require_GET
@require_perm(VIEW)
def recommendation_list(request: HttpRequest) -> HttpResponse:
    """List the board's recommendations to the head with days left (overdue in red)."""
    org, orgs = chosen_tenant(request, VIEW)
    _org_required(org)
    filters = RecommendationFilter(request.GET)
    filters.warn(request)
    qs = filters.apply(BoardRecommendation.objects.filter(organisation=org)).order_by("-sent_on", "-id")
    status = filters.cleaned_data.get("status", "")
    page = paginate(request, qs)
    today = timezone.localdate()
    rows = [(r, r.days_left(today), r.colour(today)) for r in page.object_list]
    return render_page(
        request,
        "board/recommendation_list.html",
        {
            "org": org,
            "orgs": orgs,
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": c.RecommendationStatus.choices,
            "can_manage": services.is_board(request.user, org),
        },
    )


@require_http_methods(["GET", "POST"])
@require_perm(MANAGE)
def recommendation_create(request: HttpRequest) -> HttpResponse:
    """Send a recommendation to the head (answer due in 15 days)."""
    org, _orgs = chosen_tenant(request, MANAGE)
    _org_required(org)
    _board_only(request, org)
    form = forms.RecommendationForm(
        request.POST or None, feedback=StaffFeedback.objects.filter(organisation=org).select_related("person")
    )
    if request.method == "POST" and form.is_valid():
        try:
            rec = services.send_recommendation(org, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(
                request, _("Đã gửi kiến nghị; hạn trả lời %(d)s.") % {"d": rec.due_on.strftime("%d/%m/%Y")}
            )
            return redirect("board:recommendation_detail", pk=rec.pk)
    return render_page(request, "board/form.html", {"form": form, "org": org, "title": _("Kiến nghị gửi Hiệu trưởng")})


@require_GET
@require_perm(VIEW)
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a recommendation, its deadline and the answer form for the head."""
    rec = get_visible_or_404(
        BoardRecommendation.objects.select_related("organisation", "answered_by"), request.user, VIEW, pk=pk
    )
    today = timezone.localdate()
    return render_page(
        request,
        "board/recommendation_detail.html",
        {
            "rec": rec,
            "days_left": rec.days_left(today),
            "colour": rec.colour(today),
            "answer_form": forms.AnswerForm(),
            "can_answer": rec.is_open and has_perm(request.user, ANSWER, rec.organisation),
            "can_withdraw": rec.is_open and services.is_board(request.user, rec.organisation),
        },
    )


@require_POST
@require_perm(ANSWER)
def recommendation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the head's answer (Luật 10/2022/QH15 Điều 63(1))."""
    rec = get_visible_or_404(BoardRecommendation.objects.select_related("organisation"), request.user, VIEW, pk=pk)
    check_object_perm(request.user, ANSWER, rec.organisation)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_recommendation(rec, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Đã trả lời kiến nghị."))
        except DomainError as exc:
            show_refusal(request, exc)
    else:
        messages.error(request, _("Nhập nội dung và ngày trả lời."))
    return redirect("board:recommendation_detail", pk=rec.pk)


@require_POST
@require_perm(MANAGE)
def recommendation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a recommendation not yet answered."""
    rec = get_visible_or_404(BoardRecommendation.objects.select_related("organisation"), request.user, VIEW, pk=pk)
    check_object_perm(request.user, MANAGE, rec.organisation)
    _board_only(request, rec.organisation)
    try:
        services.withdraw_recommendation(rec, actor=request.user)
    except DomainError as exc:
        show_refusal(request, exc)
    return redirect("board:recommendation_detail", pk=rec.pk)


# ====================================================================== reports


@require_http_methods(["GET", "POST"])
@require_perm(MANAGE)
def report_create(request: HttpRequest) -> HttpResponse:
    """Write a report to the union executive and the staff conference."""
    org, _orgs = chosen_tenant(request, MANAGE)
    _org_required(org)
    form = forms.ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.create_report(org, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            return redirect("board:report_detail", pk=report.pk)
    return render_page(request, "board/form.html", {"form": form, "org": org, "title": _("Báo cáo của Ban TTND")})


@require_GET
@require_perm(VIEW)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a board report."""
    report = get_visible_or_404(BoardReport.objects.select_related("organisation"), request.user, VIEW, pk=pk)
    return render_page(request, "board/report_detail.html", {"report": report})


# ====================================================================== petition outcomes


@require_GET
@require_perm(VIEW)
def outcomes(request: HttpRequest) -> HttpResponse:
    """List the outcomes of complaints and denunciations handled in the school (Điều 63(1)), never identities."""
    org, orgs = chosen_tenant(request, VIEW)
    _org_required(org)
    start, end = as_date(request.GET.get("from")), as_date(request.GET.get("to"))
    # received_at is a datetime: from the start of `start` to the end of `end`, local time.
    since = _day_start(start)
    until = _day_start(end + dt.timedelta(days=1)) if end else None
    rows = list(outcomes_for_board(org, start=since, end=until))
    return render_page(
        request,
        "board/outcomes.html",
        {
            "org": org,
            "orgs": orgs,
            "rows": rows,
            "start": start,
            "end": end,
        },
    )


def _day_start(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# ====================================================================== dashboard panels


def panel_board_head(request: HttpRequest) -> dict | None:
    """Recommendations awaiting the head's answer, for the board (not shown to the head himself)."""
    orgs = [o for o in tenants_for(request.user, MANAGE) if not has_perm(request.user, ANSWER, o)]
    if not orgs:
        return None
    today = timezone.localdate()
    recs = services.open_recommendations(orgs)
    return {"rows": [(r, r.days_left(today), r.colour(today)) for r in recs]}


def panel_principal(request: HttpRequest) -> dict | None:
    """Recommendations of the board the head must answer, with days left."""
    orgs = [o for o in tenants_for(request.user, VIEW) if has_perm(request.user, ANSWER, o)]
    if not orgs:
        return None
    recs = services.open_recommendations(orgs)
    if not recs:
        return None
    today = timezone.localdate()
    return {"rows": [(r, r.days_left(today), r.colour(today)) for r in recs]}


def panel_concerns(request: HttpRequest) -> dict | None:
    """Staff concerns awaiting an answer: the head sees those sent to him, the board monitors them all."""
    today = timezone.localdate()
    rows: list[tuple[StaffFeedback, int | None, str]] = []
    for org in tenants_for(request.user, VIEW):
        if services.sees_identity(request.user, org):
            concerns = services.open_concerns([org])
        elif has_perm(request.user, ANSWER, org):
            concerns = services.open_concerns([org], addressee=c.Addressee.HEAD)
        else:
            continue
        rows += [(fb, fb.days_left(today), fb.colour(today)) for fb in concerns]
    if not rows:
        return None
    rows.sort(key=lambda r: (r[0].due_on is None, r[0].due_on or today))
    return {"rows": rows[:20], "overdue": sum(1 for r in rows if r[2] == "late"), "total": len(rows)}
