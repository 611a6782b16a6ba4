"""URL map: each app mounts its own urls under a Vietnamese prefix."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from danvan.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("tong-quan/", include("danvan.core.urls")),
    path("tim-kiem/", core_views.search, name="search"),
    path("tai-khoan/dang-nhap/", core_views.LoginView.as_view(), name="login"),
    path("tai-khoan/dang-xuat/", core_views.logout_view, name="logout"),
    path("tai-khoan/doi-mat-khau/", core_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "tai-khoan/doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
        name="password_change_done",
    ),
    path("tai-khoan/quen-mat-khau/", core_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "tai-khoan/quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "tai-khoan/dat-lai/<uidb64>/<token>/",
        core_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "tai-khoan/dat-lai/xong/",
        auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("tai-khoan/xac-thuc/", core_views.two_factor_verify, name="two_factor_verify"),
    path("tai-khoan/hai-lop/", core_views.two_factor_setup, name="two_factor_setup"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("to-chuc/", include("danvan.org.urls")),
    path("lich/", include("danvan.workdays.urls")),
    path("ke-hoach/", include("danvan.plans.urls")),
    path("don-thu/", include("danvan.petitions.urls")),
    path("ban-ttnd/", include("danvan.board.urls")),
    path("thi-dua/", include("danvan.emulation.urls")),
    path("quan-triet/", include("danvan.dissemination.urls")),
    path("bao-cao/", include("danvan.reports.urls")),
    path("thong-bao/", include("danvan.notify.urls")),
    path("notify/", include("danvan.notify.webhook_urls")),
    path("api/", include("danvan.api.urls")),
    path("du-lieu-ca-nhan/", include("danvan.privacy.urls")),
    path("open311/", include("danvan.open311.urls")),
    path("csdl-quoc-gia/", include("danvan.nationaldb.urls")),
    path("quan-tri/", admin.site.urls),
]

handler404 = "danvan.core.views.not_found"
handler403 = "danvan.core.views.forbidden"
