"""The national database export, under /csdl-quoc-gia/."""

from __future__ import annotations

from django.urls import path

from danvan.nationaldb import views

app_name = "nationaldb"

urlpatterns = [
    path("", views.export, name="export"),
    path("luoc-do.json", views.schema, name="schema"),
]
