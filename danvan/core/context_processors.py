"""Template context shared by every page: navigation for the user's role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from danvan.core.registry import nav
from danvan.core.scoping import perms_anywhere
from danvan.notify.models import Notification


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Return the navigation entries the user's permissions allow, and their permission set."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_perms": set()}
    perms = perms_anywhere(user)
    items = []
    for item in nav.sorted():
        if item.perm and item.perm not in perms:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": item.label, "active": False})
    # Only the most specific entry is current: /ke-hoach/viec-cua-toi/ is "Việc của tôi", not also "Kế hoạch".
    current = max((i for i in items if request.path.startswith(i["url"])), key=lambda i: len(i["url"]), default=None)
    if current is not None:
        current["active"] = True
    unread = Notification.objects.for_user(user).unread().count()
    return {"nav_items": items, "user_perms": perms, "unread_notifications": unread}
