from __future__ import annotations

from django.urls import path

from danvan.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.obligation_list, name="obligation_list"),
    path("them/", views.obligation_create, name="obligation_create"),
    path("<int:pk>/", views.obligation_detail, name="obligation_detail"),
    path("<int:pk>/sua/", views.obligation_edit, name="obligation_edit"),
    path("<int:pk>/tong-hop/", views.compile_start, name="compile_start"),
    path("<int:pk>/noi-dung/", views.narrative_edit, name="narrative_edit"),
    path("<int:pk>/chuyen/<str:action>/", views.report_transition, name="report_transition"),
    path("<int:pk>/ban-ky/", views.signed_scan_upload, name="signed_scan_upload"),
    path("<int:pk>/ban-ky/tai-ve/", views.signed_scan_download, name="signed_scan_download"),
    path("<int:pk>/tai-ve/<str:fmt>/", views.report_export, name="report_export"),
    path("<int:pk>/ban/<int:number>/", views.version_detail, name="version_detail"),
    path("<int:pk>/ban/<int:number>/tai-ve/<str:fmt>/", views.report_export, name="version_export"),
    path("<int:pk>/bieu-do/<str:name>.png", views.report_chart, name="report_chart"),
    path("tong-hop/<int:job_id>/", views.job_detail, name="job_detail"),
    path("tong-hop/<int:job_id>/tien-do/", views.job_progress, name="job_progress"),
    path("so/", views.department_matrix, name="department_matrix"),
    path("so/giao-bao-cao/", views.campaign_create, name="campaign_create"),
    path("so/tong-hop/", views.department_report, name="department_report"),
    path("so/tong-hop/tai-ve/<str:fmt>/", views.department_export, name="department_export"),
]
