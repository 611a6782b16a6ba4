"""Staff pages of the petitions app, under /don-thu/ (URL names `petitions:<name>`)."""

from __future__ import annotations

from django.urls import path

from danvan.petitions import mediation_views as mv
from danvan.petitions import scan_views
from danvan.petitions import staff_views as v

urlpatterns = [
    path("", v.queue, name="queue"),
    path("phan-cong/", v.bulk_assign, name="bulk_assign"),
    path("tiep-cong-dan/moi/", v.reception_create, name="reception_create"),
    path("tiep-nhan/", v.petition_create, name="petition_create"),
    path("trung-lap/", v.duplicate_candidates, name="duplicate_candidates"),
    path("tiep-nhan/ban-chup/", scan_views.scan_upload, name="scan_upload"),
    path("tiep-nhan/ban-chup/<int:pk>/", scan_views.scan_detail, name="scan_detail"),
    path("tiep-nhan/ban-chup/<int:pk>/tien-do/", scan_views.scan_progress, name="scan_progress"),
    path("so/tiep-cong-dan/", v.register_reception, name="register_reception"),
    path("so/theo-doi-don/", v.register_petitions, name="register_petitions"),
    path("<int:pk>/", v.detail, name="detail"),
    path("<int:pk>/danh-tinh/", v.identity, name="identity"),
    path("<int:pk>/lien-ket/", v.link, name="link"),
    path("<int:pk>/xung-dot-loi-ich/", v.declare_conflict, name="declare_conflict"),
    path("<int:pk>/thao-tac/<str:action>/", v.action, name="action"),
    path("<int:pk>/tep/<int:att>/", v.attachment, name="attachment"),
    path("<int:pk>/van-ban/<int:doc>/", v.document, name="document"),
    # ---- reception (NĐ 154/2026/NĐ-CP)
    path("tiep-cong-dan/<int:pk>/", v.reception_detail, name="reception_detail"),
    path("tiep-cong-dan/<int:pk>/tu-choi/", v.reception_refuse, name="reception_refuse"),
    path("tiep-cong-dan/<int:pk>/thong-bao-tu-choi/", v.reception_refusal_notice, name="reception_refusal_notice"),
    path("tiep-cong-dan/<int:pk>/bien-nhan/", v.reception_receipt, name="reception_receipt"),
    path("tiep-cong-dan/<int:pk>/van-ban/<int:doc>/", v.reception_document, name="reception_document"),
    path("<int:pk>/bien-nhan-tai-lieu/", v.petition_receipt, name="petition_receipt"),
    path("lich-tiep/", v.head_days, name="head_days"),
    path("lich-tiep/<int:pk>/huy/", v.head_day_cancel, name="head_day_cancel"),
    path("lich-tiep/noi-tiep/", v.reception_place, name="reception_place"),
    # ---- mediation register (Luật Hòa giải ở cơ sở 2013, applied by analogy)
    path("hoa-giai/", mv.case_list, name="mediations"),
    path("hoa-giai/moi/", mv.case_create, name="mediation_create"),
    path("hoa-giai/<int:pk>/bien-ban/", mv.case_minutes, name="mediation_minutes"),
    path("hoa-giai/to/", mv.groups, name="mediation_groups"),
    path("hoa-giai/to/<int:pk>/", mv.group_edit, name="mediation_group_edit"),
]
