"""Public (no-login) petition pages, under /don-thu/cong-khai/."""

from __future__ import annotations

from django.urls import path

from danvan.petitions import public_views as v

urlpatterns = [
    path("gui/", v.school_picker, name="public_schools"),
    path("gui/<str:school>/", v.submit, name="public_submit"),
    path("da-gui/<str:code>/", v.sent, name="public_sent"),
    path("bien-nhan/<str:code>/", v.receipt, name="public_receipt"),
    path("theo-doi/", v.track, name="public_track"),
    path("theo-doi/lien-ket/", v.track_link, name="public_track_link"),
    path("theo-doi/<str:code>/", v.status, name="public_status"),
    path("theo-doi/<str:code>/y-kien/", v.opinion, name="public_opinion"),
    path("theo-doi/<str:code>/to-cao-tiep/", v.re_denounce, name="public_re_denounce"),
    # Links of the old form, with the secret in the path (sent before December 2026): they still open, then
    # move to an address without the secret; the logs hide it (core.logredact).
    path("da-gui/<str:code>/<str:token>/", v.sent_legacy, name="public_sent_legacy"),
    path("bien-nhan/<str:code>/<str:token>/", v.receipt_legacy, name="public_receipt_legacy"),
    path("theo-doi/<str:code>/<str:token>/", v.track_secret, name="public_track_secret"),
    path("lich-tiep/<str:school>/", v.head_schedule, name="public_head_schedule"),
]
