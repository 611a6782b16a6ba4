from __future__ import annotations

from django.urls import path

from danvan.org import views

app_name = "org"
urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("<int:pk>/co-quan-quan-ly/", views.managing_body_edit, name="managing_body_edit"),
    path("<int:pk>/nhap-danh-sach/", views.staff_import, name="staff_import"),
    path("<int:pk>/xuat-danh-sach.xlsx", views.staff_export, name="staff_export"),
    path("chuc-vu/<int:pk>/ket-thuc/", views.membership_end, name="membership_end"),
]
