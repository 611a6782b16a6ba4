from __future__ import annotations

from django.urls import path

from danvan.emulation import views

app_name = "emulation"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("phong-trao/moi/", views.campaign_create, name="campaign_create"),
    path("phong-trao/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("phong-trao/<int:pk>/dang-ky/", views.model_register, name="model_register"),
    path("phong-trao/<int:pk>/de-nghi/", views.proposal_create, name="proposal_create"),
    path("mo-hinh/<int:pk>/", views.model_detail, name="model_detail"),
    path("mo-hinh/<int:pk>/trang-thai/", views.model_transition, name="model_transition"),
    path("mo-hinh/<int:pk>/danh-gia/", views.evaluation_create, name="evaluation_create"),
    path("khen-thuong/", views.proposal_list, name="proposal_list"),
    path("khen-thuong/xlsx/", views.proposal_export, name="proposal_export"),
    path("khen-thuong/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("khen-thuong/<int:pk>/quyet-dinh/", views.proposal_decide, name="proposal_decide"),
    path("danh-gia-don-vi/", views.unit_evaluation_list, name="unit_evaluation_list"),
    path("danh-gia-don-vi/tieu-chi/", views.unit_criteria_edit, name="unit_criteria_edit"),
    path("danh-gia-don-vi/bo-phan/<int:unit>/moi/", views.unit_evaluation_create, name="unit_evaluation_create"),
    path("danh-gia-don-vi/<int:pk>/", views.unit_evaluation_detail, name="unit_evaluation_detail"),
    path("danh-gia-don-vi/<int:pk>/sua/", views.unit_evaluation_edit, name="unit_evaluation_edit"),
    path("danh-gia-don-vi/<int:pk>/trang-thai/", views.unit_evaluation_transition, name="unit_evaluation_transition"),
]
