from __future__ import annotations

from django.urls import path

from danvan.dissemination import views

app_name = "dissemination"

urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("van-ban/moi/", views.document_create, name="document_create"),
    path("van-ban/<int:pk>/", views.document_detail, name="document_detail"),
    path("van-ban/<int:pk>/chua-quan-triet/", views.not_studied, name="not_studied"),
    path("buoi/moi/", views.session_create, name="session_create"),
    path("buoi/<int:pk>/", views.session_detail, name="session_detail"),
    path("buoi/<int:pk>/diem-danh/", views.session_attendance, name="session_attendance"),
    path("buoi/<int:pk>/bien-ban/", views.session_minutes, name="session_minutes"),
]
