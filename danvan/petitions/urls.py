"""URL map of the petitions app: staff pages at the root, public pages under cong-khai/."""

from __future__ import annotations

from django.urls import include, path

app_name = "petitions"

urlpatterns = [
    path("", include("danvan.petitions.staff_urls")),
    path("cong-khai/", include("danvan.petitions.public_urls")),
]
