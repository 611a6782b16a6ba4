from __future__ import annotations

from django.urls import path

from danvan.workdays import views

app_name = "workdays"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("nam/<int:year>/", views.calendar, name="calendar_year"),
    path("thoi-han/", views.rules, name="rules"),
    path("tinh-han/", views.deadline, name="deadline"),
]
