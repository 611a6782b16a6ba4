from __future__ import annotations

from django.urls import path

from danvan.privacy import views

app_name = "privacy"

urlpatterns = [
    path("yeu-cau/", views.subject_requests, name="subject_requests"),
    path("yeu-cau/don/<int:pk>/xoa/", views.erase, name="erase"),
    path("so-dang-ky/", views.register, name="register"),
]
