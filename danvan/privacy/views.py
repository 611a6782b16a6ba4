"""Staff pages of personal data: data-subject requests (find, export, erase) and the processing register."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from danvan.core.web import get_visible_or_404, render_page, require_perm
from danvan.petitions.models import Petition
from danvan.privacy import permissions, services
from danvan.privacy.forms import EraseConfirmForm, SubjectSearchForm
from danvan.privacy.rules import NOTICE_VERSION

PERM = permissions.MANAGE


@require_http_methods(["GET", "POST"])
@require_perm(PERM)
def subject_requests(request: HttpRequest) -> HttpResponse:
    """Find one person's petitions, then export their data as a file or go on to erase a petition.

    The search is a POST so that names and phone numbers never appear in addresses or server logs.
    """
    form = SubjectSearchForm(request.POST if request.method == "POST" else None)
    matches = None
    if request.method == "POST" and form.is_valid():
        matches = services.find_subject(request.user, **form.cleaned_data)
        if request.POST.get("action") == "export":
            if not matches:
                messages.error(request, _("Không tìm thấy đơn nào của người này để xuất."))
            else:
                body = services.export_subject(request.user, matches)
                response = HttpResponse(body, content_type="application/json; charset=utf-8")
                stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
                response["Content-Disposition"] = f'attachment; filename="du-lieu-ca-nhan-{stamp}.json"'
                response["Cache-Control"] = "no-store"
                return response
    response = render_page(request, "privacy/subject_requests.html", {"form": form, "matches": matches})
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@require_perm(PERM)
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then erase one petition's personal data; an open or held case is refused with its reasons."""
    petition = get_visible_or_404(Petition.objects, request.user, PERM, pk=pk)
    holds = services.holds_for(petition)
    form = EraseConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.erase_on_request(petition, actor=request.user)
        except services.ErasureRefused as exc:
            messages.error(request, _("Không xóa được: %(reasons)s") % {"reasons": exc.message})
        else:
            messages.success(
                request,
                _("Đã xóa danh tính và ẩn danh nội dung đơn %(code)s; đã xóa %(n)d tệp có danh tính.")
                % {"code": petition.tracking_code, "n": result.attachments_deleted},
            )
            return redirect("privacy:subject_requests")
        holds = services.holds_for(petition)
    return render_page(
        request,
        "privacy/erase_confirm.html",
        {
            "petition": petition,
            "holds": holds,
            "form": form,
            "erased": services.has_erasure(petition),
        },
    )


@require_GET
@require_perm(PERM)
def register(request: HttpRequest) -> HttpResponse:
    """Show the sổ đăng ký hoạt động xử lý dữ liệu cá nhân."""
    return render_page(
        request,
        "privacy/register.html",
        {
            "rows": services.processing_register(),
            "notice_version": NOTICE_VERSION,
        },
    )
