"""Forms of the board pages (input parsing only; the rules live in services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.board.choices import CONCERN_MAX_DAYS, Addressee, BoardRole, Channel, PeriodKind, ReportRecipient
from danvan.core.forms import BoundedModelMultipleChoiceField, date_field


class TermForm(forms.Form):
    """A board elected at the staff conference: the head, deputies and members picked from the staff."""

    elected_on = date_field()
    starts_on = date_field()
    conference = forms.CharField(label=_("Hội nghị bầu"), max_length=255, required=False)
    head = forms.ModelChoiceField(label=_("Trưởng ban"), queryset=None)
    deputies = BoundedModelMultipleChoiceField(
        label=_("Phó Trưởng ban"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    members = BoundedModelMultipleChoiceField(
        label=_("Ủy viên"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["elected_on"].label = _("Ngày bầu (hội nghị CBCCVC-NLĐ)")
        self.fields["starts_on"].label = _("Nhiệm kỳ từ ngày")
        self.fields["starts_on"].required = False
        self.fields["starts_on"].help_text = _("Để trống: từ ngày bầu; nhiệm kỳ 02 năm (Điều 60 Luật 10/2022/QH15).")
        for name in ("head", "deputies", "members"):
            self.fields[name].queryset = staff

    def member_list(self) -> list[tuple[Any, str]]:
        """Return (person, role) pairs in the order head, deputies, members."""
        data = self.cleaned_data
        out = [(data["head"], BoardRole.HEAD)]
        out += [(p, BoardRole.DEPUTY) for p in data["deputies"]]
        out += [(p, BoardRole.MEMBER) for p in data["members"]]
        return out


class RecogniseForm(forms.Form):
    recognised_on = date_field()
    decision = forms.CharField(label=_("Số văn bản công nhận"), max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recognised_on"].label = _("Ngày Công đoàn công nhận")


class ProgrammeForm(forms.Form):
    period = forms.ChoiceField(label=_("Kỳ"), choices=PeriodKind.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    number = forms.IntegerField(label=_("Quý / nửa năm"), min_value=1, max_value=4, required=False)
    title = forms.CharField(label=_("Tên chương trình"), max_length=300)
    items = forms.CharField(
        label=_("Nội dung (mỗi dòng một việc)"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)


class FeedbackForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Người kiến nghị, phản ánh"), queryset=None)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 5}))
    received_on = date_field()
    channel = forms.ChoiceField(label=_("Hình thức tiếp nhận"), choices=Channel.choices)

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"received_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = staff
        self.fields["received_on"].label = _("Ngày tiếp nhận")


class ResultForm(forms.Form):
    result = forms.CharField(
        label=_("Kết quả gửi người kiến nghị"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    sent_on = date_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"sent_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["sent_on"].label = _("Ngày gửi kết quả")


class RecommendationForm(forms.Form):
    subject = forms.CharField(label=_("Trích yếu"), max_length=300)
    content = forms.CharField(label=_("Nội dung kiến nghị"), widget=forms.Textarea(attrs={"rows": 6}))
    sent_on = date_field()
    feedback = forms.ModelChoiceField(label=_("Từ kiến nghị của CBVC"), queryset=None, required=False)

    def __init__(self, *args: Any, feedback: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"sent_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["sent_on"].label = _("Ngày gửi Hiệu trưởng")
        self.fields["feedback"].queryset = feedback


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Trả lời"), widget=forms.Textarea(attrs={"rows": 5}))
    answered_on = date_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"answered_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["answered_on"].label = _("Ngày trả lời")


class ReportForm(forms.Form):
    period = forms.ChoiceField(label=_("Kỳ"), choices=PeriodKind.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    number = forms.IntegerField(label=_("Quý / nửa năm"), min_value=1, max_value=4, required=False)
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 8}))
    recipient = forms.ChoiceField(label=_("Gửi"), choices=ReportRecipient.choices)
    sent_on = date_field(_("Ngày gửi"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)


class MembersForm(TermForm):
    """The members after a by-election (same rules as at the election)."""

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, staff=staff, **kwargs)
        for name in ("elected_on", "starts_on", "conference"):
            del self.fields[name]


CONCERN_TEXT_MAX = 5000


class ConcernForm(forms.Form):
    """A staff member's own concern, sent to the head or the board."""

    subject = forms.CharField(label=_("Tiêu đề"), max_length=300)
    content = forms.CharField(
        label=_("Nội dung kiến nghị, phản ánh"), max_length=CONCERN_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    addressee = forms.ChoiceField(label=_("Gửi tới"), choices=Addressee.choices, initial=Addressee.HEAD)
    confidential = forms.BooleanField(
        label=_("Đề nghị giữ bí mật họ tên người gửi"),
        required=False,
        help_text=_("Chỉ người giải quyết (Hiệu trưởng hoặc Trưởng ban TTND) biết ai gửi."),
    )


class ConcernSettingsForm(forms.Form):
    """The school's answer period for staff concerns."""

    answer_days = forms.IntegerField(label=_("Thời hạn trả lời (ngày)"), min_value=1, max_value=CONCERN_MAX_DAYS)
    working_days = forms.BooleanField(label=_("Tính theo ngày làm việc"), required=False)
    citation = forms.CharField(label=_("Căn cứ"), max_length=300, required=False)


class RouteForm(forms.Form):
    """Why a concern goes to the other handler."""

    note = forms.CharField(label=_("Ghi chú khi chuyển"), max_length=500, required=False)
