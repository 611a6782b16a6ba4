"""Citizen receptions, petitions, their protected identities, documents and the handling records.

The rules (who may do what, deadlines, documents) are in services.py, deadlines.py, identity.py and
documents.py; models only store state and derive simple facts (`working_days_left`, `colour`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Case, F, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.models import OrgOwnedModel
from danvan.core.scoping import ScopedQuerySet, scope_filter
from danvan.core.uploads import random_storage_name
from danvan.lib import tracking
from danvan.lib.fieldcrypt import EncryptedCharField, EncryptedTextField
from danvan.petitions import counters
from danvan.petitions.choices import (
    OPEN_STATES,
    AccusedRole,
    AttachmentKind,
    Audience,
    Channel,
    Closure,
    ComplaintAction,
    ComplaintConclusion,
    ContinuationGround,
    DecisionPublicityForm,
    DenunciationConclusion,
    DocumentKind,
    FiledReason,
    HeadSessionKind,
    IdentityPaper,
    IdentityVisibility,
    InitialProcessingReason,
    Kind,
    MediationOutcome,
    NotAcceptedReason,
    ReceptionOutcome,
    RefusalGround,
    Satisfaction,
    ScanStatus,
    State,
    SuspensionGround,
    UpdatesBy,
    WithdrawalForm,
    WithdrawalMode,
    WithdrawalScope,
)
from danvan.petitions.identity import build_search_index, fill_hashes
from danvan.workdays.choices import Step
from danvan.workdays.services import working_days_left

AMBER_WORKING_DAYS = 5  # amber when ≤ 5 working days are left, red once overdue


def _upload_to(instance: Any, filename: str) -> str:
    """Return a random storage path: the citizen's file name never reaches the disk (it is kept encrypted in the row)."""
    org = getattr(instance, "organisation_id", None) or "x"
    return random_storage_name(f"petitions/{org}/{timezone.localdate():%Y/%m}", filename)


# ====================================================================== citizen reception


class ReceptionQuerySet(ScopedQuerySet["Reception"]):
    """Receptions: a reception about the school's head (routed to the managing body) only for that body."""

    def visible_to(self, user: Any, perm: str | None = None) -> ReceptionQuerySet:
        """Return receptions the user may access with `perm` (default petitions.view).

        A reception whose denunciation concerns the head, a deputy or the school itself (`routed_to` set) is
        seen only by whoever holds `perm` on the competent body — never by the school (Luật Tố cáo 2018 Điều 47).
        """
        perm = perm or "petitions.view"
        own = scope_filter(user, perm, "organisation") & Q(routed_to__isnull=True)
        return self.filter(own | (Q(routed_to__isnull=False) & scope_filter(user, perm, "routed_to")))


class Reception(OrgOwnedModel):
    """One entry of the sổ tiếp công dân: Mẫu 03/TCD of NĐ 154/2026/NĐ-CP (Điều 27), in force 01/7/2026.

    The citizen's name, address, phone and ID number are encrypted at rest; the kind of identity paper is
    recorded (Điều 12(1)). A refusal carries its ground (Điều 4(1)) and, for Luật TCD Điều 9(3) and Điều
    4(1)(h), the stored deadline of the Mẫu 01/TCD notice (Điều 4(3)). One reception may produce several
    petitions (mixed content is split: Luật TCD Điều 25(3); NĐ 154/2026 Điều 14(4)).
    """

    year = models.PositiveSmallIntegerField(_("năm"), editable=False)
    serial = models.PositiveIntegerField(_("số thứ tự"), editable=False)
    received_at = models.DateTimeField(_("thời gian tiếp"))
    citizen_name = EncryptedTextField(_("họ tên công dân"), blank=True)
    citizen_address = EncryptedTextField(_("địa chỉ"), blank=True)
    citizen_phone = EncryptedTextField(_("điện thoại"), blank=True)
    citizen_id_number = EncryptedTextField(_("số CCCD/giấy tờ"), blank=True)
    people_count = models.PositiveSmallIntegerField(_("số người"), default=1)
    # Encrypted at rest like the identity: a citizen tells the officer names, phones and what they denounce.
    content = EncryptedTextField(_("nội dung vụ việc"))
    prior_handling = EncryptedTextField(_("cơ quan đã giải quyết (nếu có)"), blank=True)
    requests = EncryptedTextField(_("yêu cầu của công dân"), blank=True)
    outcome = models.CharField(
        _("kết quả tiếp, xử lý"), max_length=20, choices=ReceptionOutcome.choices, default=ReceptionOutcome.PETITION
    )
    result_summary = EncryptedTextField(_("tóm tắt kết quả"), blank=True)
    officer = models.ForeignKey(
        "org.Person", verbose_name=_("cán bộ tiếp"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_head = models.BooleanField(
        _("người đứng đầu trực tiếp tiếp"),
        default=False,
        help_text=_(
            "Người đứng đầu trực tiếp tiếp công dân ít nhất 01 ngày trong 01 tháng, không giao cấp phó "
            "(NĐ 154/2026/NĐ-CP Điều 10(2))."
        ),
    )
    is_denunciation = models.BooleanField(
        _("có nội dung tố cáo"),
        default=False,
        help_text=_("Họ tên, địa chỉ người tố cáo được giữ bí mật (Luật Tố cáo Điều 9, 47)."),
    )
    routed_to = models.ForeignKey(
        "org.Organisation",
        verbose_name=_("thuộc thẩm quyền cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text=_("Tố cáo người đứng đầu, cấp phó hoặc nhà trường: chỉ cơ quan này xem nội dung và người tố cáo."),
    )

    # ---- NĐ 154/2026/NĐ-CP (from 01/7/2026): identity paper (Điều 12(1)), Mẫu 03/TCD columns, refusal (Điều 4)
    id_paper = models.CharField(_("loại giấy tờ tùy thân"), max_length=30, choices=IdentityPaper.choices, blank=True)
    kind = models.CharField(_("loại đơn"), max_length=20, choices=Kind.choices, blank=True)
    in_competence = models.BooleanField(_("thuộc thẩm quyền"), default=False)
    guided_to = models.CharField(
        _("hướng dẫn công dân đến"),
        max_length=255,
        blank=True,
        help_text=_("Cơ quan có thẩm quyền và số văn bản hướng dẫn (Mẫu 03/TCD cột 10)."),
    )
    accepted_by = models.CharField(
        _("cơ quan, đơn vị thụ lý"),
        max_length=255,
        blank=True,
        help_text=_("Cơ quan thụ lý giải quyết và số văn bản chuyển đơn (Mẫu 03/TCD cột 11)."),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    refusal_ground = models.CharField(
        _("căn cứ từ chối tiếp"), max_length=20, choices=RefusalGround.choices, blank=True
    )
    refusal_grounds_on = models.DateField(_("ngày có đủ căn cứ từ chối"), null=True, blank=True)
    refusal_notice_due_on = models.DateField(_("hạn ban hành thông báo từ chối"), null=True, blank=True, db_index=True)
    refusal_notice_on = models.DateField(_("ngày ban hành thông báo từ chối"), null=True, blank=True)
    head_session = models.ForeignKey(
        "petitions.HeadReceptionDay",
        verbose_name=_("buổi tiếp của người đứng đầu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="receptions",
    )

    audit_redact = frozenset(
        {
            "citizen_name",
            "citizen_address",
            "citizen_phone",
            "citizen_id_number",
            "content",
            "prior_handling",
            "requests",
            "result_summary",
        }
    )

    objects = ReceptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt tiếp công dân")
        verbose_name_plural = _("sổ tiếp công dân")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "serial"], name="reception_unique_serial"),
        ]
        indexes = [models.Index(fields=["organisation", "received_at"], name="reception_org_received_idx")]

    def __str__(self) -> str:
        return f"{self.serial:02d}/{self.year} — {self.received_at:%d/%m/%Y}"

    def audit_organisation(self) -> Any:
        """Return the managing body for a reception about the school's head: the school's trail never shows it."""
        return self.routed_to or self.organisation

    @property
    def refusal_notice_owed(self) -> bool:
        """Whether a refusal notice (Mẫu 01/TCD) is due and not yet issued (NĐ 154/2026 Điều 4(3))."""
        return self.refusal_notice_due_on is not None and self.refusal_notice_on is None

    def refusal_notice_late(self, today: dt.date | None = None) -> bool:
        """Whether the owed refusal notice is past its 03-working-day deadline."""
        today = today or timezone.localdate()
        return self.refusal_notice_owed and self.refusal_notice_due_on < today


# ====================================================================== petitions


TRACKING_CODE_DRAWS = 5


def in_books_q(organisation_ids: Any) -> Q:
    """Return the petitions counted in these organisations' registers and figures: owned and not routed away to the
    managing body, or handled by them. A denunciation of a school's head is never a figure of that school."""
    ids = list(organisation_ids)
    return Q(organisation_id__in=ids, routed_away=False) | Q(handling_body_id__in=ids)


def books_owner() -> Any:
    """Return the expression naming whose books a petition is in (the handling body once routed away)."""

    return Case(When(routed_away=True, then=F("handling_body_id")), default=F("organisation_id"))


class PetitionQuerySet(ScopedQuerySet["Petition"]):
    """Petitions: scoped by the owning or the handling organisation, never shown to the person accused."""

    def visible_to(self, user: Any, perm: str | None = None) -> PetitionQuerySet:
        """Return petitions the user may access with `perm` (default petitions.view).

        Visible through the owning school or through the handling body (a Department handling a
        conflict-of-interest case), and to its assigned handler; a petition about the user themself is never listed to them
        (Luật Tố cáo Điều 18: the head does not handle denunciations about himself) — except a complaint,
        which the head decides first time about his own decisions (NĐ 124/2020 Điều 13).
        """
        sides = self._visible_sides(user, perm)
        q = sides[0]
        for side in sides[1:]:
            q |= side
        return self._not_about(user, self.filter(q))

    def visible_parts(self, user: Any, perm: str | None = None) -> list[PetitionQuerySet]:
        """Return querysets whose union is `visible_to(user, perm)`, one per side: through the owning school, through
        the handling body, as the assigned handler.

        Each part can be read in the order of an index and stopped after a few rows (`core.scoping.first_rows`),
        where the OR of the sides makes PostgreSQL read every matching row and sort them (a Department's dashboard).
        """
        return [self._not_about(user, self.filter(side)) for side in self._visible_sides(user, perm, by_id=True)]

    def _visible_sides(self, user: Any, perm: str | None, *, by_id: bool = False) -> list[Q]:
        perm = perm or "petitions.view"
        # A petition routed away from the school (about its head, a deputy or itself, or a declared conflict) is the
        # managing body's alone: nobody reaches it through the school (Luật Tố cáo 2018 Điều 12, 47).
        sides = [
            scope_filter(user, perm, "organisation") & Q(routed_away=False),
            scope_filter(user, perm, "handling_body"),
        ]
        if perm == "petitions.view" and getattr(user, "is_authenticated", False):
            # The person the head assigned, whatever their position. `by_id`: the user's person ids looked up first, so
            # PostgreSQL reads the few petitions they handle (partial index on handler), not every open one.
            if not by_id:
                sides.append(Q(handler__user=user))
            else:
                person_model: Any = self.model._meta.get_field("handler").related_model
                people = person_model._base_manager.filter(user=user)
                ids = list(people.values_list("pk", flat=True))
                if ids:
                    sides.append(Q(handler_id__in=ids))
        return sides

    @staticmethod
    def _not_about(user: Any, qs: PetitionQuerySet) -> PetitionQuerySet:
        if getattr(user, "is_authenticated", False):
            # A complaint about the head's own decision is decided by the head (NĐ 124/2020 Điều 13).
            qs = qs.exclude(Q(accused_person__user=user) & ~Q(kind__in=[Kind.KHIEU_NAI, Kind.KHIEU_NAI_LAN_2]))
        return qs

    def in_books_of(self, organisation: Any) -> PetitionQuerySet:
        """Return the petitions in an organisation's registers and figures: those it owns and has not had routed away
        to its managing body, and those it handles."""
        return self.filter(in_books_q([organisation.pk]))

    def open(self) -> PetitionQuerySet:
        """Return petitions whose deadline is running."""
        return self.filter(state__in=OPEN_STATES)

    def overdue(self, today: dt.date | None = None) -> PetitionQuerySet:
        """Return open petitions past their due date."""
        return self.open().filter(due_on__lt=today or timezone.localdate())


class Petition(OrgOwnedModel):
    """A petition (đơn): complaint, denunciation, recommendation or feedback, with its workflow state.

    `organisation` is the tenant that received it; `handling_body` decides it (normally the same
    school; the Department when the head is concerned — Luật TC Điều 18 — or for a second-time
    complaint — NĐ 124/2020 Điều 13–14). The petitioner's identity lives in `PetitionIdentity`,
    encrypted; `search_text` never contains it.
    """

    # Indexes: every query by tenant or handling body goes through the composite indexes in Meta (which
    # start with these columns), so the foreign keys get no index of their own; the code is unique by a
    # constraint (an exact-match index, without the pattern index `unique=True` adds on PostgreSQL).
    organisation = models.ForeignKey(
        "org.Organisation",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    tracking_code = models.CharField(_("mã theo dõi"), max_length=16, editable=False)
    secret_hash = models.CharField(max_length=64, blank=True, editable=False)
    channel = models.CharField(_("hình thức tiếp nhận"), max_length=20, choices=Channel.choices, default=Channel.WEB)
    reception = models.ForeignKey(
        Reception,
        verbose_name=_("lượt tiếp công dân"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="petitions",
        db_index=False,
    )
    received_at = models.DateTimeField(_("ngày nhận"))
    kind = models.CharField(_("loại đơn"), max_length=20, choices=Kind.choices, default=Kind.CHUA_RO)
    # Encrypted at rest for every kind (a letter's kind is often known only after reading it, and a complaint
    # names people too); the queue searches the keyed fingerprints in `search_text` instead (docs/security.md).
    subject = EncryptedCharField(_("trích yếu"), max_length=255)
    content = EncryptedTextField(_("nội dung"))
    accused_person = models.ForeignKey(
        "org.Person",
        verbose_name=_("người bị khiếu nại, tố cáo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    accused_text = EncryptedCharField(_("người/việc bị khiếu nại, tố cáo (ghi rõ)"), max_length=255, blank=True)
    accused_role = models.CharField(_("đơn nói về ai"), max_length=20, choices=AccusedRole.choices, blank=True)
    anonymous = models.BooleanField(_("nặc danh"), default=False)
    identity_visibility = models.CharField(
        _("lựa chọn về danh tính"),
        max_length=20,
        choices=IdentityVisibility.choices,
        default=IdentityVisibility.HANDLER_ONLY,
    )
    signers_count = models.PositiveSmallIntegerField(_("số người ký đơn"), default=1)
    # ---- workflow
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.RECEIVED)
    handler = models.ForeignKey(
        "org.Person",
        verbose_name=_("cán bộ xử lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    handling_body = models.ForeignKey(
        "org.Organisation",
        verbose_name=_("cơ quan giải quyết"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    conflict_note = models.CharField(_("lý do chuyển cấp trên"), max_length=255, blank=True)
    routed_away = models.BooleanField(
        _("do cơ quan cấp trên giải quyết"),
        default=False,
        editable=False,
        help_text=_("Đơn về người đứng đầu, cấp phó, nhà trường hoặc có xung đột lợi ích: nhà trường không thấy đơn."),
    )
    conflict_declared_by = models.ForeignKey(
        "org.Person",
        verbose_name=_("người khai xung đột lợi ích"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    conflict_declaration = models.CharField(_("nội dung khai xung đột lợi ích"), max_length=255, blank=True)
    is_complex = models.BooleanField(_("vụ việc phức tạp"), default=False)
    is_very_complex = models.BooleanField(_("đặc biệt phức tạp"), default=False)
    is_remote = models.BooleanField(_("vùng sâu, vùng xa"), default=False)
    classified_at = models.DateTimeField(_("phân loại lúc"), null=True, blank=True)
    accepted_on = models.DateField(_("ngày thụ lý"), null=True, blank=True)
    resolved_on = models.DateField(_("ngày ban hành quyết định/kết luận"), null=True, blank=True)
    resolution_due_on = models.DateField(
        _("hạn giải quyết khi kết thúc"),
        null=True,
        blank=True,
        help_text=_("Hạn của bước giải quyết (hoặc trả lời) tại thời điểm hoàn thành: dùng để tính đúng hạn/trễ hạn."),
    )
    decision_sent_on = models.DateField(_("ngày gửi quyết định/kết luận"), null=True, blank=True)
    replied_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    # ---- current deadline (stored so lists sort/filter on an index; recomputed by deadlines.py)
    step = models.CharField(_("bước hiện tại"), max_length=20, choices=Step.choices, blank=True)
    step_started_on = models.DateField(_("bước bắt đầu từ"), null=True, blank=True)
    due_on = models.DateField(_("hạn"), null=True, blank=True)
    deadline_rule = models.CharField(_("thời hạn"), max_length=120, blank=True)
    deadline_citation = models.CharField(_("căn cứ"), max_length=255, blank=True)
    next_reminder_at = models.DateTimeField(_("nhắc hạn lúc"), null=True, blank=True)
    # ---- decisions on processing
    not_accepted_reason = models.CharField(
        _("lý do không thụ lý"), max_length=20, choices=NotAcceptedReason.choices, blank=True
    )
    filed_reason = models.CharField(_("lý do lưu đơn"), max_length=20, choices=FiledReason.choices, blank=True)
    decision_note = models.TextField(_("ghi chú xử lý"), blank=True)
    transferred_to = models.CharField(_("chuyển đến"), max_length=255, blank=True)
    transferred_to_org = models.ForeignKey(
        "org.Organisation",
        verbose_name=_("chuyển đến đơn vị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    guided_to = models.CharField(_("hướng dẫn đến"), max_length=255, blank=True)
    # ---- outcome
    complaint_conclusion = models.CharField(
        _("kết luận khiếu nại"), max_length=20, choices=ComplaintConclusion.choices, blank=True
    )
    complaint_action = models.CharField(
        _("xử lý quyết định, hành vi bị khiếu nại"), max_length=20, choices=ComplaintAction.choices, blank=True
    )
    denunciation_conclusion = models.CharField(
        _("kết luận tố cáo"), max_length=20, choices=DenunciationConclusion.choices, blank=True
    )
    resolution_summary = models.TextField(_("tóm tắt kết quả giải quyết"), blank=True)
    closure = models.CharField(_("kết quả cuối cùng"), max_length=20, choices=Closure.choices, blank=True)
    public_reply = models.TextField(_("nội dung trả lời công dân"), blank=True)
    withdrawn_at = models.DateTimeField(_("rút đơn lúc"), null=True, blank=True)
    continues_after_withdrawal = models.BooleanField(
        _("tiếp tục giải quyết dù đã rút"),
        default=False,
        help_text=_("Luật Tố cáo Điều 33(3): có dấu hiệu vi phạm, rút do bị đe dọa, mua chuộc, lợi dụng tố cáo."),
    )
    satisfaction = models.CharField(_("ý kiến người gửi"), max_length=20, choices=Satisfaction.choices, blank=True)
    satisfaction_note = models.TextField(_("ý kiến cụ thể"), blank=True)
    satisfaction_at = models.DateTimeField(null=True, blank=True)
    # ---- links
    escalated_from = models.ForeignKey(
        "self",
        verbose_name=_("khiếu nại lần đầu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalations",
        db_index=False,
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("trùng với đơn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        db_index=False,
    )
    # ---- complaints after the 01/7/2026 reform (Luật 136/2025/QH15; NĐ 155/2026)
    complex_criteria = models.JSONField(
        _("tiêu chí vụ việc phức tạp"),
        default=list,
        blank=True,
        help_text=_("Mã các tiêu chí đã áp dụng (NĐ 124/2020 Điều 3a; NĐ 31/2019 Điều 3 khoản 2 cho tố cáo)."),
    )
    complex_determination = models.TextField(_("văn bản xác định vụ việc phức tạp"), blank=True)
    complex_document = models.ForeignKey(
        "PetitionDocument",
        verbose_name=_("văn bản xác định phức tạp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    discipline_dismissal = models.BooleanField(
        _("kỷ luật buộc thôi việc"),
        default=False,
        help_text=_("Khiếu nại quyết định kỷ luật buộc thôi việc: khiếu nại lần hai trong 30 ngày (Luật KN Điều 48)."),
    )
    decision_recipients = models.JSONField(_("nơi nhận quyết định"), default=list, blank=True)
    decision_recipients_other = models.CharField(_("nơi nhận khác"), max_length=255, blank=True)
    decision_received_on = models.DateField(
        _("ngày người khiếu nại nhận quyết định"),
        null=True,
        blank=True,
        help_text=_("Thời hạn khiếu nại lần hai tính từ ngày này (Luật KN Điều 33 khoản 1)."),
    )
    publicity_form = models.CharField(
        _("hình thức công khai"), max_length=10, choices=DecisionPublicityForm.choices, blank=True
    )
    published_on = models.DateField(_("ngày công khai"), null=True, blank=True)
    publicity_due_on = models.DateField(_("hạn công khai"), null=True, blank=True)
    merged = models.BooleanField(_("đã gộp"), default=False)
    related = models.ManyToManyField(
        "self", through="PetitionLink", symmetrical=False, blank=True, related_name="related_to"
    )
    # ---- denunciation procedure (tố cáo): Luật Tố cáo 2018 Điều 24, 36, 37, 40; NĐ 31/2019 as amended by NĐ 156/2026
    initial_processing_reason = models.CharField(
        _("lý do kéo dài xử lý ban đầu"),
        max_length=20,
        choices=InitialProcessingReason.choices,
        blank=True,
        help_text=_(
            "Chỉ khi phải kiểm tra, xác minh tại nhiều địa điểm hoặc phải ủy quyền: tối đa 10 ngày làm việc "
            "(Luật Tố cáo Điều 24 khoản 1)."
        ),
    )
    transfer_due_on = models.DateField(_("hạn chuyển tố cáo"), null=True, blank=True)
    transferred_on = models.DateField(_("ngày chuyển đơn"), null=True, blank=True)
    conclusion_measures = models.TextField(_("biện pháp xử lý theo kết luận"), blank=True)
    follow_up_by = models.CharField(_("theo dõi, đôn đốc thực hiện kết luận"), max_length=255, blank=True)
    conclusion_handled_on = models.DateField(_("ngày xử lý kết luận"), null=True, blank=True)
    publicity_forms = models.CharField(_("hình thức công khai"), max_length=120, blank=True)
    re_denunciation_of = models.ForeignKey(
        "self",
        verbose_name=_("tố cáo tiếp của đơn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="re_denunciations",
        db_index=False,
    )
    re_resolution_grounds = models.CharField(_("căn cứ giải quyết lại"), max_length=20, blank=True)
    re_denounced_overdue = models.BooleanField(
        _("tố cáo tiếp do quá hạn chưa giải quyết"),
        default=False,
        help_text=_("Luật Tố cáo Điều 38: cấp trên yêu cầu báo cáo trong 05 ngày làm việc."),
    )
    # ---- search and public display (never identity): keyed fingerprints of the words' starts, no text
    search_text = models.TextField(editable=False, blank=True)
    masked_names = EncryptedTextField(
        _("tên cần che khi công khai"),
        blank=True,
        help_text=_("Mỗi dòng một tên (học sinh, người liên quan) được che khi hiển thị công khai."),
    )

    # The content often names the petitioner (a denouncer, Luật TC Điều 47) or students: keep it out of the trail.
    audit_redact = frozenset({"masked_names", "content", "subject", "accused_text"})
    # Derived, internal columns: nothing a reader of the trail can use (the secret is hashed, the search text folded).
    audit_ignore = OrgOwnedModel.audit_ignore | {"secret_hash", "search_text"}

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn thư")
        verbose_name_plural = _("đơn thư")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "received_at"], name="petition_org_received_idx"),
            models.Index(fields=["organisation", "state"], name="petition_org_state_idx"),
            models.Index(fields=["handling_body", "state"], name="petition_body_state_idx"),
            # The queue's order (most urgent first, then newest) over open petitions only.
            models.Index(
                fields=["due_on", "-received_at", "-id"],
                name="petition_open_due_idx",
                condition=Q(state__in=sorted(str(s) for s in OPEN_STATES)),
            ),
            # The same order over every state ("Tất cả", a closed state, a search across all states): the first
            # page reads 26 index entries instead of sorting the tenant's whole history.
            models.Index(fields=["due_on", "-received_at", "-id"], name="petition_queue_order_idx"),
            # One state in that order ("Đã kết thúc"…): closed petitions have no due date and sort last in the index
            # above, which a state filter would read through first.
            models.Index(fields=["state", "due_on", "-received_at", "-id"], name="petition_state_order_idx"),
            # A unit's open queue (the "Đơn vị" filter, a school's own queue seen from the Department).
            models.Index(
                fields=["organisation", "due_on", "-received_at", "-id"],
                name="petition_org_open_due_idx",
                condition=Q(state__in=sorted(str(s) for s in OPEN_STATES)),
            ),
            # The dashboard's "conclusions to publicise" (Luật Tố cáo Điều 40(1)): few rows among all the history.
            models.Index(
                fields=["resolved_on", "id"],
                name="petition_unpublished_idx",
                condition=Q(kind="to-cao", published_on__isnull=True, resolved_on__isnull=False),
            ),
            models.Index(
                fields=["next_reminder_at"], name="petition_reminder_idx", condition=Q(next_reminder_at__isnull=False)
            ),
            # Links that most petitions do not have: only the rows that have one are indexed.
            *(
                models.Index(fields=[name], name=f"petition_{short}_idx", condition=Q(**{f"{name}__isnull": False}))
                for name, short in (
                    ("reception", "reception"),
                    ("accused_person", "accused"),
                    ("handler", "handler"),
                    ("transferred_to_org", "transferred"),
                    ("escalated_from", "escalated"),
                    ("duplicate_of", "duplicate"),
                    ("re_denunciation_of", "redenounced"),
                )
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["tracking_code"], name="petition_tracking_code_uniq")]

    def __str__(self) -> str:
        return f"{self.tracking_code} — {self.subject}"

    def audit_repr(self) -> str:
        """Return how the audit trail names the petition: its code only (the subject may quote the letter)."""
        return self.tracking_code

    def audit_organisation(self) -> Any:
        """Return whose trail this petition's entries go to: the managing body once routed away from the school,
        so the school's audit log never names the petition nor who looked at its denouncer (Luật Tố cáo Điều 47)."""
        return self.handling_body if self.routed_away else self.organisation

    # The counted columns a transition read under its row lock, handed to the next save (`_stored_counted`).
    locked_counted: dict[str, Any] | None = None

    def save(self, *args: Any, identity: Any = None, refresh_search: bool = True, **kwargs: Any) -> None:
        """Give a new petition its tracking code and default handling body, and refresh `search_text`.

        `identity` is the (unsaved) PetitionIdentity about to be stored with a new petition: its values are
        kept out of the search text from the first write. `refresh_search=False` when the caller built the
        search text already (`services.prepare_petition`, before its write transaction).
        """
        if self.handling_body_id is None and self.organisation_id is not None:
            self.handling_body_id = self.organisation_id
        # The Department's counters change in the transaction that stores the petition (counters.py).
        update_fields = kwargs.get("update_fields")
        counted = update_fields is None or bool(counters.COUNTED_FIELD_NAMES & set(update_fields))
        with transaction.atomic(savepoint=False):
            before = self._stored_counted() if counted else None
            self._save_row(identity, refresh_search, args, kwargs)
            if counted:
                after = counters.values_of(self)
                if before is not None and update_fields is not None:
                    saved = set(update_fields)
                    after = {
                        f: after[f] if f in saved or f.removesuffix("_id") in saved else v for f, v in before.items()
                    }
                counters.apply(PetitionCount._meta.db_table, counters.change(before, after), using=self._state.db)

    def _stored_counted(self) -> dict[str, Any] | None:
        """Return the stored counted columns, locked until the commit (None for a row not stored yet).

        A transition that has just read them under its own row lock hands them over in `locked_counted` (used
        once, by the next save)."""
        handed, self.locked_counted = self.locked_counted, None
        if handed is not None:
            return handed
        if self._state.adding or self.pk is None:
            return None
        return (
            Petition._base_manager.using(self._state.db)
            .select_for_update()
            .filter(pk=self.pk)
            .values(*counters.COUNTED_FIELDS)
            .first()
        )

    def write_columns(self, fields: Any) -> None:
        """Write these columns with a plain UPDATE (no save: no signals, no audit snapshot), counters kept right."""
        fields = list(fields)
        counted = bool(counters.COUNTED_FIELD_NAMES & set(fields))
        with transaction.atomic(savepoint=False):
            before = self._stored_counted() if counted else None
            Petition._base_manager.using(self._state.db).filter(pk=self.pk).update(
                **{f: getattr(self, f) for f in fields}
            )
            if before is not None:
                after = {
                    f: getattr(self, f) if f in fields or f.removesuffix("_id") in fields else v
                    for f, v in before.items()
                }
                counters.apply(PetitionCount._meta.db_table, counters.change(before, after), using=self._state.db)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """Delete the petition and take it out of the counters in the same transaction."""
        with transaction.atomic(savepoint=False):
            before = self._stored_counted()
            out = super().delete(*args, **kwargs)
            counters.apply(PetitionCount._meta.db_table, counters.change(before, None), using=self._state.db)
        return out

    def _save_row(self, identity: Any, refresh_search: bool, args: Any, kwargs: dict[str, Any]) -> None:
        if self.tracking_code:
            if refresh_search:
                self._refresh_search_text(identity, kwargs)
            super().save(*args, **kwargs)
            return
        # A new petition draws a random code (45 bits). The unique constraint, not a look-up beforehand, keeps two
        # petitions from sharing one — also two drawn at the same moment; a clash (practically never) draws again.

        for draw in range(1, TRACKING_CODE_DRAWS + 1):
            self.tracking_code = tracking.new_code()
            self._refresh_search_text(identity, kwargs)
            try:
                with transaction.atomic():
                    super().save(*args, **kwargs)
                return
            except IntegrityError as exc:
                self.tracking_code = ""
                if draw == TRACKING_CODE_DRAWS or "tracking_code" not in str(exc):
                    raise

    def _refresh_search_text(self, identity: Any, save_kwargs: dict[str, Any]) -> None:
        update_fields = save_kwargs.get("update_fields")
        if update_fields is None or ({"subject", "content", "accused_text"} & set(update_fields)):
            self.search_text = build_search_index(self, identity=identity)
            if update_fields is not None:
                save_kwargs["update_fields"] = set(update_fields) | {"search_text"}

    # ---- derived facts (no side effects)

    @property
    def is_open(self) -> bool:
        """Return whether the deadline is running."""
        return self.state in OPEN_STATES

    @property
    def is_denunciation(self) -> bool:
        """Return whether the denouncer's identity is protected by Luật Tố cáo Điều 9, 47."""
        return self.kind == Kind.TO_CAO

    def working_days_left(self, today: dt.date | None = None) -> int | None:
        """Return the working days from today to the due date (negative when overdue), or None."""
        if self.due_on is None or not self.is_open:
            return None

        return working_days_left(self.due_on, today=today, organisation=self.handling_body)

    def colour(self, today: dt.date | None = None) -> str:
        """Return "ok" (> 5 working days), "warn" (≤ 5) or "late" (overdue); "" without a deadline."""
        left = self.working_days_left(today)
        if left is None:
            return ""
        today = today or timezone.localdate()
        if self.due_on < today:
            return "late"
        return "warn" if left <= AMBER_WORKING_DAYS else "ok"

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Return whether an open petition is past its due date."""
        return self.is_open and self.due_on is not None and self.due_on < (today or timezone.localdate())


class PetitionCount(models.Model):
    """One counter of the Department aggregate: an organisation's petitions of one measure on one day (counters.py).

    Maintained by `Petition.save` in the petition's own transaction; rebuilt and checked by
    `manage petition_counters rebuild|check`.
    """

    organisation = models.ForeignKey("org.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False)
    measure = models.CharField(max_length=20, choices=[(m, m) for m in counters.MEASURES])
    grain = models.CharField(max_length=1, choices=[(counters.DAY, "day"), (counters.MONTH, "month")])
    day = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm đơn thư")
        verbose_name_plural = _("bộ đếm đơn thư")
        constraints = [
            # The upsert's conflict target (counters.apply).
            models.UniqueConstraint(fields=["organisation", "measure", "grain", "day"], name="petition_count_uniq"),
        ]
        indexes = [
            # The Department's read: a range of days of one grain for all its schools, from the index alone.
            models.Index(
                fields=["grain", "day", "measure", "organisation"], include=["n"], name="petition_count_read_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.measure} {self.grain} {self.day}: {self.n}"


class PetitionLink(models.Model):
    """A petition related to another (same matter, duplicate), with the reason the link was made."""

    from_petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="links_out")
    to_petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="links_in")
    reason = models.CharField(_("lý do liên kết"), max_length=255, blank=True)
    score = models.FloatField(_("độ tương đồng"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("liên kết đơn")
        verbose_name_plural = _("liên kết đơn")
        constraints = [
            models.UniqueConstraint(fields=["from_petition", "to_petition"], name="petition_link_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.from_petition_id} → {self.to_petition_id}"


class PetitionIdentity(OrgOwnedModel):
    """The petitioner's identity, kept apart from the petition and encrypted at rest.

    Only the assigned handler and the head of the handling body may read it (identity.py;
    Luật Tố cáo Điều 9(1)(b), 47, 56). The HMAC columns let the tracking page check the last phone
    digits and the duplicate finder match "same person" without decrypting anything.
    """

    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, related_name="identity")
    full_name = EncryptedTextField(_("họ và tên"), blank=True)
    address = EncryptedTextField(_("địa chỉ"), blank=True)
    phone = EncryptedTextField(_("điện thoại"), blank=True)
    email = EncryptedTextField(_("email"), blank=True)
    id_number = EncryptedTextField(_("số CCCD/giấy tờ"), blank=True)
    co_signers = EncryptedTextField(_("người cùng ký đơn"), blank=True)
    # The citizen's choice of channel for updates (choices.UpdatesBy) and, once they wrote to the OA, their Zalo
    # follower id: both say how to reach a person, so both are identity (encrypted, shown by the identity policy).
    updates_by = EncryptedCharField(_("nhận thông báo qua"), blank=True)
    zalo_user_id = EncryptedCharField(_("Zalo ID"), blank=True)
    has_handwriting_scan = models.BooleanField(_("có bản chụp chữ viết tay"), default=False)
    name_hmac = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_hmac = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_last4_hash = models.CharField(max_length=64, blank=True, editable=False)
    email_hmac = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    audit_redact = frozenset(
        {"full_name", "address", "phone", "email", "id_number", "co_signers", "updates_by", "zalo_user_id"}
    )
    # The keyed hashes follow the fields above: recording them would only repeat "[đã ẩn]".
    audit_ignore = OrgOwnedModel.audit_ignore | {"name_hmac", "phone_hmac", "phone_last4_hash", "email_hmac"}

    class Meta:
        verbose_name = _("danh tính người gửi đơn")
        verbose_name_plural = _("danh tính người gửi đơn")

    def audit_organisation(self) -> Any:
        return self.petition.audit_organisation()

    def __str__(self) -> str:
        return f"{_('Danh tính')} #{self.pk}"

    @property
    def updates_by_label(self) -> str:
        """Return the chosen channel for updates in words ("" when none was chosen)."""
        return str(UpdatesBy(self.updates_by).label) if self.updates_by in UpdatesBy.values else ""

    def save(self, *args: Any, refresh_search: bool = True, **kwargs: Any) -> None:
        """Refresh the keyed hashes from the plaintext before writing, then the petition's search text.

        `refresh_search=False` only when the petition was just written with this identity's values masked
        (`Petition.save(identity=...)`).
        """

        fill_hashes(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"name_hmac", "phone_hmac", "phone_last4_hash", "email_hmac"}
        super().save(*args, **kwargs)
        if not refresh_search:
            return
        # The petition's search text must not contain the identity: rebuild it now that we know it.

        petition = self.petition
        Petition._base_manager.filter(pk=petition.pk).update(search_text=build_search_index(petition, identity=self))


class PetitionAttachment(OrgOwnedModel):
    """A file of the petition: the original letter's scan, evidence, or a redacted copy for verifiers."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=_upload_to, max_length=255)
    original_name = EncryptedCharField(_("tên tệp"), max_length=255, blank=True)
    kind = models.CharField(_("loại tệp"), max_length=10, choices=AttachmentKind.choices, default=AttachmentKind.OTHER)
    size = models.PositiveIntegerField(_("dung lượng"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    description = models.CharField(_("mô tả"), max_length=255, blank=True)
    is_original = models.BooleanField(
        _("bản gốc đơn"), default=False, help_text=_("Bản chụp đơn gốc, lưu trong hồ sơ (Luật KN Điều 34).")
    )
    contains_identity = models.BooleanField(
        _("có thông tin danh tính"),
        default=True,
        help_text=_("Tệp có tên, địa chỉ, chữ viết của người gửi: chỉ người được phép xem danh tính mới tải được."),
    )
    redacted_of = models.ForeignKey(
        "self",
        verbose_name=_("bản che danh tính của"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="redacted_copies",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    audit_redact = frozenset({"original_name"})

    class Meta:
        verbose_name = _("tệp đính kèm đơn")
        verbose_name_plural = _("tệp đính kèm đơn")
        ordering = ["id"]

    def audit_organisation(self) -> Any:
        return self.petition.audit_organisation()

    def __str__(self) -> str:
        return self.description or f"{_('Tệp')} #{self.pk}"


class NumberedDocument(OrgOwnedModel):
    """An official document numbered in the school's register per type abbreviation (NĐ 30/2020 Điều 15).

    Petition documents and reception documents share the school's series (`allocate_number`).
    """

    kind = models.CharField(_("loại văn bản"), max_length=30, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    type_abbr = models.CharField(_("viết tắt tên loại"), max_length=10)
    number = models.PositiveIntegerField(_("số"))
    symbol = models.CharField(_("ký hiệu"), max_length=60)
    issued_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=255)
    file = models.FileField(_("tệp DOCX"), upload_to=_upload_to, max_length=255, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.number_text} — {self.title}"

    @property
    def number_text(self) -> str:
        """Return "01/TB-THPTNK" (leading zero under 10: NĐ 30/2020 Phụ lục I)."""
        return f"{self.number:02d}/{self.symbol}"


class PetitionDocument(NumberedDocument):
    """An official document issued on a petition, numbered in the school's register (NĐ 30/2020 Điều 15)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="documents")
    audience = models.CharField(_("gửi đến"), max_length=10, choices=Audience.choices, default=Audience.CITIZEN)
    contains_identity = models.BooleanField(_("có danh tính người gửi"), default=False)

    class Meta:
        verbose_name = _("văn bản xử lý đơn")
        verbose_name_plural = _("văn bản xử lý đơn")
        ordering = ["issued_on", "id"]
        constraints = [
            # Number + symbol unique per issuer per year (NĐ 30/2020 Điều 15): a race loses here, never silently.
            models.UniqueConstraint(
                fields=["organisation", "year", "type_abbr", "number"], name="petition_document_unique_number"
            ),
        ]

    def audit_organisation(self) -> Any:
        return self.petition.audit_organisation()


class NumberSequence(models.Model):
    """The last number used in one register series (organisation × year × series), locked to allocate."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=40)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sổ đăng ký số")
        verbose_name_plural = _("sổ đăng ký số")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "series"], name="number_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last}"


class PetitionStep(models.Model):
    """One line of the petition's timeline; `public` lines are shown on the citizen's tracking page."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="steps", db_index=False)  # see Meta
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    code = models.CharField(_("sự kiện"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    note = models.TextField(_("ghi chú"), blank=True)
    public = models.BooleanField(_("công dân được xem"), default=False)
    public_text = models.CharField(_("nội dung công khai"), max_length=255, blank=True)
    document = models.ForeignKey(
        PetitionDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("diễn biến xử lý")
        verbose_name_plural = _("diễn biến xử lý")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["petition", "at"], name="petition_step_idx"),  # also serves the foreign key
            models.Index(fields=["actor"], name="petition_step_actor_idx", condition=Q(actor__isnull=False)),
            models.Index(fields=["document"], name="petition_step_document_idx", condition=Q(document__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.code}"


# ====================================================================== handling records


class Verification(OrgOwnedModel):
    """Verification work (xác minh) with notes and evidence; verifiers see only the redacted petition."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="verifications")
    started_on = models.DateField(_("bắt đầu"), default=timezone.localdate)
    finished_on = models.DateField(_("kết thúc"), null=True, blank=True)
    verifiers = models.ManyToManyField("org.Person", verbose_name=_("người xác minh"), blank=True, related_name="+")
    notes = models.TextField(_("nội dung xác minh"), blank=True)
    findings = models.TextField(_("kết quả xác minh"), blank=True)
    evidence = models.FileField(_("chứng cứ"), upload_to=_upload_to, max_length=255, blank=True)
    request_differs = models.BooleanField(
        _("yêu cầu của người khiếu nại khác kết quả xác minh"),
        default=False,
        help_text=_("Khi đó phải đối thoại trước khi ra quyết định lần đầu (Luật KN Điều 30)."),
    )

    class Meta:
        verbose_name = _("xác minh")
        verbose_name_plural = _("xác minh")
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{_('Xác minh')} {self.started_on:%d/%m/%Y}"


class Dialogue(OrgOwnedModel):
    """A dialogue session (đối thoại: mandatory when request and verification differ — Luật KN Điều 30, 39)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="dialogues")
    held_on = models.DateField(_("ngày đối thoại"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    participants = models.TextField(_("thành phần"), blank=True)
    minutes = models.TextField(_("nội dung biên bản"), blank=True)
    signed_scan = models.FileField(_("biên bản đã ký"), upload_to=_upload_to, max_length=255, blank=True)
    document = models.ForeignKey(PetitionDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # NĐ 124/2020 Điều 28 as amended by NĐ 155/2026 Điều 11: written notice ≥ 05 days ahead; absence recorded.
    held = models.BooleanField(_("đã đối thoại"), default=True)
    notice_sent_on = models.DateField(_("ngày gửi thông báo đối thoại"), null=True, blank=True)
    notice_document = models.ForeignKey(
        PetitionDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    complainant_present = models.BooleanField(_("người khiếu nại có mặt"), default=True)
    absence_reason = models.TextField(_("lý do vắng mặt"), blank=True)
    absence_reason_valid = models.BooleanField(
        _("vắng mặt có lý do chính đáng"),
        default=False,
        help_text=_(
            "Lý do chính đáng là sự kiện bất khả kháng, trở ngại khách quan (NĐ 124/2020 Điều 28 khoản 5, Điều 28a)."
        ),
    )

    class Meta:
        verbose_name = _("đối thoại")
        verbose_name_plural = _("đối thoại")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{_('Đối thoại')} {self.held_on:%d/%m/%Y}"


class MediationGroup(OrgOwnedModel):
    """A school's mediation group (tổ hòa giải), formed from the Ban TTND or staff (seed plan: "giao cho Ban thanh tra
    nhân dân … thực hiện hòa giải"; composition after Luật Hòa giải ở cơ sở 2013 Điều 12 by analogy, UNCONFIRMED)."""

    name = models.CharField(_("tên tổ hòa giải"), max_length=200)
    board_term = models.ForeignKey(
        "board.BoardTerm",
        verbose_name=_("nhiệm kỳ Ban TTND"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    leader = models.ForeignKey(
        "org.Person", verbose_name=_("tổ trưởng"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    members = models.ManyToManyField("org.Person", verbose_name=_("hòa giải viên"), blank=True, related_name="+")
    formed_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    decision = models.CharField(_("quyết định thành lập"), max_length=100, blank=True)
    active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("tổ hòa giải")
        verbose_name_plural = _("tổ hòa giải")
        ordering = ["-active", "name", "id"]

    def __str__(self) -> str:
        return self.name


class Mediation(OrgOwnedModel):
    """One case of the mediation register (sổ theo dõi hòa giải): a session of the school's mediation group, on a
    petition or on an incident raised at the school (local practice after Luật HGCS 2013, UNCONFIRMED — domain.md
    §4.1). The parties of a petition's case are shown through `identity.policy_for`."""

    petition = models.ForeignKey(
        Petition, verbose_name=_("đơn"), null=True, blank=True, on_delete=models.CASCADE, related_name="mediations"
    )
    group = models.ForeignKey(
        MediationGroup,
        verbose_name=_("tổ hòa giải"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    year = models.PositiveSmallIntegerField(_("năm"), null=True, editable=False)
    number = models.PositiveIntegerField(_("số vụ việc"), null=True, editable=False)
    subject = models.CharField(_("vụ việc"), max_length=300, blank=True)
    parties = models.TextField(_("các bên"), blank=True)
    held_on = models.DateField(_("ngày hòa giải"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    participants = models.TextField(_("thành phần"), blank=True)
    board_members = models.ManyToManyField("org.Person", verbose_name=_("hòa giải viên"), blank=True, related_name="+")
    outcome = models.CharField(_("kết quả"), max_length=12, choices=MediationOutcome.choices)
    agreement = models.TextField(_("nội dung thỏa thuận"), blank=True)
    minutes = models.TextField(_("nội dung biên bản"), blank=True)
    signed_scan = models.FileField(_("biên bản đã ký"), upload_to=_upload_to, max_length=255, blank=True)
    document = models.ForeignKey(PetitionDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("hòa giải")
        verbose_name_plural = _("hòa giải")
        ordering = ["held_on", "id"]
        indexes = [models.Index(fields=["organisation", "held_on"], name="mediation_org_held_idx")]

    def __str__(self) -> str:
        return f"{_('Hòa giải')} {self.held_on:%d/%m/%Y} — {self.get_outcome_display()}"

    @property
    def code(self) -> str:
        """Return the register number "03/2026" (empty for a record made before the register)."""
        return f"{self.number:02d}/{self.year}" if self.number and self.year else ""


class Extension(OrgOwnedModel):
    """An extension of the resolution period by written decision (Luật TC Điều 30; NĐ 31/2019 Điều 3, Mẫu 01)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="extensions")
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"))
    days = models.PositiveSmallIntegerField(_("số ngày gia hạn"))
    reason = models.TextField(_("lý do"))
    legal_basis = models.CharField(_("căn cứ"), max_length=255)
    document = models.ForeignKey(PetitionDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    complexity_grounds = models.CharField(
        _("tiêu chí phức tạp"),
        max_length=40,
        blank=True,
        help_text=_("Các tiêu chí của NĐ 31/2019/NĐ-CP Điều 3(2) làm căn cứ gia hạn giải quyết tố cáo."),
    )

    class Meta:
        verbose_name = _("gia hạn")
        verbose_name_plural = _("gia hạn")
        ordering = ["decision_date", "id"]

    def __str__(self) -> str:
        return f"{_('Gia hạn')} {self.days} {_('ngày')} ({self.decision_date:%d/%m/%Y})"


class PetitionFingerprint(models.Model):
    """One MinHash LSH band of a petition's content, for duplicate detection (filled by duplicates.py)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="fingerprints")
    # Looked up by (organisation, band, value) only: the composite index below serves the foreign key too.
    organisation = models.ForeignKey("org.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False)
    band = models.SmallIntegerField()
    value = models.BigIntegerField()

    class Meta:
        verbose_name = _("dấu vân tay nội dung đơn")
        verbose_name_plural = _("dấu vân tay nội dung đơn")
        indexes = [models.Index(fields=["organisation", "band", "value"], name="petition_fp_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.petition_id}:{self.band}:{self.value}"


# ====================================================================== head's reception days, reception documents


class HeadReceptionDay(OrgOwnedModel):
    """A day on which the head of the school receives citizens in person (NĐ 154/2026/NĐ-CP Điều 10(2), (3)).

    At least one day a month, plus ad hoc sessions; the head may not delegate it to a deputy. The schedule
    (place, hours, the head, participants, planned content) is published at the school and on its public
    page (Điều 11(2)): nothing in these fields may be private.
    """

    date = models.DateField(_("ngày tiếp"))
    start_time = models.TimeField(_("từ giờ"))
    end_time = models.TimeField(_("đến giờ"))
    place = models.CharField(_("địa điểm"), max_length=255)
    head = models.ForeignKey(
        "org.Person", verbose_name=_("người đứng đầu tiếp"), on_delete=models.PROTECT, related_name="+"
    )
    participants = models.TextField(_("thành phần tham dự"), blank=True)
    content = models.TextField(_("dự kiến nội dung"), blank=True)
    session_kind = models.CharField(
        _("loại buổi tiếp"), max_length=10, choices=HeadSessionKind.choices, default=HeadSessionKind.MONTHLY
    )
    cancelled = models.BooleanField(_("đã hủy"), default=False)

    class Meta:
        verbose_name = _("lịch tiếp công dân của người đứng đầu")
        verbose_name_plural = _("lịch tiếp công dân của người đứng đầu")
        ordering = ["date", "start_time", "id"]
        indexes = [models.Index(fields=["organisation", "date"], name="head_day_org_date_idx")]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class ReceptionPlace(OrgOwnedModel):
    """Where and when the school receives citizens regularly, as published (NĐ 154/2026/NĐ-CP Điều 11(2)(a))."""

    place = models.CharField(_("nơi tiếp công dân"), max_length=255)
    regular_hours = models.CharField(_("thời gian tiếp công dân thường xuyên"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("nơi tiếp công dân")
        verbose_name_plural = _("nơi tiếp công dân")
        constraints = [models.UniqueConstraint(fields=["organisation"], name="reception_place_one_per_org")]

    def __str__(self) -> str:
        return self.place


class ReceptionDocument(NumberedDocument):
    """A numbered document issued on a reception: Mẫu 01/TCD or 02/TCD of NĐ 154/2026 (NĐ 30/2020 layout).

    Numbers share the school's series per type abbreviation with the petition documents (`allocate_number`).
    """

    reception = models.ForeignKey(Reception, on_delete=models.CASCADE, related_name="documents")
    items = models.TextField(_("thông tin, tài liệu đã nhận"), blank=True)
    contains_identity = models.BooleanField(_("có danh tính người gửi"), default=True)

    class Meta:
        verbose_name = _("văn bản tiếp công dân")
        verbose_name_plural = _("văn bản tiếp công dân")
        ordering = ["issued_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "type_abbr", "number"], name="reception_document_unique_number"
            ),
        ]

    def audit_organisation(self) -> Any:
        return self.reception.audit_organisation()


class DenunciationWithdrawal(OrgOwnedModel):
    """A withdrawal of a denunciation, whole or partial, by letter (Mẫu 02) or in person (Mẫu 03).

    Luật Tố cáo 2018 Điều 33; NĐ 31/2019/NĐ-CP Điều 4 as amended by NĐ 156/2026/NĐ-CP Điều 1. When a ground of
    Điều 4(4) applies, the resolver decides to continue: `continue_ground` says which one.
    """

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="denunciation_withdrawals")
    withdrawn_at = models.DateTimeField(_("rút tố cáo lúc"))
    scope = models.CharField(_("phạm vi rút"), max_length=10, choices=WithdrawalScope.choices)
    withdrawn_content = EncryptedTextField(_("nội dung tố cáo được rút"), blank=True)
    form = models.CharField(_("hình thức rút"), max_length=10, choices=WithdrawalForm.choices)
    continue_ground = models.CharField(
        _("căn cứ tiếp tục giải quyết"), max_length=2, choices=ContinuationGround.choices, blank=True
    )
    note = models.TextField(_("ghi chú"), blank=True)
    document = models.ForeignKey(PetitionDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    audit_redact = frozenset({"withdrawn_content", "note"})

    class Meta:
        verbose_name = _("rút tố cáo")
        verbose_name_plural = _("rút tố cáo")
        ordering = ["withdrawn_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} ({self.withdrawn_at:%d/%m/%Y})"


# ====================================================================== complaints after the 01/7/2026 reform


class Suspension(OrgOwnedModel):
    """A decision to suspend (tạm đình chỉ) or terminate (đình chỉ) a complaint's resolution, Mẫu 14a.

    Luật KN Điều 11a (Luật 136/2025/QH15); NĐ 124/2020 Điều 28a, 28b (NĐ 155/2026 Điều 12). A suspension is
    ended by a resumption decision (Mẫu 14b); the resolution period continues from it and the suspended days
    are excluded (`excluded_days`).
    """

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="suspensions")
    terminates = models.BooleanField(_("đình chỉ (chấm dứt giải quyết)"), default=False)
    ground = models.CharField(_("căn cứ"), max_length=12, choices=SuspensionGround.choices)
    reason = models.TextField(_("lý do"))
    evidence = models.TextField(
        _("tài liệu chứng minh"),
        blank=True,
        help_text=_("NĐ 124/2020 Điều 28a khoản 4: phải có căn cứ, tài liệu chứng minh."),
    )
    commune_committee = models.CharField(_("UBND cấp xã nhận quyết định"), max_length=255, blank=True)
    from_state = models.CharField(_("trạng thái trước"), max_length=20, blank=True)
    decided_on = models.DateField(_("ngày ban hành"))
    sent_on = models.DateField(_("ngày gửi"), null=True, blank=True)
    send_due_on = models.DateField(_("hạn gửi"), null=True, blank=True)
    document = models.ForeignKey(PetitionDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resumed_on = models.DateField(_("ngày quyết định tiếp tục giải quyết"), null=True, blank=True)
    resume_sent_on = models.DateField(_("ngày gửi quyết định tiếp tục"), null=True, blank=True)
    resume_send_due_on = models.DateField(_("hạn gửi quyết định tiếp tục"), null=True, blank=True)
    resume_document = models.ForeignKey(
        PetitionDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("tạm đình chỉ, đình chỉ giải quyết")
        verbose_name_plural = _("tạm đình chỉ, đình chỉ giải quyết")
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_ground_display()} {self.decided_on:%d/%m/%Y}"

    @property
    def excluded_days(self) -> int:
        """Return the days not counted in the period: from the suspension to the resumption decision."""
        if self.terminates or self.resumed_on is None:
            return 0
        return max(0, (self.resumed_on - self.decided_on).days)


class Withdrawal(OrgOwnedModel):
    """A withdrawal of the whole complaint or of a part (Luật KN Điều 10 from Luật 136; NĐ 124/2020 Điều 7a).

    A part withdrawn is not reconsidered unless the withdrawal was coerced or threatened (`coerced`): a new
    complaint of the same person with this content is refused at acceptance.
    """

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="withdrawals")
    whole = models.BooleanField(_("rút toàn bộ"), default=False)
    content = EncryptedTextField(_("nội dung rút"))
    withdrawn_by = EncryptedCharField(
        _("người rút"),
        max_length=255,
        blank=True,
        help_text=_("Nhiều người cùng khiếu nại: ghi người rút (NĐ 124/2020 Điều 7a)."),
    )
    mode = models.CharField(_("hình thức"), max_length=10, choices=WithdrawalMode.choices)
    withdrawn_on = models.DateField(_("ngày rút"))
    coerced = models.BooleanField(_("rút do bị ép buộc, đe dọa"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)

    audit_redact = frozenset({"withdrawn_by", "content"})

    class Meta:
        verbose_name = _("rút khiếu nại")
        verbose_name_plural = _("rút khiếu nại")
        ordering = ["withdrawn_on", "id"]

    def __str__(self) -> str:
        return f"{_('Rút khiếu nại')} {self.withdrawn_on:%d/%m/%Y}"


# ====================================================================== scanned letters read by OCR


class ScanReading(OrgOwnedModel):
    """A scanned letter a clerk uploaded, read by OCR in the background; its text pre-fills a new petition.

    The text holds the sender's identity as written in the letter, so it and the identity found in it are
    encrypted at rest like PetitionIdentity's fields, and shown only to the clerk who enters the petition.
    """

    scan = models.FileField(_("bản chụp"), upload_to=_upload_to, max_length=255)
    kind = models.CharField(_("loại tệp"), max_length=10)
    pages = models.PositiveSmallIntegerField(_("số trang"), default=1)
    original_name = EncryptedCharField(_("tên tệp"), max_length=255, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=ScanStatus.choices, default=ScanStatus.QUEUED)
    message = models.CharField(_("thông báo"), max_length=300, blank=True)
    searchable = models.FileField(_("bản PDF tìm kiếm được"), upload_to=_upload_to, max_length=255, blank=True)
    text = EncryptedTextField(_("nội dung đọc được"), blank=True)
    found_name = EncryptedTextField(_("họ tên tìm thấy"), blank=True)
    found_phone = EncryptedTextField(_("điện thoại tìm thấy"), blank=True)
    found_id_number = EncryptedTextField(_("số CCCD tìm thấy"), blank=True)
    found_address = EncryptedTextField(_("địa chỉ tìm thấy"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    petition = models.ForeignKey(
        Petition,
        verbose_name=_("đơn đã tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scan_readings",
    )
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    audit_redact = frozenset({"original_name", "text", "found_name", "found_phone", "found_id_number", "found_address"})
    # Progress ticks are not business changes; the result is recorded by its own entry (petitions.scan.read).
    audit_ignore = frozenset(
        {
            "created_at",
            "updated_at",
            "status",
            "message",
            "finished_at",
            "searchable",
            "text",
            "found_name",
            "found_phone",
            "found_id_number",
            "found_address",
        }
    )

    class Meta:
        verbose_name = _("bản chụp đơn đọc bằng OCR")
        verbose_name_plural = _("bản chụp đơn đọc bằng OCR")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{_('Bản chụp')} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        """Return whether the job ended (read or failed): the page stops polling."""
        return self.status in (ScanStatus.DONE, ScanStatus.FAILED)
