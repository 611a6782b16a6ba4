"""Public (no-login) petition pages, under /don-thu/cong-khai/."""

from __future__ import annotations

from django.urls import path

from danvan.petitions import public_views as v

urlpatterns = [
    path("gui/", v.school_picker, name="public_schools"),
    path("gui/<str:school>/", v.submit, name="public_submit"),
    path("da-gui/<str:code>/<str:token>/", v.sent, name="public_sent"),
    path("bien-nhan/<str:code>/<str:token>/", v.receipt, name="public_receipt"),
    path("theo-doi/", v.track, name="public_track"),
    path("theo-doi/<str:code>/", v.status, name="public_status"),
    path("theo-doi/<str:code>/y-kien/", v.opinion, name="public_opinion"),
    path("theo-doi/<str:code>/to-cao-tiep/", v.re_denounce, name="public_re_denounce"),
    path("theo-doi/<str:code>/<str:token>/", v.track_secret, name="public_track_secret"),
    path("lich-tiep/<str:school>/", v.head_schedule, name="public_head_schedule"),
]
