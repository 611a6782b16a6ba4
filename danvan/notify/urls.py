from __future__ import annotations

from django.urls import path

from danvan.notify import views

app_name = "notify"
urlpatterns = [
    path("", views.notification_list, name="notification_list"),
    path("<int:pk>/mo/", views.notification_open, name="notification_open"),
    path("da-doc-het/", views.notification_read_all, name="notification_read_all"),
]
