"""Tell an account's owner that their account was locked after failed logins (once per lockout).

django-axes counts the failures and refuses logins for the cool-off time (settings AXES_*); it sends
`user_locked_out` on the failure that locks and again on every attempt refused during the lockout. The owner
hears about it once per cool-off period: an in-app notification and an e-mail, saying when it ends and what to
do if it was not them. The notice names no address: a guess could come through the school's own network.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from danvan.core import audit, ratelimit
from danvan.core.web import render_page
from danvan.notify.services import notify


def cool_off() -> dt.timedelta:
    """Return how long a lockout lasts (AXES_COOLOFF_TIME, in hours, as django-axes reads it)."""
    value = getattr(settings, "AXES_COOLOFF_TIME", 0.25)
    return value if isinstance(value, dt.timedelta) else dt.timedelta(hours=float(value or 0))


def notify_locked_out(user: Any, *, now: dt.datetime | None = None) -> bool:
    """Notify the owner of a locked account unless already told during this lockout; return whether sent."""
    seconds = max(60, math.ceil(cool_off().total_seconds()))
    now = now or timezone.now()
    if not ratelimit.hit("login-lockout-notice", str(user.pk), ((seconds, 1),), now=now.timestamp()).allowed:
        return False
    until = timezone.localtime(now + dt.timedelta(seconds=seconds))
    with translation.override(getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE):
        subject = _("Tài khoản của bạn tạm bị khóa đăng nhập")
        body = _(
            "Đã có %(count)d lần đăng nhập sai mật khẩu vào tài khoản %(username)s. Để bảo vệ tài khoản, việc đăng "
            "nhập tạm bị khóa đến %(until)s. Nếu đó là bạn, hãy chờ hết thời gian này hoặc đặt lại mật khẩu. Nếu "
            "không phải bạn, hãy đổi mật khẩu ngay khi đăng nhập được và báo cho quản trị hệ thống."
        ) % {
            "count": settings.AXES_FAILURE_LIMIT,
            "username": user.get_username(),
            "until": until.strftime("%H:%M %d/%m/%Y"),
        }
        notify([user], subject, body, url=reverse("password_reset"))
    audit.record("core.user.locked_out", obj=user, actor=None)
    return True


@receiver(user_locked_out)
def _on_locked_out(sender: Any, request: Any = None, username: str | None = None, **kwargs: Any) -> None:
    if not username:
        return
    user = get_user_model()._default_manager.filter(username=username, is_active=True).first()
    if user is not None:
        notify_locked_out(user)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """Render the localized lockout page (429) saying how long to wait (AXES_LOCKOUT_CALLABLE)."""
    minutes = max(1, math.ceil(cool_off().total_seconds() / 60))
    return render_page(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
