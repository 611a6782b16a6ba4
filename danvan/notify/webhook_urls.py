"""Addresses other systems call (outside the Vietnamese page tree): the Zalo OA webhook."""

from __future__ import annotations

from django.urls import path

from danvan.notify import views

urlpatterns = [
    path("zalo/webhook/", views.zalo_webhook, name="zalo_webhook"),
]
