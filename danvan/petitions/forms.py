"""Staff forms: citizen reception and petition entry, and one small form per workflow action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.board.models import BoardMember, BoardTerm
from danvan.core.forms import BoundedModelMultipleChoiceField, date_field
from danvan.lib.tracking import normalise_code
from danvan.org.models import Person
from danvan.petitions.choices import (
    COMPLAINT_KINDS,
    FIRST_DECISION_RECIPIENTS,
    SECOND_DECISION_RECIPIENTS,
    SECOND_TIME_KINDS,
    SUSPENSION_GROUNDS,
    TERMINATION_GROUNDS,
    AccusedRole,
    Action,
    Channel,
    ComplaintAction,
    ComplaintConclusion,
    ComplexCriterion,
    ComplexityGround,
    ContinuationGround,
    DecisionPublicityForm,
    DecisionRecipient,
    DenunciationConclusion,
    FiledReason,
    HeadSessionKind,
    IdentityPaper,
    IdentityVisibility,
    InitialProcessingReason,
    Kind,
    MediationOutcome,
    NotAcceptedReason,
    PublicityForm,
    ReceptionOutcome,
    RefusalGround,
    ReResolutionGround,
    Satisfaction,
    WithdrawalForm,
    WithdrawalMode,
    WithdrawalScope,
)
from danvan.petitions.models import HeadReceptionDay, MediationGroup, Petition
from danvan.petitions.ocr import check_scan
from danvan.petitions.public_forms import MultipleFileField, clean_attachments, normalise_vn_phone

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
STAFF_CHANNELS = [c for c in Channel.choices if c[0] != Channel.WEB]
RECEPTION_KINDS = {Kind.KHIEU_NAI, Kind.KHIEU_NAI_LAN_2, Kind.TO_CAO, Kind.KIEN_NGHI, Kind.PHAN_ANH}


def _now_local() -> Any:
    return timezone.localtime().replace(second=0, microsecond=0)


def _clean_phone(value: str) -> str:
    value = (value or "").strip()
    return normalise_vn_phone(value) if value else ""


class PetitionItemForm(forms.Form):
    """One content of a letter or a reception, registered as its own petition (Luật TCD Điều 25(3))."""

    kind = forms.ChoiceField(label=_("Loại đơn"), choices=Kind.choices, initial=Kind.CHUA_RO)
    subject = forms.CharField(label=_("Trích yếu"), max_length=255, required=False)
    content = forms.CharField(
        label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 4, "data-dup-text": "1"}), required=False
    )
    accused_role = forms.ChoiceField(
        label=_("Đơn nói về ai"),
        choices=[("", "—"), *AccusedRole.choices],
        required=False,
        help_text=_(
            "Tố cáo Hiệu trưởng, Phó hiệu trưởng, nhà trường: chuyển ngay cơ quan "
            "quản lý cấp trên (Luật Tố cáo 2018 Điều 12, 13)."
        ),
    )
    accused_text = forms.CharField(label=_("Người/việc bị khiếu nại, tố cáo"), max_length=255, required=False)

    def has_content(self) -> bool:
        """Tell whether this item was filled in (blank extra items are skipped)."""
        return bool((self.cleaned_data.get("content") or "").strip())


PetitionItemFormSet = forms.formset_factory(PetitionItemForm, extra=3, max_num=10, min_num=0)


class ReceptionForm(forms.Form):
    """A line of the sổ tiếp công dân (Luật Tiếp công dân 2013 Điều 25(2) columns)."""

    received_at = forms.DateTimeField(
        label=_("Thời gian tiếp"),
        widget=DATETIME,
        initial=_now_local,
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
    citizen_name = forms.CharField(
        label=_("Họ tên công dân"), max_length=120, required=False, widget=forms.TextInput(attrs={"data-dup-name": "1"})
    )
    citizen_address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    citizen_phone = forms.CharField(
        label=_("Điện thoại"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"data-dup-phone": "1", "inputmode": "tel"}),
    )
    citizen_id_number = forms.CharField(label=_("Số CCCD/giấy tờ"), max_length=20, required=False)
    people_count = forms.IntegerField(label=_("Số người"), min_value=1, max_value=500, initial=1)
    content = forms.CharField(
        label=_("Nội dung vụ việc"), widget=forms.Textarea(attrs={"rows": 4, "data-dup-text": "1"})
    )
    prior_handling = forms.CharField(
        label=_("Cơ quan đã giải quyết (nếu có)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    requests = forms.CharField(
        label=_("Yêu cầu của công dân"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    outcome = forms.ChoiceField(
        label=_("Kết quả tiếp, xử lý"), choices=ReceptionOutcome.choices, initial=ReceptionOutcome.PETITION
    )
    result_summary = forms.CharField(
        label=_("Tóm tắt kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    by_head = forms.BooleanField(label=_("Người đứng đầu trực tiếp tiếp"), required=False)
    is_denunciation = forms.BooleanField(label=_("Có nội dung tố cáo (giữ bí mật người tố cáo)"), required=False)
    accused_role = forms.ChoiceField(
        label=_("Tố cáo ai"),
        choices=[("", "—"), *AccusedRole.choices],
        required=False,
        help_text=_(
            "Tố cáo Hiệu trưởng, Phó hiệu trưởng, nhà trường: chỉ cơ quan quản lý cấp trên xem được lượt tiếp này."
        ),
    )

    # ---- NĐ 154/2026/NĐ-CP: identity paper (Điều 12(1)), Mẫu 03/TCD columns 6, 9–11, 13, refusal (Điều 4)
    id_paper = forms.ChoiceField(
        label=_("Loại giấy tờ tùy thân"), required=False, choices=[("", "—"), *IdentityPaper.choices]
    )
    kind = forms.ChoiceField(
        label=_("Loại đơn"), required=False, choices=[("", "—"), *[c for c in Kind.choices if c[0] in RECEPTION_KINDS]]
    )
    in_competence = forms.BooleanField(label=_("Thuộc thẩm quyền của đơn vị"), required=False, initial=True)
    guided_to = forms.CharField(label=_("Hướng dẫn công dân đến (cơ quan, số văn bản)"), max_length=255, required=False)
    accepted_by = forms.CharField(
        label=_("Cơ quan, đơn vị thụ lý (số văn bản chuyển đơn)"), max_length=255, required=False
    )
    refusal_ground = forms.ChoiceField(
        label=_("Căn cứ từ chối tiếp (nếu từ chối)"), required=False, choices=[("", "—"), *RefusalGround.choices]
    )
    head_session = forms.ChoiceField(label=_("Buổi tiếp của người đứng đầu"), required=False, choices=[("", "—")])
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = [
        "received_at",
        "citizen_name",
        "citizen_address",
        "citizen_phone",
        "id_paper",
        "citizen_id_number",
        "people_count",
        "kind",
        "content",
        "prior_handling",
        "requests",
        "in_competence",
        "guided_to",
        "accepted_by",
        "outcome",
        "refusal_ground",
        "result_summary",
        "by_head",
        "head_session",
        "is_denunciation",
        "note",
    ]

    def __init__(self, *args: Any, organisation: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.head_days: dict[str, Any] = {}
        if organisation is not None:
            days = (
                HeadReceptionDay.objects.filter(organisation=organisation, cancelled=False)
                .select_related("head")
                .order_by("-date")[:24]
            )
            self.head_days = {str(d.pk): d for d in days}
            self.fields["head_session"].choices = [("", "—")] + [
                (str(d.pk), f"{d.date:%d/%m/%Y} {d.start_time:%H:%M}–{d.end_time:%H:%M} — {d.head.full_name}")
                for d in days
            ]

    def clean_citizen_phone(self) -> str:
        return _clean_phone(self.cleaned_data.get("citizen_phone"))

    def clean_head_session(self) -> Any:
        value = self.cleaned_data.get("head_session")
        return self.head_days.get(value) if value else None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("citizen_id_number") or "").strip() and not data.get("id_paper"):
            self.add_error(
                "id_paper",
                _(
                    "Chọn loại giấy tờ: số căn cước, giấy chứng nhận căn cước, số định danh cá "
                    "nhân hoặc hộ chiếu (NĐ 154/2026/NĐ-CP Điều 12(1))."
                ),
            )
        if data.get("outcome") == ReceptionOutcome.REFUSED and not data.get("refusal_ground"):
            self.add_error("refusal_ground", _("Chọn căn cứ từ chối tiếp công dân."))
        return data


class RefusalForm(forms.Form):
    """Refuse a reception after the visit, from the day the grounds are established (NĐ 154/2026 Điều 4)."""

    ground = forms.ChoiceField(label=_("Căn cứ từ chối tiếp"), choices=RefusalGround.choices)
    grounds_on = forms.DateField(label=_("Ngày có đủ căn cứ từ chối"), widget=DATE, initial=timezone.localdate)


class DocumentReceiptForm(forms.Form):
    """The documents listed on a Giấy biên nhận thông tin, tài liệu (Mẫu 02/TCD)."""

    items = forms.CharField(
        label=_("Thông tin, tài liệu đã nhận (mỗi dòng một tài liệu: tên, số trang, tình trạng)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    copies = forms.IntegerField(label=_("Số bản"), min_value=2, max_value=10, initial=2)

    def item_list(self) -> list[str]:
        """Return the non-empty lines."""
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]


class HeadReceptionDayForm(forms.Form):
    """A head's reception day to plan and publish (NĐ 154/2026/NĐ-CP Điều 10(2), 11(2))."""

    date = forms.DateField(label=_("Ngày tiếp"), widget=DATE)
    start_time = forms.TimeField(
        label=_("Từ giờ"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), initial="07:30"
    )
    end_time = forms.TimeField(
        label=_("Đến giờ"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), initial="11:00"
    )
    place = forms.CharField(label=_("Địa điểm tiếp công dân"), max_length=255)
    head = forms.ChoiceField(label=_("Người đứng đầu tiếp"), choices=[])
    session_kind = forms.ChoiceField(
        label=_("Loại buổi tiếp"), choices=HeadSessionKind.choices, initial=HeadSessionKind.MONTHLY
    )
    participants = forms.CharField(
        label=_("Thành phần tham dự (được công khai)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    content = forms.CharField(
        label=_("Dự kiến nội dung (được công khai; không ghi thông tin cá nhân)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, heads: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.heads = {str(p.pk): p for p in heads or []}
        self.fields["head"].choices = [(k, p.full_name) for k, p in self.heads.items()]

    def clean_head(self) -> Any:
        return self.heads.get(self.cleaned_data.get("head") or "")


class ReceptionPlaceForm(forms.Form):
    """The school's reception place and regular hours, as published (NĐ 154/2026/NĐ-CP Điều 11(2)(a))."""

    place = forms.CharField(label=_("Nơi tiếp công dân"), max_length=255)
    regular_hours = forms.CharField(label=_("Thời gian tiếp công dân thường xuyên"), max_length=255, required=False)


class LetterForm(forms.Form):
    """A petition received by letter, e-mail, phone or transferred from another body; may hold several contents."""

    channel = forms.ChoiceField(label=_("Hình thức tiếp nhận"), choices=STAFF_CHANNELS, initial=Channel.LETTER)
    received_at = forms.DateTimeField(
        label=_("Ngày nhận"), widget=DATETIME, initial=_now_local, input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]
    )
    transferred_from = forms.CharField(label=_("Cơ quan chuyển đến (nếu có)"), max_length=255, required=False)
    identity_visibility = forms.ChoiceField(
        label=_("Danh tính người gửi"),
        choices=[
            (IdentityVisibility.HANDLER_ONLY, IdentityVisibility.HANDLER_ONLY.label),
            (IdentityVisibility.ANONYMOUS, _("Đơn nặc danh / không rõ người gửi")),
        ],
        initial=IdentityVisibility.HANDLER_ONLY,
    )
    full_name = forms.CharField(
        label=_("Họ tên người gửi"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"data-dup-name": "1"}),
    )
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    phone = forms.CharField(
        label=_("Điện thoại"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"data-dup-phone": "1", "inputmode": "tel"}),
    )
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    signers_count = forms.IntegerField(label=_("Số người ký đơn"), min_value=1, max_value=500, initial=1)
    scan = MultipleFileField(
        label=_("Bản chụp đơn gốc (lưu làm bản gốc)"),
        required=False,
        help_text=_("PDF, ảnh PNG/JPEG hoặc Word; tối đa 5 tệp."),
    )
    # The scan read by OCR this entry was pre-filled from (petitions.ocr): its searchable PDF is attached.
    scan_reading = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data.get("phone"))

    def clean_scan(self) -> list[Any]:
        return clean_attachments(self.cleaned_data.get("scan") or [])


def at_least_one_item(formset: Any) -> list[dict[str, Any]]:
    """Return the filled items of a formset, or raise ValidationError when none is."""
    items = [f.cleaned_data for f in formset.forms if f.is_valid() and f.has_content()]
    if not items:
        raise ValidationError(_("Ghi nội dung của ít nhất một đơn."))
    return items


# ====================================================================== workflow actions


class ActionForm(forms.Form):
    """Base of the action forms: `service_kwargs()` is what the service function receives."""

    action: str = ""

    def __init__(self, *args: Any, petition: Any = None, **kwargs: Any) -> None:
        self.petition = petition
        kwargs.setdefault("prefix", self.action)
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict[str, Any]:
        """Return the keyword arguments of the service call."""
        return dict(self.cleaned_data)


def _handlers_of(petition: Any) -> Any:
    body = petition.handling_body
    qs = Person.objects.filter(organisation_id=body.tenant_id or body.pk, user__isnull=False)
    if petition.accused_person_id:
        qs = qs.exclude(pk=petition.accused_person_id)
    return qs.order_by("full_name")


class AssignForm(ActionForm):
    action = Action.ASSIGN
    handler = forms.ModelChoiceField(label=_("Cán bộ xử lý"), queryset=None)
    note = forms.CharField(label=_("Ghi chú"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = _handlers_of(self.petition)


class ClassifyForm(ActionForm):
    action = Action.CLASSIFY
    kind = forms.ChoiceField(label=_("Loại đơn"), choices=[c for c in Kind.choices if c[0] != Kind.CHUA_RO])
    is_complex = forms.BooleanField(label=_("Vụ việc phức tạp"), required=False)
    is_very_complex = forms.BooleanField(label=_("Đặc biệt phức tạp"), required=False)
    is_remote = forms.BooleanField(label=_("Vùng sâu, vùng xa"), required=False)
    accused_role = forms.ChoiceField(
        label=_("Đơn nói về ai"),
        choices=[("", "—"), *AccusedRole.choices],
        required=False,
        help_text=_(
            "Tố cáo Hiệu trưởng, Phó hiệu trưởng, nhà trường: chuyển ngay cơ quan "
            "quản lý cấp trên (Luật Tố cáo 2018 Điều 12, 13)."
        ),
    )
    discipline_dismissal = forms.BooleanField(
        label=_(
            "Khiếu nại quyết định kỷ luật buộc thôi việc (khiếu nại lần hai trong 30 ngày — Luật Khiếu nại Điều 48)"
        ),
        required=False,
    )
    accused_text = forms.CharField(label=_("Người/việc bị khiếu nại, tố cáo"), max_length=255, required=False)
    masked_names = forms.CharField(
        label=_("Tên cần che khi công khai (mỗi dòng một tên)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        p = self.petition
        if p is not None and not self.is_bound:
            self.initial.update(
                kind=p.kind if p.kind != Kind.CHUA_RO else None,
                is_complex=p.is_complex,
                is_very_complex=p.is_very_complex,
                is_remote=p.is_remote,
                accused_text=p.accused_text,
                accused_role=p.accused_role,
            )


class ConflictForm(forms.Form):
    """A declaration of conflict of interest by the handler or the head (NĐ 31/2019/NĐ-CP Điều 5)."""

    declaration = forms.CharField(
        label=_("Quan hệ thân nhân hoặc lợi ích liên quan"),
        max_length=255,
        help_text=_("Người khai không được xử lý đơn; Hiệu trưởng khai thì đơn chuyển ngay cơ quan quản lý cấp trên."),
    )


class AcceptForm(ActionForm):
    action = Action.ACCEPT
    accepted_on = forms.DateField(label=_("Ngày thụ lý"), required=False, widget=DATE)
    handler = forms.ModelChoiceField(label=_("Giao cán bộ xử lý"), queryset=None, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = _handlers_of(self.petition)


class NotAcceptForm(ActionForm):
    action = Action.NOT_ACCEPT
    reason = forms.ChoiceField(label=_("Lý do không thụ lý"), choices=NotAcceptedReason.choices)
    note = forms.CharField(label=_("Ghi chú"), required=False)


class TransferForm(ActionForm):
    action = Action.TRANSFER
    to_name = forms.CharField(label=_("Chuyển đến cơ quan"), max_length=255)
    note = forms.CharField(label=_("Ghi chú"), required=False)


class GuideForm(ActionForm):
    action = Action.GUIDE
    guided_to = forms.CharField(label=_("Hướng dẫn gửi đến"), max_length=255)
    note = forms.CharField(label=_("Ghi chú"), required=False)


class FileForm(ActionForm):
    action = Action.FILE
    reason = forms.ChoiceField(label=_("Lý do lưu đơn"), choices=FiledReason.choices)
    note = forms.CharField(label=_("Ghi chú"), required=False)


class MergeForm(ActionForm):
    action = Action.MERGE
    into = forms.CharField(label=_("Gộp vào đơn (mã theo dõi)"), max_length=20)
    reason = forms.CharField(label=_("Lý do gộp"), max_length=255)

    def clean_into(self) -> Any:
        code = normalise_code(self.cleaned_data["into"])
        target = Petition._base_manager.filter(tracking_code=code).first()
        if (
            target is None
            or self.petition is None
            or (
                target.organisation_id != self.petition.organisation_id
                and target.handling_body_id != self.petition.handling_body_id
            )
        ):
            raise ValidationError(_("Không tìm thấy đơn có mã này trong đơn vị."))
        return target


class StartVerificationForm(ActionForm):
    action = Action.START_VERIFICATION
    notes = forms.CharField(label=_("Kế hoạch xác minh"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RecordVerificationForm(ActionForm):
    action = Action.RECORD_VERIFICATION
    findings = forms.CharField(label=_("Kết quả xác minh"), widget=forms.Textarea(attrs={"rows": 3}))
    finished_on = forms.DateField(label=_("Ngày kết thúc"), required=False, widget=DATE)
    request_differs = forms.BooleanField(
        label=_("Yêu cầu của người khiếu nại khác kết quả xác minh (phải đối thoại — Luật Khiếu nại Điều 30)"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.petition is not None and self.petition.kind not in COMPLAINT_KINDS:
            del self.fields["request_differs"]


class DialogueForm(ActionForm):
    action = Action.RECORD_DIALOGUE
    held_on = forms.DateField(label=_("Ngày đối thoại"), widget=DATE)
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    participants = forms.CharField(label=_("Thành phần"), widget=forms.Textarea(attrs={"rows": 2}))
    minutes = forms.CharField(label=_("Nội dung biên bản"), widget=forms.Textarea(attrs={"rows": 3}))
    complainant_present = forms.BooleanField(label=_("Người khiếu nại có mặt"), required=False, initial=True)
    absence_reason = forms.CharField(label=_("Lý do vắng mặt (nếu vắng)"), required=False)
    absence_reason_valid = forms.BooleanField(
        label=_("Vắng mặt có lý do chính đáng (bất khả kháng, trở ngại khách quan — NĐ 124/2020 Điều 28a)"),
        required=False,
    )


def _staff_of(organisation: Any) -> Any:
    return Person.objects.filter(
        Q(organisation_id=organisation.pk) | Q(organisation__tenant_id=organisation.pk)
    ).order_by("full_name")


def _groups_of(organisation: Any) -> Any:
    return MediationGroup.objects.filter(organisation=organisation, active=True).order_by("name")


class MediationForm(ActionForm):
    action = Action.RECORD_MEDIATION
    held_on = date_field(_("Ngày hòa giải"))
    group = forms.ModelChoiceField(label=_("Tổ hòa giải"), queryset=MediationGroup.objects.none(), required=False)
    board_members = BoundedModelMultipleChoiceField(
        label=_("Hòa giải viên"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Để trống: các hòa giải viên của tổ."),
    )
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=MediationOutcome.choices)
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    parties = forms.CharField(
        label=_("Các bên"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    participants = forms.CharField(
        label=_("Thành phần"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    agreement = forms.CharField(
        label=_("Nội dung thỏa thuận (khi hòa giải thành)"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    minutes = forms.CharField(
        label=_("Nội dung biên bản"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.petition is not None:
            body = self.petition.handling_body
            self.fields["group"].queryset = _groups_of(body)
            self.fields["board_members"].queryset = _staff_of(body)


class MediationCaseForm(forms.Form):
    """A mediation on an incident at the school that came with no petition."""

    subject = forms.CharField(label=_("Vụ việc"), max_length=300)
    parties = forms.CharField(label=_("Các bên"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    held_on = date_field(_("Ngày hòa giải"))
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    group = forms.ModelChoiceField(label=_("Tổ hòa giải"), queryset=MediationGroup.objects.none(), required=False)
    mediators = BoundedModelMultipleChoiceField(
        label=_("Hòa giải viên"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Để trống: các hòa giải viên của tổ."),
    )
    participants = forms.CharField(
        label=_("Thành phần khác"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=MediationOutcome.choices)
    agreement = forms.CharField(
        label=_("Nội dung thỏa thuận (khi hòa giải thành)"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    minutes = forms.CharField(
        label=_("Diễn biến, ý kiến các bên"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = _groups_of(organisation)
        self.fields["mediators"].queryset = _staff_of(organisation)


class MediationGroupForm(forms.Form):
    """A mediation group (tổ hòa giải) of the school."""

    name = forms.CharField(label=_("Tên tổ hòa giải"), max_length=200)
    board_term = forms.ModelChoiceField(label=_("Nhiệm kỳ Ban TTND"), queryset=BoardTerm.objects.none(), required=False)
    leader = forms.ModelChoiceField(label=_("Tổ trưởng"), queryset=Person.objects.none(), required=False)
    members = BoundedModelMultipleChoiceField(
        label=_("Hòa giải viên"),
        queryset=Person.objects.none(),
        help_text=_("Từ 03 người trở lên; thành viên Ban TTND đứng đầu danh sách."),
    )
    formed_on = date_field(_("Ngày thành lập"), required=False)
    decision = forms.CharField(label=_("Quyết định thành lập"), max_length=100, required=False)
    active = forms.BooleanField(label=_("Đang hoạt động"), required=False, initial=True)

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = _staff_of(organisation)
        board = set(BoardMember.objects.filter(term__organisation=organisation).values_list("person_id", flat=True))
        people = sorted(staff, key=lambda p: (p.pk not in board, p.full_name))
        self.fields["members"].queryset = staff
        self.fields["members"].choices = [
            (p.pk, f"{p.full_name} ({_('Ban TTND')})" if p.pk in board else p.full_name) for p in people
        ]
        self.fields["leader"].queryset = staff
        self.fields["board_term"].queryset = BoardTerm.objects.filter(organisation=organisation)


class MediationFilterForm(forms.Form):
    """Filters of the mediation register (all optional)."""

    q = forms.CharField(label=_("Tìm (số, vụ việc, mã đơn)"), max_length=100, required=False)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
    outcome = forms.ChoiceField(
        label=_("Kết quả"), required=False, choices=[("", _("Tất cả")), *MediationOutcome.choices]
    )
    group = forms.ModelChoiceField(label=_("Tổ hòa giải"), queryset=MediationGroup.objects.none(), required=False)

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = MediationGroup.objects.filter(organisation__in=organisations)


class ExtendForm(ActionForm):
    action = Action.EXTEND
    days = forms.IntegerField(label=_("Số ngày gia hạn"), min_value=1, max_value=30)
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))
    legal_basis = forms.CharField(label=_("Căn cứ"), max_length=255, required=False)
    very_complex = forms.BooleanField(label=_("Đặc biệt phức tạp (gia hạn lần hai)"), required=False)
    grounds = forms.MultipleChoiceField(
        label=_(
            "Tiêu chí phức tạp (NĐ 31/2019/NĐ-CP Điều 3): 01 tiêu chí — gia hạn 01 lần; từ 02 tiêu chí — đặc biệt "
            "phức tạp, gia hạn tối đa 02 lần"
        ),
        choices=ComplexityGround.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.petition is not None and self.petition.kind == Kind.TO_CAO:
            del self.fields["legal_basis"], self.fields["very_complex"]  # fixed by law; derived from the grounds
        else:
            del self.fields["grounds"]


class ResolveForm(ActionForm):
    action = Action.RESOLVE
    summary = forms.CharField(label=_("Tóm tắt kết quả giải quyết"), widget=forms.Textarea(attrs={"rows": 3}))
    complaint_conclusion = forms.ChoiceField(
        label=_("Kết luận khiếu nại"), required=False, choices=[("", "—"), *ComplaintConclusion.choices]
    )
    complaint_action = forms.ChoiceField(
        label=_("Xử lý quyết định, hành vi bị khiếu nại"), required=False, choices=[("", "—"), *ComplaintAction.choices]
    )
    denunciation_conclusion = forms.ChoiceField(
        label=_("Kết luận tố cáo"), required=False, choices=[("", "—"), *DenunciationConclusion.choices]
    )
    resolved_on = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        p = self.petition
        if p is not None:
            if p.kind == Kind.TO_CAO:
                del self.fields["complaint_conclusion"], self.fields["complaint_action"]
            else:
                del self.fields["denunciation_conclusion"]


class SendDecisionForm(ActionForm):
    action = Action.SEND_DECISION
    sent_on = forms.DateField(label=_("Ngày gửi"), required=False, widget=DATE)
    recipients = forms.MultipleChoiceField(
        label=_("Nơi nhận quyết định (Luật Khiếu nại Điều 32, 41)"),
        required=False,
        choices=DecisionRecipient.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    recipients_other = forms.CharField(label=_("Nơi nhận khác"), max_length=255, required=False)
    received_on = forms.DateField(
        label=_("Ngày người khiếu nại nhận quyết định (nếu đã biết)"), required=False, widget=DATE
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        p = self.petition
        if p is None or p.kind not in COMPLAINT_KINDS:
            for name in ("recipients", "recipients_other", "received_on"):
                del self.fields[name]
            return
        listed = SECOND_DECISION_RECIPIENTS if p.kind in SECOND_TIME_KINDS else FIRST_DECISION_RECIPIENTS
        self.fields["recipients"].choices = [(r.value, r.label) for r in listed]
        self.fields["recipients"].initial = [DecisionRecipient.COMPLAINANT]


class ReplyForm(ActionForm):
    action = Action.REPLY
    text = forms.CharField(
        label=_("Nội dung trả lời công dân (được công khai trên trang tra cứu, tên học sinh được che)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CloseForm(ActionForm):
    action = Action.CLOSE
    note = forms.CharField(label=_("Ghi chú"), required=False)


class WithdrawForm(ActionForm):
    action = Action.WITHDRAW
    reason = forms.CharField(label=_("Lý do / căn cứ"), required=False)
    continue_handling = forms.BooleanField(label=_("Tiếp tục giải quyết (Luật Tố cáo Điều 33(3))"), required=False)


class EscalateForm(ActionForm):
    action = Action.ESCALATE
    content = forms.CharField(label=_("Nội dung khiếu nại lần hai"), widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label=_("Ghi chú"), required=False)


class SatisfactionStaffForm(ActionForm):
    action = Action.RECORD_SATISFACTION
    satisfaction = forms.ChoiceField(label=_("Ý kiến người gửi"), choices=Satisfaction.choices)
    note = forms.CharField(label=_("Ý kiến cụ thể"), required=False)


# ---- denunciation procedure (tố cáo)


class ExtendProcessingForm(ActionForm):
    action = Action.EXTEND_PROCESSING
    reason = forms.ChoiceField(label=_("Căn cứ (Luật Tố cáo Điều 24 khoản 1)"), choices=InitialProcessingReason.choices)
    note = forms.CharField(label=_("Ghi chú"), required=False)


class WithdrawDenunciationForm(ActionForm):
    action = Action.WITHDRAW_DENUNCIATION
    scope = forms.ChoiceField(label=_("Phạm vi rút"), choices=WithdrawalScope.choices)
    withdrawal_form = forms.ChoiceField(label=_("Hình thức rút"), choices=WithdrawalForm.choices)
    withdrawn_content = forms.CharField(
        label=_("Nội dung tố cáo được rút (bắt buộc khi rút một phần)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    continue_ground = forms.ChoiceField(
        label=_("Tiếp tục giải quyết dù người tố cáo rút (NĐ 31/2019/NĐ-CP Điều 4 khoản 4, sửa đổi bởi NĐ 156/2026)"),
        choices=[("", _("— Không: rút toàn bộ thì đình chỉ giải quyết —")), *ContinuationGround.choices],
        required=False,
    )
    note = forms.CharField(label=_("Căn cứ cụ thể / ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HandleConclusionForm(ActionForm):
    action = Action.HANDLE_CONCLUSION
    measures = forms.CharField(
        label=_("Biện pháp xử lý theo kết luận (Luật Tố cáo Điều 36)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up_by = forms.CharField(
        label=_("Người/đơn vị theo dõi, đôn đốc thực hiện kết luận (NĐ 31/2019/NĐ-CP Điều 18 khoản 2)"), max_length=255
    )
    handled_on = forms.DateField(label=_("Ngày xử lý"), required=False, widget=DATE)


class PublishConclusionForm(ActionForm):
    action = Action.PUBLISH_CONCLUSION
    publicity_forms = forms.MultipleChoiceField(
        label=_("Hình thức công khai (Luật Tố cáo Điều 40 khoản 2)"),
        choices=PublicityForm.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    published_on = forms.DateField(label=_("Ngày công khai"), required=False, widget=DATE)
    text = forms.CharField(
        label=_("Nội dung công khai (để trống: tóm tắt kết luận; danh tính người tố cáo được che)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReDenounceForm(ActionForm):
    action = Action.RE_DENOUNCE
    content = forms.CharField(
        label=_("Nội dung tố cáo tiếp, căn cứ cho rằng việc giải quyết không đúng pháp luật"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(label=_("Ghi chú"), required=False)


class ReResolveForm(ActionForm):
    action = Action.RE_RESOLVE
    grounds = forms.MultipleChoiceField(
        label=_("Căn cứ giải quyết lại (Luật Tố cáo Điều 37 khoản 3)"),
        choices=ReResolutionGround.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    accepted_on = forms.DateField(label=_("Ngày thụ lý giải quyết lại"), required=False, widget=DATE)
    note = forms.CharField(label=_("Ghi chú"), required=False)


class UpholdConclusionForm(ActionForm):
    action = Action.UPHOLD_CONCLUSION
    reason = forms.CharField(
        label=_("Lý do không giải quyết lại (gửi người tố cáo)"), widget=forms.Textarea(attrs={"rows": 3})
    )


# ---------------------------------------------------------------- complaints after the 01/7/2026 reform


class DetermineComplexForm(ActionForm):
    action = Action.DETERMINE_COMPLEX
    criteria = forms.MultipleChoiceField(
        label=_("Tiêu chí vụ việc phức tạp (NĐ 124/2020 Điều 3a khoản 1)"),
        choices=[c for c in ComplexCriterion.choices if c[0].startswith("kn-")],
        widget=forms.CheckboxSelectMultiple,
    )
    determination = forms.CharField(
        label=_("Nội dung văn bản xác định (lưu trong hồ sơ)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    decided_on = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DATE)


class NotifyDialogueForm(ActionForm):
    action = Action.NOTIFY_DIALOGUE
    planned_on = forms.DateField(label=_("Ngày đối thoại (sau thông báo ít nhất 05 ngày)"), widget=DATE)
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    content = forms.CharField(label=_("Nội dung đối thoại"), widget=forms.Textarea(attrs={"rows": 2}))
    notice_sent_on = forms.DateField(label=_("Ngày gửi thông báo"), required=False, widget=DATE)


class SuspendForm(ActionForm):
    action = Action.SUSPEND
    ground = forms.ChoiceField(label=_("Căn cứ tạm đình chỉ"), choices=[(g.value, g.label) for g in SUSPENSION_GROUNDS])
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.CharField(label=_("Tài liệu chứng minh (NĐ 124/2020 Điều 28a khoản 4)"), required=False)
    decided_on = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DATE)
    sent_on = forms.DateField(label=_("Ngày gửi (trong 03 ngày làm việc)"), required=False, widget=DATE)


class ResumeForm(ActionForm):
    action = Action.RESUME
    resumed_on = forms.DateField(label=_("Ngày ban hành quyết định tiếp tục"), required=False, widget=DATE)
    sent_on = forms.DateField(label=_("Ngày gửi (trong 03 ngày làm việc)"), required=False, widget=DATE)
    note = forms.CharField(label=_("Căn cứ tạm đình chỉ không còn vì"), required=False)


class TerminateForm(ActionForm):
    action = Action.TERMINATE
    ground = forms.ChoiceField(label=_("Căn cứ đình chỉ"), choices=[(g.value, g.label) for g in TERMINATION_GROUNDS])
    reason = forms.CharField(label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    commune_committee = forms.CharField(
        label=_("UBND cấp xã nhận quyết định (người khiếu nại chết, tổ chức giải thể)"), max_length=255, required=False
    )
    decided_on = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DATE)
    sent_on = forms.DateField(label=_("Ngày gửi (trong 03 ngày làm việc)"), required=False, widget=DATE)


class WithdrawPartForm(ActionForm):
    action = Action.WITHDRAW_PART
    content = forms.CharField(label=_("Nội dung khiếu nại được rút"), widget=forms.Textarea(attrs={"rows": 2}))
    mode = forms.ChoiceField(label=_("Hình thức rút"), choices=WithdrawalMode.choices)
    whole = forms.BooleanField(label=_("Rút toàn bộ khiếu nại (đình chỉ giải quyết)"), required=False)
    withdrawn_by = forms.CharField(label=_("Người rút (nhiều người cùng khiếu nại)"), max_length=255, required=False)
    withdrawn_on = forms.DateField(label=_("Ngày rút"), required=False, widget=DATE)
    coerced = forms.BooleanField(label=_("Rút do bị ép buộc, đe dọa"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False)


class RecordReceiptForm(ActionForm):
    action = Action.RECORD_RECEIPT
    received_on = forms.DateField(label=_("Ngày người khiếu nại nhận quyết định"), widget=DATE)


class PublishDecisionForm(ActionForm):
    action = Action.PUBLISH_DECISION
    form = forms.ChoiceField(label=_("Hình thức công khai"), choices=DecisionPublicityForm.choices)
    published_on = forms.DateField(label=_("Ngày công khai"), required=False, widget=DATE)


class RecordSendingForm(ActionForm):
    action = Action.RECORD_SENDING
    sent_on = forms.DateField(label=_("Ngày gửi quyết định (Mẫu 14a/14b)"), required=False, widget=DATE)


ACTION_FORMS: dict[str, type[ActionForm]] = {
    cls.action: cls
    for cls in (
        AssignForm,
        ClassifyForm,
        AcceptForm,
        NotAcceptForm,
        TransferForm,
        GuideForm,
        FileForm,
        MergeForm,
        StartVerificationForm,
        RecordVerificationForm,
        DialogueForm,
        MediationForm,
        ExtendForm,
        ResolveForm,
        SendDecisionForm,
        ReplyForm,
        CloseForm,
        WithdrawForm,
        EscalateForm,
        SatisfactionStaffForm,
        ExtendProcessingForm,
        WithdrawDenunciationForm,
        HandleConclusionForm,
        PublishConclusionForm,
        ReDenounceForm,
        ReResolveForm,
        UpholdConclusionForm,
        DetermineComplexForm,
        NotifyDialogueForm,
        SuspendForm,
        ResumeForm,
        TerminateForm,
        WithdrawPartForm,
        RecordReceiptForm,
        PublishDecisionForm,
        RecordSendingForm,
    )
}


class LinkForm(forms.Form):
    """Link this petition with another about the same matter, with the reason."""

    other = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Lý do"), max_length=255)
    mode = forms.ChoiceField(
        choices=[("link", _("Liên kết")), ("merge", _("Gộp vào đơn kia"))], initial="link", widget=forms.RadioSelect
    )


class BulkAssignForm(forms.Form):
    """Assign one handler to several petitions at once."""

    ids = forms.CharField(widget=forms.MultipleHiddenInput, required=False)
    handler = forms.IntegerField(label=_("Cán bộ xử lý"))


class ScanReadingForm(forms.Form):
    """Upload the scan of a letter to read its text by OCR (petitions.ocr)."""

    scan = forms.FileField(
        label=_("Bản chụp đơn (PDF, ảnh PNG hoặc JPEG)"),
        help_text=_(
            "Bản quét hoặc ảnh chụp rõ nét, tối đa 10 trang; chữ đọc được sẽ điền sẵn vào "
            "phiếu vào sổ để cán bộ sửa lại."
        ),
    )

    def clean_scan(self) -> Any:
        upload = self.cleaned_data["scan"]
        check_scan(upload)
        return upload
