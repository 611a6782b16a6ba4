"""Shared view helpers: the one way views fetch scoped objects, check permissions and render pages with forms."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.forms import BaseForm, BaseFormSet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from danvan.core.errors import DomainError
from danvan.core.params import MAX_YEAR, MIN_YEAR, query_id, query_year
from danvan.core.scoping import has_perm, perms_anywhere

if TYPE_CHECKING:
    from danvan.core.models import User

_M_co = TypeVar("_M_co", bound=Model, covariant=True)
_M = TypeVar("_M", bound=Model)
_T = TypeVar("_T")


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind `login_required` (or `require_perm`): its user is signed in, never anonymous."""

    user: User


class VisibleQuerySet(Protocol[_M_co]):
    """A queryset or manager of a scoped model: one that can keep only what a user may see."""

    def visible_to(self, user: Any, perm: str | None = None) -> QuerySet[_M_co]: ...


# A view answers a page (HttpResponse) or a file (FileResponse, a streaming response): the decorator keeps which.
_Response = TypeVar("_Response", bound=HttpResponseBase)


def require_perm(perm: str) -> Callable[[Callable[..., _Response]], Callable[..., _Response]]:
    """Decorate a view: login required, and `perm` held somewhere (403 otherwise).

    The object-level check happens when the view fetches through `get_visible_or_404`. The wrapped view carries
    the name as `required_perm`: the system check `danvan.E010` reads it from the URLconf and refuses a name that no
    app registered (core.permissions), before the first request.
    """

    def decorator(view: Callable[..., _Response]) -> Callable[..., _Response]:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> _Response:
            if perm not in perms_anywhere(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_perm = perm  # type: ignore[attr-defined]
        return wrapped

    return decorator


def get_visible_or_404(queryset: VisibleQuerySet[_M], user: Any, perm: str | None = None, **lookup: Any) -> _M:
    """Fetch one object through the scoped queryset; another school's object is a 404, not a 403."""
    try:
        return queryset.visible_to(user, perm).get(**lookup)
    except (ObjectDoesNotExist, ValueError):
        raise Http404 from None


def check_object_perm(user: Any, perm: str, organisation: Any) -> None:
    """Raise 403 unless the user holds `perm` on the object's organisation (it is already visible)."""
    if not has_perm(user, perm, organisation):
        raise PermissionDenied


def show_refusal(request: HttpRequest, exc: DomainError, form: BaseForm | None = None) -> None:
    """Show a service's refusal: on the form (next to the field it names, else above it), or as a page message.

    Every view that calls a service catches `DomainError` and hands it here, so a refusal reads the same on
    every page; the API answers the same errors in one exception handler (`danvan.api.api`).
    """
    if form is not None:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
    else:
        messages.error(request, exc.message)


def paginate(request: HttpRequest, queryset: QuerySet[Any, _T] | Sequence[_T], per_page: int = 25) -> Page[_T]:
    """Return the requested page (`?page=`), clamping out-of-range numbers."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


def filter_id(request: HttpRequest, name: str) -> int | None:
    """Return the object id in `?name=`; a value that is no valid id is ignored and the page says so."""
    value = query_id(request.GET, name)
    if value is None and request.GET.get(name, "").strip():
        messages.warning(request, _("Bộ lọc “%(name)s” không hợp lệ nên đã bỏ qua: cần một mã số.") % {"name": name})
    return value


def filter_year(request: HttpRequest, name: str) -> int | None:
    """Return the year in `?name=`; a value that is no year of 2000–2100 is ignored and the page says so."""
    value = query_year(request.GET, name)
    if value is None and request.GET.get(name, "").strip():
        messages.warning(
            request,
            _("Năm “%(value)s” không hợp lệ nên đã bỏ qua: cần một năm từ %(min)s đến %(max)s.")
            % {"value": request.GET[name][:20], "min": MIN_YEAR, "max": MAX_YEAR},
        )
    return value


# ---- Rendering a page with forms ----

REFUSED = 400  # a POST whose form was refused: the same page with its errors, as 400 Bad Request


def _refused_forms(value: Any, depth: int = 0) -> bool:
    """Return whether `value` is or holds (in lists and dicts, a few levels down) a bound form with errors."""
    if isinstance(value, BaseForm | BaseFormSet):
        return value.is_bound and not value.is_valid()
    if depth < 3 and isinstance(value, dict):
        return any(_refused_forms(v, depth + 1) for v in value.values())
    if depth < 3 and isinstance(value, list | tuple):
        return any(_refused_forms(v, depth + 1) for v in value)
    return False


def form_status(request: HttpRequest, context: dict[str, Any] | None) -> int:
    """Return the status of a page: 400 when it answers a POST it refused, 200 otherwise.

    The one rule for every form in danvan: a refused form answers 4xx (a script, a test or a monitor can tell a
    refusal from a success without reading the page), while a person still sees the page with the errors. A POST
    is refused when a bound form on the page has errors, or when the page carries the service's refusal as
    `error` (a domain error shown above the form).
    """
    if request.method == "POST" and context and (context.get("error") or _refused_forms(context)):
        return REFUSED
    return 200


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any] | None = None, *, status: int | None = None
) -> HttpResponse:
    """Render a page, answering 400 when it redisplays a refused form (`form_status`); `status` overrides it."""
    return render(request, template, context, status=form_status(request, context) if status is None else status)


class RefusedFormMixin:
    """Give Django's class-based form views (sign-in, password) the same status as `render_page`."""

    request: HttpRequest

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        kwargs.setdefault("status", form_status(self.request, context))
        response = super().render_to_response(context, **kwargs)  # type: ignore[misc]
        assert isinstance(response, HttpResponse)
        return response
