from __future__ import annotations

from django.urls import path

from danvan.core import views

app_name = "core"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("nhat-ky/", views.audit_list, name="audit_list"),
]
