"""Forms for importing, writing and following plans."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from danvan.core.forms import BoundedModelMultipleChoiceField, date_field
from danvan.core.params import MAX_YEAR, MIN_YEAR, QUARTERS
from danvan.core.uploads import validate_upload
from danvan.lib.text import fold
from danvan.plans.choices import DispatchChannel, SectionKey, TaskStatus
from danvan.plans.models import Plan, Task, UnitAbbreviation
from danvan.plans.parsing import ParsedPlan
from danvan.plans.parsing.timing import TimeContext, periods_for
from danvan.plans.services import (
    CORRECTABLE_HEADER,
    MAX_DOCUMENT_NUMBER,
    SOURCE_KINDS,
    DeadlineRow,
    ReferenceRow,
    TaskCorrection,
    parsed_deadline_rows,
    parsed_reference_rows,
    split_number,
    validate_evidence,
)

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The import preview writes dates as the document does, dd/mm/yyyy (and takes ISO too).
_DMY_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


def _dmy_field(label: Any) -> forms.DateField:
    """Return a date field shown and typed as dd/mm/yyyy."""
    return forms.DateField(
        label=label,
        required=False,
        input_formats=_DMY_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "size": 10}),
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class PlanImportForm(forms.Form):
    """Upload a plan document (txt, md, docx, pdf), checked by its content."""

    file = forms.FileField(label=_("Tệp kế hoạch"), help_text=_("Văn bản .txt, .md, Word .docx hoặc PDF."))
    year = forms.IntegerField(
        label=_("Năm"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Chỉ cần khi văn bản không ghi rõ năm."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            validate_upload(upload, allowed=SOURCE_KINDS)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None
        return upload


class ConfirmImportForm(forms.Form):
    """Confirm a previewed import: the header as the user corrected it, and which unknown units to create.

    A header field the request does not carry keeps the parsed value (`corrections()` leaves it out).
    """

    token = forms.CharField(widget=forms.HiddenInput)
    number = forms.CharField(
        label=_("Số, ký hiệu"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"size": 18, "placeholder": "12/KH-THPT"}),
        help_text=_("Để trống nếu văn bản chưa có số (cấp khi ban hành)."),
    )
    date = _dmy_field(_("Ngày ban hành"))
    title = forms.CharField(
        label=_("Trích yếu"), max_length=500, required=False, widget=forms.TextInput(attrs={"size": 80})
    )
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR)
    parent_number = forms.CharField(label=_("Số, ký hiệu kế hoạch cấp trên"), max_length=100, required=False)
    parent_date = _dmy_field(_("Ngày của kế hoạch cấp trên"))
    parent_issuer = forms.CharField(label=_("Cơ quan ban hành kế hoạch cấp trên"), max_length=255, required=False)
    create_units = forms.MultipleChoiceField(
        label=_("Tạo các bộ phận chưa có"), required=False, widget=forms.CheckboxSelectMultiple
    )

    acknowledge_issuer = forms.BooleanField(
        label=_("Tôi đã kiểm tra: đây đúng là kế hoạch của đơn vị dù tên cơ quan ban hành khác."), required=False
    )

    def __init__(
        self,
        *args: Any,
        unknown_units: Sequence[str] = (),
        issuer_warning: str = "",
        parsed: ParsedPlan | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["create_units"].choices = [(u, u) for u in unknown_units]
        if not issuer_warning:
            del self.fields["acknowledge_issuer"]
        if parsed is not None and not self.is_bound:
            parent = parsed.parent_plan
            self.initial.update(
                {
                    "number": parsed.number or "",
                    "date": parsed.date,
                    "title": parsed.title or "",
                    "issuer": parsed.issuer or "",
                    "year": parsed.year,
                    "parent_number": parent.number or "",
                    "parent_date": parent.date,
                    "parent_issuer": parent.issuer or "",
                }
            )

    def clean_number(self) -> str:
        number = self.cleaned_data["number"].strip()
        if number:
            value, symbol = split_number(number)
            if value is None or not symbol:
                raise forms.ValidationError(_("Ghi số và ký hiệu như “12/KH-THPT” (hoặc để trống)."))
            if value > MAX_DOCUMENT_NUMBER:
                raise forms.ValidationError(_("Số văn bản quá lớn."))
        return number

    def _check_year(self, name: str) -> dt.date | None:
        day = self.cleaned_data[name]
        if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
            raise forms.ValidationError(
                _("Ngày phải trong các năm %(min)s–%(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}
            )
        return day

    def clean_date(self) -> dt.date | None:
        return self._check_year("date")

    def clean_parent_date(self) -> dt.date | None:
        return self._check_year("parent_date")

    def header_corrections(self) -> dict[str, Any]:
        """Return the header fields the request carried, as `services.ImportCorrections.header` takes them."""
        return {k: self.cleaned_data[k] for k in CORRECTABLE_HEADER if k in self.data}


class PlanForm(forms.ModelForm):
    """Write or change a plan's header, sections (one item per line), recipients and signer."""

    purposes = forms.CharField(
        label=_("Mục đích"), required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=_("Mỗi ý một dòng.")
    )
    requirements = forms.CharField(
        label=_("Yêu cầu"), required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=_("Mỗi ý một dòng.")
    )
    regular_tasks = forms.CharField(
        label=_("Nhiệm vụ thường xuyên"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi ý một dòng."),
    )
    implementation = forms.CharField(
        label=_("Tổ chức thực hiện"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi ý một dòng."),
    )
    recipients_text = forms.CharField(
        label=_("Nơi nhận"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi nơi nhận một dòng."),
    )

    class Meta:
        model = Plan
        fields = [
            "year",
            "number",
            "symbol",
            "date",
            "title",
            "issuer",
            "place",
            "parent_number",
            "parent_date",
            "parent_issuer",
            "closing",
            "signer_name",
            "signer_position",
        ]
        widgets = {
            "date": _DATE,
            "parent_date": _DATE,
            "title": forms.TextInput(attrs={"size": 80}),
            "closing": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "closing": _(
                "Câu cuối văn bản, ví dụ “Trên đây là Kế hoạch …, đề nghị … thực hiện./.”. "
                "Để trống thì bản xuất dùng câu kết chuẩn."
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for key in SectionKey.values:
                self.initial[key] = "\n".join(self.instance.section(key))
            self.initial["recipients_text"] = "\n".join(self.instance.recipients or [])

    def changes(self) -> dict[str, Any]:
        """Return the cleaned values as the fields `services.update_plan` takes."""
        data = {k: self.cleaned_data[k] for k in self.Meta.fields}
        data["sections"] = {key: _lines(self.cleaned_data[key]) for key in SectionKey.values}
        data["recipients"] = _lines(self.cleaned_data["recipients_text"])
        return data


class _RowForm(forms.Form):
    """A row of a table in the plan form: each input is named by its column for screen readers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label or ""))


class ReferenceForm(_RowForm):
    """One cited document of a plan (văn bản căn cứ)."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    number = forms.CharField(
        label=_("Số, ký hiệu"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"size": 14, "placeholder": "23-QĐ/TW"}),
    )
    date = forms.DateField(label=_("Ngày"), required=False, widget=_DATE)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False)
    title = forms.CharField(label=_("Trích yếu"), required=False, widget=forms.TextInput(attrs={"size": 50}))

    def has_content(self) -> bool:
        return any(self.cleaned_data.get(k) for k in ("number", "date", "issuer", "title"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if any(data.get(k) for k in ("date", "issuer", "title")) and not (data.get("number") or "").strip():
            self.add_error("number", _("Ghi số, ký hiệu của văn bản (hoặc xóa cả dòng)."))
        return data


class DeadlineForm(_RowForm):
    """One report the plan requires (hạn báo cáo): the obligations are made of these when it is published."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(
        label=_("Báo cáo"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"size": 30, "placeholder": _("Báo cáo 6 tháng")}),
    )
    due = forms.DateField(label=_("Hạn gửi"), required=False, widget=_DATE)
    to = forms.CharField(label=_("Nơi nhận"), max_length=255, required=False)

    def has_content(self) -> bool:
        return any(self.cleaned_data.get(k) for k in ("name", "due", "to"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if any(data.get(k) for k in ("name", "due", "to")):
            if not (data.get("name") or "").strip():
                self.add_error("name", _("Ghi tên báo cáo (hoặc xóa cả dòng)."))
            if not data.get("due") and "due" not in self.errors:
                self.add_error("due", _("Ghi hạn gửi báo cáo (hoặc xóa cả dòng)."))
        return data


ReferenceFormSet = forms.formset_factory(ReferenceForm, extra=2, can_delete=True, max_num=60, validate_max=True)
DeadlineFormSet = forms.formset_factory(DeadlineForm, extra=2, can_delete=True, max_num=30, validate_max=True)


def reference_formset(data: Any = None, plan: Plan | None = None) -> Any:
    """Return the cited documents' formset of a plan (its rows as initial data when unbound: a posted row is
    taken as posted, never skipped as "unchanged")."""
    initial = (
        [
            {"id": r.pk, "number": r.number, "date": r.date, "issuer": r.issuer, "title": r.title}
            for r in plan.legal_refs.order_by("order", "id")
        ]
        if plan is not None and data is None
        else []
    )
    return ReferenceFormSet(data, initial=initial, prefix="refs")


def deadline_formset(data: Any = None, plan: Plan | None = None) -> Any:
    """Return the report deadlines' formset of a plan (its rows as initial data when unbound)."""
    initial = (
        [{"id": d.pk, "name": d.name, "due": d.due, "to": d.to} for d in plan.report_deadlines.order_by("due", "id")]
        if plan is not None and data is None
        else []
    )
    return DeadlineFormSet(data, initial=initial, prefix="deadlines")


def posted(formset: Any) -> bool:
    """Tell whether the request carried the formset (a post without its rows leaves the plan's list as it is)."""
    return formset.is_bound and f"{formset.prefix}-TOTAL_FORMS" in formset.data


def lists_valid(*formsets: Any) -> bool:
    """Return whether every posted formset is valid (those not posted count as valid: nothing to change)."""
    return all(fs.is_valid() for fs in formsets if posted(fs))


def _kept(formset: Any) -> list[dict[str, Any]]:
    return [
        f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.has_content()
    ]


def reference_rows(formset: Any) -> list[ReferenceRow] | None:
    """Return the filled, not deleted rows of a valid cited documents' formset, as `services.update_plan` takes
    (None when it was not posted)."""
    if not posted(formset):
        return None
    return [
        ReferenceRow(
            number=d["number"],
            date=d.get("date"),
            issuer=d.get("issuer") or "",
            title=d.get("title") or "",
            id=d.get("id"),
        )
        for d in _kept(formset)
    ]


def deadline_rows(formset: Any) -> list[DeadlineRow] | None:
    """Return the filled, not deleted rows of a valid report deadlines' formset, as `services.update_plan` takes
    (None when it was not posted)."""
    if not posted(formset):
        return None
    return [DeadlineRow(name=d["name"], due=d["due"], to=d.get("to") or "", id=d.get("id")) for d in _kept(formset)]


_PERIOD = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})\s*[-–—]\s*(\d{1,2})/(\d{1,2})/(\d{4})")


# "Quý 7" or "tháng 13" would otherwise give no period and the task would be saved silently without a deadline.
_QUARTER_NUMBER = re.compile(r"\bquy\s+(\d+)")
_MONTH_NUMBER = re.compile(r"\bthang\s+(\d+)")


def check_timing(timing: str) -> str:
    """Return a task's timing, refusing a quarter or a month no year has ("Quý 7", "tháng 13")."""
    folded = fold(timing)
    for number in _QUARTER_NUMBER.findall(folded):
        if int(number) not in QUARTERS:
            raise forms.ValidationError(_("Không có quý %(n)s: một năm có 4 quý, từ quý 1 đến quý 4.") % {"n": number})
    for number in _MONTH_NUMBER.findall(folded):
        if not 1 <= int(number) <= 12:
            raise forms.ValidationError(_("Không có tháng %(n)s: tháng từ 1 đến 12.") % {"n": number})
    return timing


class ImportTaskForm(_RowForm):
    """One parsed task as the preview lets the user correct it before the import."""

    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3, "cols": 40}))
    lead = forms.CharField(label=_("Chủ trì"), max_length=255, required=False)
    units = forms.CharField(
        label=_("Bộ phận phụ trách"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mỗi bộ phận một dòng."),
    )
    timing = forms.CharField(label=_("Thời gian"), max_length=255, required=False)

    def clean_timing(self) -> str:
        return check_timing(self.cleaned_data.get("timing", ""))

    def correction(self) -> TaskCorrection:
        """Return the task as `services.ImportCorrections.tasks` takes it."""
        d = self.cleaned_data
        if d.get("DELETE"):
            return TaskCorrection(content="", delete=True)  # a removed row is not validated: read nothing of it
        return TaskCorrection(content=d["content"], lead=d["lead"], units=tuple(_lines(d["units"])), timing=d["timing"])


# Beyond this many tasks the preview shows them read-only (they are corrected on the plan's pages after the import):
# with the cited documents and deadlines, the form stays within settings.DATA_UPLOAD_MAX_NUMBER_FIELDS.
PREVIEW_EDITABLE_TASKS = 300
ImportTaskFormSet = forms.formset_factory(
    ImportTaskForm,
    extra=0,
    can_delete=True,
    max_num=PREVIEW_EDITABLE_TASKS,
    validate_max=True,
    absolute_max=PREVIEW_EDITABLE_TASKS,
)


def import_task_formset(data: Any = None, parsed: ParsedPlan | None = None) -> Any:
    """Return the preview's task formset (the parsed tasks as initial data), or None when the plan has too many."""
    if parsed is not None and len(parsed.tasks) > PREVIEW_EDITABLE_TASKS:
        return None
    initial = (
        [
            {"content": t.content, "lead": t.lead or "", "units": "\n".join(t.units), "timing": t.timing or ""}
            for t in parsed.tasks
        ]
        if parsed is not None
        else []
    )
    return ImportTaskFormSet(data, initial=initial, prefix="tasks")


class PreviewReferenceForm(ReferenceForm):
    """A cited document in the import preview (its date written dd/mm/yyyy)."""

    date = _dmy_field(_("Ngày"))


class PreviewDeadlineForm(DeadlineForm):
    """A report deadline in the import preview (its date written dd/mm/yyyy)."""

    due = _dmy_field(_("Hạn gửi"))


PreviewReferenceFormSet = forms.formset_factory(
    PreviewReferenceForm, extra=1, can_delete=True, max_num=200, validate_max=True, absolute_max=200
)
PreviewDeadlineFormSet = forms.formset_factory(
    PreviewDeadlineForm, extra=1, can_delete=True, max_num=60, validate_max=True, absolute_max=60
)


def import_reference_formset(data: Any = None, parsed: ParsedPlan | None = None) -> Any:
    """Return the cited documents' formset of a preview (the parsed ones as initial data)."""
    initial = (
        [
            {"number": r.number, "date": r.date, "issuer": r.issuer, "title": r.title}
            for r in parsed_reference_rows(parsed)
        ]
        if parsed is not None and data is None
        else []
    )
    return PreviewReferenceFormSet(data, initial=initial, prefix="refs")


def import_deadline_formset(data: Any = None, parsed: ParsedPlan | None = None) -> Any:
    """Return the report deadlines' formset of a preview (the parsed dated ones as initial data)."""
    initial = (
        [{"name": d.name, "due": d.due, "to": d.to} for d in parsed_deadline_rows(parsed)]
        if parsed is not None and data is None
        else []
    )
    return PreviewDeadlineFormSet(data, initial=initial, prefix="deadlines")


def task_corrections(formset: Any) -> list[TaskCorrection] | None:
    """Return the corrected tasks of a valid preview task formset (None when it was not posted)."""
    if formset is None or not posted(formset):
        return None
    return [f.correction() for f in formset.forms]


class TaskForm(forms.Form):
    """Write or change a task; periods follow the timing unless given explicitly."""

    no = forms.CharField(label=_("STT"), max_length=20, required=False)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 4}))
    lead = forms.CharField(label=_("Lãnh đạo chủ trì"), max_length=255, required=False)
    units = forms.CharField(
        label=_("Bộ phận phụ trách"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi bộ phận một dòng, viết như trong văn bản (BGH, BCH CĐ …)."),
    )
    timing = forms.CharField(
        label=_("Thời gian thực hiện"),
        max_length=255,
        required=False,
        help_text=_("Như trong văn bản: “Quý 1, quý 2”, “Cả năm”, “Tháng 9/2023”."),
    )
    periods = forms.CharField(
        label=_("Các khoảng thời gian"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mỗi dòng một khoảng dd/mm/yyyy – dd/mm/yyyy; để trống để tính từ thời gian thực hiện."),
    )

    def __init__(self, *args: Any, year: int, task: Task | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year = year
        if task is not None and not self.is_bound:
            self.initial.update(
                {
                    "no": task.no,
                    "content": task.content,
                    "lead": task.lead,
                    "units": "\n".join(task.units_text or []),
                    "timing": task.timing,
                    "periods": "\n".join(f"{p.start:%d/%m/%Y} – {p.end:%d/%m/%Y}" for p in task.periods.all()),
                }
            )

    def clean_periods(self) -> list[tuple[dt.date, dt.date]]:
        out = []
        for line in _lines(self.cleaned_data.get("periods", "")):
            m = _PERIOD.fullmatch(line)
            if not m:
                raise forms.ValidationError(_("Dòng “%(l)s” không đúng dạng dd/mm/yyyy – dd/mm/yyyy.") % {"l": line})
            d, mo, y, d2, mo2, y2 = (int(x) for x in m.groups())
            try:
                start, end = dt.date(y, mo, d), dt.date(y2, mo2, d2)
            except ValueError:
                raise forms.ValidationError(_("Ngày không hợp lệ trong “%(l)s”.") % {"l": line}) from None
            if end < start:
                raise forms.ValidationError(_("Khoảng “%(l)s” kết thúc trước khi bắt đầu.") % {"l": line})
            out.append((start, end))
        return out

    def clean_timing(self) -> str:
        return check_timing(self.cleaned_data.get("timing", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("periods") and data.get("timing"):
            data["periods"] = periods_for(data["timing"], TimeContext(year=self.year))
        return data

    def task_fields(self) -> dict[str, Any]:
        """Return the cleaned values as `services.save_task` takes them."""
        d = self.cleaned_data
        return {
            "no": d["no"],
            "content": d["content"],
            "lead": d["lead"],
            "units_text": _lines(d["units"]),
            "timing": d["timing"],
            "periods": d["periods"],
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field accepting several files."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class TaskUpdateForm(forms.Form):
    """Report progress with evidence (PDF, images, Word, Excel — checked by content)."""

    status = forms.ChoiceField(label=_("Tình trạng"), choices=TaskStatus.choices)
    progress = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    done_on = forms.DateField(
        label=_("Ngày thực hiện"),
        widget=_DATE,
        required=False,
        help_text=_(
            "Ngày công việc được thực hiện (ngày hoàn thành nếu đã xong); "
            "có thể là ngày đã qua nếu cập nhật muộn. Để trống là hôm nay."
        ),
    )
    note = forms.CharField(label=_("Nội dung cập nhật"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(
        label=_("Minh chứng"), required=False, help_text=_("PDF, ảnh PNG/JPEG, Word hoặc Excel; có thể chọn nhiều tệp.")
    )

    def clean_files(self) -> list[Any]:
        files = self.cleaned_data.get("files") or []
        errors = []
        for f in files:
            try:
                validate_evidence(f)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        return files


class CommentForm(forms.Form):
    """An internal comment on a task."""

    body = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 3}))


class CascadeForm(forms.Form):
    """Choose the schools a Department plan is deployed to."""

    schools = BoundedModelMultipleChoiceField(
        label=_("Các trường"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,  # type: ignore[arg-type]
    )

    def __init__(self, *args: Any, queryset: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = queryset


class UnitAbbreviationForm(forms.ModelForm):
    """Add a spelling to the organisation's unit dictionary."""

    class Meta:
        model = UnitAbbreviation
        fields = ["abbreviation", "unit"]

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class DispatchForm(forms.Form):
    """How and when the plan went to one recipient of its Nơi nhận."""

    channel = forms.ChoiceField(label=_("Hình thức gửi"), required=False, choices=[("", "—"), *DispatchChannel.choices])
    sent_on = date_field(_("Ngày gửi"), required=False)
    acknowledged_on = date_field(_("Ngày nơi nhận xác nhận"), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)
