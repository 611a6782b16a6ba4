"""Forms of the public (no-login) petition pages: send a petition, look one up, give an opinion on the reply."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from danvan.core.uploads import validate_upload
from danvan.lib import tracking
from danvan.notify.backends import enabled_channels
from danvan.petitions import antispam
from danvan.petitions.choices import (
    PUBLIC_UPLOAD_KINDS,
    PUBLIC_UPLOAD_MAX_BYTES,
    AccusedRole,
    IdentityVisibility,
    Kind,
    Satisfaction,
    UpdatesBy,
)

MAX_FILES = 5
MAX_FILE_BYTES = PUBLIC_UPLOAD_MAX_BYTES
MAX_TOTAL_BYTES = 25 * 1024 * 1024
ALLOWED_KINDS = set(PUBLIC_UPLOAD_KINDS)

# Whom the petition is about, in plain words (stored on the petition; the head's and deputies' names in the text are
# recognised as well, so a wrong tick cannot keep a denunciation of the principal at the school).
ACCUSED_ROLE_CHOICES = [("", _("Không nói về ai cụ thể")), *AccusedRole.choices]

PUBLIC_KINDS = [
    (Kind.KIEN_NGHI, _("Kiến nghị — đề xuất, góp ý với nhà trường")),
    (Kind.PHAN_ANH, _("Phản ánh — báo cho nhà trường biết một việc")),
    (
        Kind.KHIEU_NAI,
        _("Khiếu nại — đề nghị xem xét lại một quyết định, việc làm ảnh hưởng đến quyền lợi của tôi hoặc con tôi"),
    ),
    (Kind.TO_CAO, _("Tố cáo — báo một hành vi vi phạm pháp luật của cán bộ, giáo viên, nhân viên")),
    (Kind.CHUA_RO, _("Không rõ — để nhà trường phân loại giúp")),
]

IDENTITY_CHOICES = [
    (IdentityVisibility.HANDLER_ONLY, _("Chỉ cán bộ được giao xử lý và Hiệu trưởng được xem tên và liên hệ của tôi")),
    (IdentityVisibility.ANONYMOUS, _("Gửi ẩn danh — nhà trường không biết tên tôi")),
]

_VN_MOBILE = re.compile(r"^0(3|5|7|8|9)\d{8}$")
_VN_LANDLINE = re.compile(r"^02\d{9}$")


def updates_choices() -> list[tuple[str, Any]]:
    """Return the channels a citizen may choose for updates: e-mail always, SMS and Zalo when their gateway is on."""
    on = set(enabled_channels())
    labels = {
        UpdatesBy.EMAIL: _("E-mail (địa chỉ ghi ở trên)"),
        UpdatesBy.SMS: _("Tin nhắn SMS (đến số di động ghi ở trên)"),
        UpdatesBy.ZALO: _("Zalo — sau khi gửi đơn, nhắn mã theo dõi cho Zalo OA của nhà trường"),
    }
    return [(c, labels[UpdatesBy(c)]) for c in UpdatesBy.values if c == UpdatesBy.EMAIL or c in on]


def normalise_vn_phone(value: str) -> str:
    """Return a Vietnamese phone number as national digits, or raise ValidationError."""
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not digits.isdigit() or not (_VN_MOBILE.match(digits) or _VN_LANDLINE.match(digits)):
        raise ValidationError(
            _(
                "Số điện thoại không hợp lệ. Ghi số di động 10 chữ số (ví dụ 0912 345 678) hoặc số cố định "
                "có mã vùng (ví dụ 0225 3 123 456)."
            )
        )
    return digits


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that accepts several files."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field returning a list of uploads (validated one by one in the form)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [f for f in files if f]


def clean_attachments(files: list[Any], *, max_files: int = MAX_FILES) -> list[Any]:
    """Check the number, size and real type of uploads; raise one ValidationError listing every problem."""
    errors: list[Any] = []
    if len(files) > max_files:
        raise ValidationError(
            _("Chỉ gửi được tối đa %(n)d tệp; bạn đã chọn %(got)d tệp.") % {"n": max_files, "got": len(files)}
        )
    total = 0
    for f in files:
        total += f.size or 0
        try:
            validate_upload(f, allowed=ALLOWED_KINDS, max_bytes=MAX_FILE_BYTES)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if total > MAX_TOTAL_BYTES:
        errors.append(_("Tổng dung lượng các tệp vượt quá %(mb)d MB.") % {"mb": MAX_TOTAL_BYTES // 1048576})
    if errors:
        raise ValidationError(errors)
    return files


class AntiSpamMixin:
    """Add the honeypot and timing checks; a refusal becomes a message above the form, the text stays."""

    data: Any
    spam_rejection: antispam.Rejected | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.request = kwargs.pop("request", None)
        super().__init__(*args, **kwargs)

    def check_spam(self) -> None:
        """Run the spam checks; store the polite refusal and add it to the form's errors."""
        try:
            antispam.check_honeypot(self.data)
            antispam.check_token(self.data.get(antispam.TOKEN_FIELD))
            if self.request is not None:
                # The per-address count is taken by the view, in the transaction that stores the petition.
                antispam.check_resent(self.request, self.data.get(antispam.TOKEN_FIELD) or "")
        except antispam.Rejected as exc:
            self.spam_rejection = exc
            self.add_error(None, exc.message)


class PetitionForm(AntiSpamMixin, forms.Form):
    """The citizen's petition: kind, content, attachments, contact, and what happens to their name."""

    kind = forms.ChoiceField(label=_("Loại đơn"), choices=PUBLIC_KINDS, initial=Kind.CHUA_RO, widget=forms.RadioSelect)
    subject = forms.CharField(
        label=_("Tóm tắt (không bắt buộc)"),
        max_length=200,
        required=False,
        help_text=_("Một dòng cho biết đơn nói về việc gì."),
    )
    content = forms.CharField(
        label=_("Nội dung đơn"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Trình bày sự việc: việc gì, ở đâu, khi nào, ai liên quan, và bạn đề nghị nhà trường làm gì. "
            "Tên học sinh được che khi hiển thị công khai."
        ),
        error_messages={"required": _("Vui lòng ghi nội dung đơn.")},
    )
    accused_role = forms.ChoiceField(
        label=_("Đơn của bạn nói về ai?"),
        choices=ACCUSED_ROLE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Đơn tố cáo Hiệu trưởng, Phó hiệu trưởng hoặc nhà trường được gửi thẳng cơ quan quản lý cấp "
            "trên; nhà trường không xem được đơn và không biết tên bạn."
        ),
    )
    accused_text = forms.CharField(
        label=_("Người hoặc việc bị khiếu nại, tố cáo (nếu có)"), max_length=255, required=False
    )
    attachments = MultipleFileField(
        label=_("Tài liệu kèm theo (không bắt buộc)"),
        help_text=_("Tối đa 5 tệp PDF, ảnh PNG/JPEG hoặc Word (.docx), mỗi tệp không quá 10 MB."),
    )
    identity_choice = forms.ChoiceField(
        label=_("Về tên của bạn"),
        choices=IDENTITY_CHOICES,
        initial=IdentityVisibility.HANDLER_ONLY,
        widget=forms.RadioSelect,
        help_text=_(
            "Với đơn tố cáo: danh tính người tố cáo được giữ bí mật theo Điều 47, 56 Luật Tố cáo. "
            "Tố cáo ẩn danh có thể không được xử lý như một tố cáo (Điều 25 Luật Tố cáo); nhà trường vẫn "
            "xem xét nếu nội dung rõ người, rõ việc, có chứng cứ cụ thể."
        ),
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("Dùng 4 chữ số cuối để tra cứu đơn. Không bắt buộc khi gửi ẩn danh."),
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Nếu ghi, bạn nhận thông báo khi đơn có tiến triển."),
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@example.com).")},
    )

    updates_by = forms.ChoiceField(
        label=_("Nhận thông báo về đơn qua"),
        choices=updates_choices,
        initial=UpdatesBy.EMAIL,
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "Nhà trường báo cho bạn mỗi khi đơn có tiến triển; thông báo chỉ ghi mã theo dõi và tình trạng, "
            "không ghi nội dung đơn."
        ),
    )

    def clean_content(self) -> str:
        content = (self.cleaned_data.get("content") or "").strip()
        if len(content) < 10:
            raise ValidationError(_("Nội dung quá ngắn; vui lòng trình bày rõ sự việc (ít nhất 10 ký tự)."))
        return content

    def clean_phone(self) -> str:
        value = (self.cleaned_data.get("phone") or "").strip()
        return normalise_vn_phone(value) if value else ""

    def clean_attachments(self) -> list[Any]:
        return clean_attachments(self.cleaned_data.get("attachments") or [])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean() returns, typed as the dict it always is here
        anonymous = data.get("identity_choice") == IdentityVisibility.ANONYMOUS
        if not anonymous and not (data.get("full_name") or "").strip() and "full_name" not in self.errors:
            self.add_error("full_name", _("Ghi họ và tên, hoặc chọn “Gửi ẩn danh” ở trên."))
        if (
            not anonymous
            and not data.get("phone")
            and not data.get("email")
            and "phone" not in self.errors
            and "email" not in self.errors
        ):
            self.add_error("phone", _("Ghi số điện thoại hoặc thư điện tử để nhà trường liên hệ, trả lời bạn."))
        self._check_updates_contact(data)
        if not self.errors:
            self.check_spam()
        return data

    def _check_updates_contact(self, data: dict[str, Any]) -> None:
        """Ask for the mobile number SMS and Zalo need; e-mail chosen without an address means no updates."""
        choice = data.get("updates_by") or ""
        if choice == UpdatesBy.EMAIL and not data.get("email"):
            data["updates_by"] = ""  # the default choice, and no address: the tracking page still works
        elif choice in (UpdatesBy.SMS, UpdatesBy.ZALO) and "phone" not in self.errors:
            phone = data.get("phone") or ""
            if not phone:
                self.add_error("phone", _("Ghi số điện thoại di động để nhận thông báo qua SMS hoặc Zalo."))
            elif not _VN_MOBILE.match(phone):
                self.add_error(
                    "phone",
                    _(
                        "Thông báo qua SMS hoặc Zalo cần số di động 10 chữ số (ví dụ 0912 345 678), "
                        "không phải số cố định."
                    ),
                )


class LookupForm(forms.Form):
    """Look a petition up by its code and the last four digits of the phone."""

    code = forms.CharField(
        label=_("Mã theo dõi"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        help_text=_("Ví dụ: K7M2-Q9XD-3A (không phân biệt chữ hoa, chữ thường)."),
    )
    phone_last4 = forms.CharField(
        label=_("4 chữ số cuối số điện thoại"),
        max_length=4,
        min_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_code(self) -> str:
        code = tracking.normalise_code(self.cleaned_data.get("code") or "")
        if not tracking.is_valid(code):
            raise ValidationError(_("Mã theo dõi không đúng. Vui lòng kiểm tra lại từng ký tự."))
        return code

    def clean_phone_last4(self) -> str:
        digits = (self.cleaned_data.get("phone_last4") or "").strip()
        if not digits.isdigit():
            raise ValidationError(_("Ghi 4 chữ số."))
        return digits


_OLD_SECRET_PATH = re.compile(r"/theo-doi/([^/#?\s]+)/([^/#?\s]+)/?$")


class SecretLinkForm(forms.Form):
    """Open a petition with its private link (#CODE:SECRET), pasted whole or filled in by the page's script."""

    link = forms.CharField(
        label=_("Đường liên kết riêng"),
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-secret-link-field": ""}),
        help_text=_("Dán toàn bộ đường liên kết riêng được cấp khi gửi đơn."),
    )

    def clean_link(self) -> tuple[str, str]:
        text = (self.cleaned_data.get("link") or "").strip()
        fragment = text.rsplit("#", 1)[-1]
        code, _sep, token = fragment.partition(":")
        old = _OLD_SECRET_PATH.search(text) if not token else None
        if old:
            code, token = old.group(1), old.group(2)
        code = tracking.normalise_code(code)
        if not token or not tracking.is_valid(code):
            raise ValidationError(
                _(
                    "Đường liên kết riêng không đúng hoặc đã bị cắt mất một phần. "
                    "Vui lòng dán lại toàn bộ đường liên kết."
                )
            )
        return code, token.strip()


class SatisfactionForm(forms.Form):
    """The citizen's opinion on the reply."""

    satisfaction = forms.ChoiceField(
        label=_("Bạn có hài lòng với trả lời không?"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Ý kiến cụ thể (không bắt buộc)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReDenounceForm(forms.Form):
    """The denouncer's tố cáo tiếp to the head of the directly superior body (Luật Tố cáo Điều 37(1), 38(1))."""

    content = forms.CharField(
        label=_(
            "Nội dung tố cáo tiếp: vì sao bạn cho rằng việc giải quyết không đúng pháp luật "
            "(hoặc đã quá hạn mà chưa được giải quyết)"
        ),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
