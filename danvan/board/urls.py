from __future__ import annotations

from django.urls import path

from danvan.board import views

app_name = "board"

urlpatterns = [
    path("", views.home, name="home"),
    path("nhiem-ky/moi/", views.term_create, name="term_create"),
    path("nhiem-ky/<int:pk>/", views.term_detail, name="term_detail"),
    path("nhiem-ky/<int:pk>/cong-nhan/", views.term_recognise, name="term_recognise"),
    path("nhiem-ky/<int:pk>/thanh-vien/", views.term_members, name="term_members"),
    path("chuong-trinh/moi/", views.programme_create, name="programme_create"),
    path("chuong-trinh/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("chuong-trinh/<int:pk>/trang-thai/", views.programme_transition, name="programme_transition"),
    path("chuong-trinh/<int:pk>/them-viec/", views.item_add, name="item_add"),
    path("chuong-trinh/viec/<int:pk>/", views.item_toggle, name="item_toggle"),
    path("kien-nghi-cbvc/", views.feedback_list, name="feedback_list"),
    path("kien-nghi-cbvc/moi/", views.feedback_create, name="feedback_create"),
    path("kien-nghi-cbvc/<int:pk>/", views.feedback_detail, name="feedback_detail"),
    path("kien-nghi-cbvc/<int:pk>/xac-minh/", views.feedback_verify, name="feedback_verify"),
    path("kien-nghi-cbvc/<int:pk>/ket-qua/", views.feedback_result, name="feedback_result"),
    path("kien-nghi-cbvc/<int:pk>/chuyen/", views.feedback_route, name="feedback_route"),
    path("kien-nghi-cbvc/thoi-han/", views.concern_settings, name="concern_settings"),
    path("kien-nghi-cua-toi/", views.my_concerns, name="my_concerns"),
    path("kien-nghi-cua-toi/gui/", views.concern_create, name="concern_create"),
    path("kien-nghi-cua-toi/<int:pk>/", views.my_concern_detail, name="my_concern_detail"),
    path("kien-nghi/", views.recommendation_list, name="recommendation_list"),
    path("kien-nghi/moi/", views.recommendation_create, name="recommendation_create"),
    path("kien-nghi/<int:pk>/", views.recommendation_detail, name="recommendation_detail"),
    path("kien-nghi/<int:pk>/tra-loi/", views.recommendation_answer, name="recommendation_answer"),
    path("kien-nghi/<int:pk>/rut/", views.recommendation_withdraw, name="recommendation_withdraw"),
    path("bao-cao/moi/", views.report_create, name="report_create"),
    path("bao-cao/<int:pk>/", views.report_detail, name="report_detail"),
    path("ket-qua-don-thu/", views.outcomes, name="outcomes"),
]
