from __future__ import annotations

from django.urls import path

from danvan.notify import views

app_name = "notify"
urlpatterns = [
    path("", views.notification_list, name="notification_list"),
    path("<int:pk>/mo/", views.notification_open, name="notification_open"),
    path("da-doc-het/", views.notification_read_all, name="notification_read_all"),
    path("tin-nhan-di/", views.text_outbox, name="text_outbox"),
    path("tin-nhan-di/<int:pk>/gui-lai/", views.text_retry, name="text_retry"),
    path("zalo/", views.zalo_drafts, name="zalo_drafts"),
    path("zalo/<int:pk>/", views.zalo_draft, name="zalo_draft"),
]
