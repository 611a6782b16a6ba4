from __future__ import annotations

from django.urls import path

from danvan.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("nhap/", views.plan_import, name="plan_import"),
    path("nhap/xac-nhan/", views.plan_import_confirm, name="plan_import_confirm"),
    path("tao/", views.plan_create, name="plan_create"),
    path("viec-cua-toi/", views.my_tasks, name="my_tasks"),
    path("tu-dien-bo-phan/", views.unit_dictionary, name="unit_dictionary"),
    path("tu-dien-bo-phan/<int:pk>/xoa/", views.unit_abbreviation_delete, name="unit_abbreviation_delete"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/sua/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/xoa/", views.plan_delete, name="plan_delete"),
    path("<int:pk>/chuyen/<slug:action>/", views.plan_transition, name="plan_transition"),
    path("<int:pk>/sao-chep/", views.plan_clone, name="plan_clone"),
    path("<int:pk>/trien-khai/", views.plan_cascade, name="plan_cascade"),
    path("<int:pk>/lich-su/", views.plan_history, name="plan_history"),
    path("<int:pk>/tien-do/", views.plan_timeline, name="plan_timeline"),
    path("<int:pk>/tai-ve.<slug:fmt>", views.plan_export, name="plan_export"),
    path("<int:pk>/tep-goc/", views.plan_source, name="plan_source"),
    path("<int:pk>/nhiem-vu/them/", views.task_create, name="task_create"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task_detail"),
    path("nhiem-vu/<int:pk>/sua/", views.task_edit, name="task_edit"),
    path("nhiem-vu/<int:pk>/xoa/", views.task_delete, name="task_delete"),
    path("nhiem-vu/<int:pk>/di-chuyen/<slug:direction>/", views.task_move, name="task_move"),
    path("nhiem-vu/<int:pk>/cap-nhat/", views.task_update, name="task_update"),
    path("nhiem-vu/<int:pk>/y-kien/", views.task_comment, name="task_comment"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("cong-khai/<str:code>/", views.public_plans, name="public_plans"),
    path("cong-khai/<str:code>/<int:pk>/", views.public_plan, name="public_plan"),
    path("cong-khai/<str:code>/<int:pk>/ke-hoach.pdf", views.public_plan_pdf, name="public_plan_pdf"),
    path("gui/<int:pk>/", views.dispatch_edit, name="dispatch_edit"),
]
