from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import DecimalValidator
from django.forms.utils import pretty_name
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.models import CalendarDay, CalendarYear
from fazhi.core.stats import Period
from fazhi.org.models import mobile_validator


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _attrs(attrs: dict[str, Any]) -> SafeString:
    """HTML attributes as Django's ``attrs.html`` writes them: True bare, False left out."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class CompactSelect(forms.Select):
    """A ``<select>`` written in Python, the same markup as Django's template: a list's filter
    bar offers a whole district's grids, officers and categories, some thousands of options,
    which the template engine takes a tenth of a second to render one by one."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts: list[str] = [
            format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))
        ]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    str(option["value"]),
                    _attrs(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


# --- Error messages in the platform's wording ---------------------------------------------------


class FieldMessage:
    """An error message naming its field's label; Django fills in a validator's own values
    (the limit, the length) when it shows the message."""

    def __init__(self, template: str, label: str) -> None:
        self.template = template
        self.label = label

    def __mod__(self, params: Mapping[str, Any]) -> str:
        return self.template % {**params, "label": self.label}

    def __str__(self) -> str:
        return self.template % {"label": self.label}

    def __repr__(self) -> str:
        return f"FieldMessage({str(self)!r})"


def _required_template(field: forms.Field) -> str:
    if isinstance(field, forms.BooleanField):
        return _("请勾选“%(label)s”。")
    if isinstance(field, forms.FileField):
        return _("请上传%(label)s。")
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
        return _("请选择%(label)s。")
    return _("请填写%(label)s。")


def _invalid_template(field: forms.Field) -> str:
    if isinstance(field, (forms.DecimalField, forms.FloatField)):
        return _("%(label)s须填写数字。")
    if isinstance(field, forms.IntegerField):
        return _("%(label)s须填写整数。")
    if isinstance(field, forms.DateTimeField):
        return _("%(label)s须为有效的日期和时间，如2020-09-28 10:30。")
    if isinstance(field, forms.DateField):
        return _("%(label)s须为有效的日期，如2020-09-28。")
    if isinstance(field, forms.TimeField):
        return _("%(label)s须为有效的时间，如09:30。")
    if isinstance(field, forms.EmailField):
        return _("%(label)s须为有效的电子邮箱地址。")
    if isinstance(field, forms.URLField):
        return _("%(label)s须为有效的网址。")
    if isinstance(field, forms.FileField):
        return _("未收到%(label)s，请重新选择文件。")
    return _("%(label)s的格式不正确。")


def _templates(field: forms.Field) -> dict[str, str]:
    """The platform's wording of each error code of ``field`` (its label as %(label)s)."""
    choice = _("%(label)s的选项无效，请重新选择。")
    templates = {
        "required": _required_template(field),
        "invalid": _invalid_template(field),
        "invalid_choice": choice,
        "invalid_list": choice,
        "invalid_pk_value": choice,
        "max_value": _("%(label)s不能大于%(limit_value)s。"),
        "min_value": _("%(label)s不能小于%(limit_value)s。"),
        "step_size": _("%(label)s须为%(limit_value)s的整数倍。"),
        "max_digits": _("%(label)s最多%(max)s位数字。"),
        "max_decimal_places": _("%(label)s最多保留%(max)s位小数。"),
        "max_whole_digits": _("%(label)s的整数部分最多%(max)s位。"),
    }
    if isinstance(field, forms.FileField):
        templates.update(
            missing=templates["invalid"],
            empty=_("上传的%(label)s是空文件，请重新选择。"),
            max_length=_("%(label)s的文件名不能超过%(max)d个字符（现为%(length)d个）。"),
            invalid_image=_("上传的%(label)s不是有效的图片。"),
        )
    else:
        templates.update(
            max_length=_("%(label)s不能超过%(limit_value)d字（现为%(show_value)d字）。"),
            min_length=_("%(label)s不能少于%(limit_value)d字（现为%(show_value)d字）。"),
        )
    return templates


def _django_defaults(field: forms.Field) -> dict[str, Any]:
    defaults: dict[str, Any] = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


def platform_messages(field: forms.Field, name: str) -> None:
    """Word ``field``'s errors as the platform does, naming its label ("请填写手机号码。",
    "留言内容不能超过500字（现为612字）。") where Django would give its own default wording;
    a message the form or a validator words itself is kept."""
    label = str(field.label if field.label is not None else pretty_name(name))
    defaults = _django_defaults(field)
    kept = {
        code for code, message in field.error_messages.items() if message is not defaults.get(code)
    }
    codes = {code for code in field.error_messages if code not in kept}
    for validator in field.validators:
        if isinstance(validator, DecimalValidator):
            codes.update(validator.messages)
            continue
        code = getattr(validator, "code", None)
        if code is None:
            continue
        if "message" in vars(validator):  # worded by whoever declared the validator
            kept.add(code)
        elif code not in kept:
            codes.add(code)
    for code, template in _templates(field).items():
        if code in codes and code not in kept:
            field.error_messages[code] = FieldMessage(template, label)  # type: ignore[assignment]


def _message(error: Any) -> str:
    return str(next(iter(error))) if isinstance(error, ValidationError) else str(error)


def drop_repeated_errors(form: forms.BaseForm) -> None:
    """Show each message once: a field's validators may say the same thing twice, and a
    message a field shows is not repeated at the top of the form."""
    errors = getattr(form, "_errors", None) or {}
    on_fields: set[str] = set()
    for name, error_list in errors.items():
        seen: set[str] = set()
        unique = []
        for error in error_list.data:
            message = _message(error)
            if message not in seen:
                seen.add(message)
                unique.append(error)
        error_list.data[:] = unique
        if name != NON_FIELD_ERRORS:
            on_fields |= seen
    if NON_FIELD_ERRORS in errors:
        general = errors[NON_FIELD_ERRORS]
        general.data[:] = [e for e in general.data if _message(e) not in on_fields]
        if not general.data:
            del errors[NON_FIELD_ERRORS]


class PlatformMessagesMixin:
    """A form whose errors read in the platform's wording, each once: residents never see
    Django's default phrases ("这个字段是必填项。", "确保该变量包含不超过 500 字符")."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            platform_messages(field, name)

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        drop_repeated_errors(self)  # type: ignore[arg-type]


class PlatformForm(PlatformMessagesMixin, forms.Form):
    """A plain form with the platform's error messages (every form the public fills in)."""


# Spaces and hyphens a resident types inside a number ("138 0000 0001", "138-0000-0001").
_MOBILE_SEPARATORS = re.compile(r"[\s\-]")


class MobileField(forms.CharField):
    """A mainland mobile number: 11 digits from 13… to 19…; any wrong number, too short, too
    long or with letters, gets the one message "请输入11位手机号码。"."""

    default_validators = [mobile_validator]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("手机号码"))
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        return _MOBILE_SEPARATORS.sub("", text) if isinstance(text, str) else text


class ScopedModelForm(forms.ModelForm):
    """A model form whose choices of related records stop at the user's data scope."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if isinstance(field, forms.ModelChoiceField) and hasattr(queryset, "for_user"):
                field.queryset = queryset.for_user(user)  # type: ignore[union-attr]
            if isinstance(field.widget, forms.DateInput):
                field.widget = DateInput()

    def add_service_error(self, error: ValidationError) -> None:
        """Put a service's ValidationError on the fields it names, or on the form."""
        add_service_error(self, error)


def add_service_error(
    form: forms.BaseForm, error: ValidationError, default_field: str | None = None
) -> None:
    """Put a service's ValidationError on the fields of ``form`` it names.

    Errors without a field, or naming a field the form does not have, go on
    ``default_field``, or on the form as a whole when that is None.
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else default_field, errors)
    else:
        form.add_error(default_field, error)


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    template: str,
    context: dict[str, Any],
    action: Callable[[dict[str, Any]], Any],
    success: Callable[[Any], tuple[str, str]],
    error_field: str | None = None,
    on_invalid: Callable[[], None] | None = None,
) -> HttpResponse:
    """The life of a form page: GET shows ``form``; a valid POST runs ``action`` (a service
    call) and redirects with the message and address ``success`` makes of its result; bad
    input or a service's refusal shows the form again with its errors and status 400."""
    if request.method == "POST":
        if form.is_valid():
            try:
                result = action(form.cleaned_data)
            except ValidationError as exc:
                add_service_error(form, exc, error_field)
            else:
                message, url = success(result)
                messages.success(request, message)
                return HttpResponseRedirect(url)
        if on_invalid is not None:
            on_invalid()
        return render(request, template, {"form": form, **context}, status=400)
    return render(request, template, {"form": form, **context})


# --- The working-day calendar ----------------------------------------------------------------


class CalendarDayForm(ScopedModelForm):
    """Enter a date; an entry's date is fixed once saved (remove it and enter another)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["day"]

    class Meta:
        model = CalendarDay
        fields = ["day", "kind", "name", "note"]


class CalendarYearForm(ScopedModelForm):
    """Declare a year complete; a declaration's year is fixed once saved."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["year"]

    class Meta:
        model = CalendarYear
        fields = ["year", "source"]


class CalendarLoadForm(forms.Form):
    """A year's arrangement from a small file: the year, the notice it follows and the file;
    on confirmation the previewed dates come back as text instead of the file."""

    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2200)
    source = forms.CharField(
        label=gettext_lazy("依据文件"),
        max_length=200,
        help_text=gettext_lazy(
            "国务院办公厅关于该年部分节假日安排的通知，例如：国办发明电〔2025〕7号。"
        ),
    )
    file = forms.FileField(
        label=gettext_lazy("安排文件"),
        required=False,
        help_text=gettext_lazy(
            "CSV或Excel文件，列为“日期、类型、名称”，类型填写“放假”或“上班”；"
            "也可以是文本文件，每行一个日期，例如：2026-02-14,上班,春节。"
        ),
    )
    arrangement = forms.CharField(required=False, widget=forms.HiddenInput)


# --- The dashboard's period --------------------------------------------------------------------

# The years the dashboard's picker lists, counting back from this one; an earlier year may still
# be asked for in the address.
DASHBOARD_YEARS = 10
EARLIEST_YEAR = 2000
LONGEST_PERIOD_DAYS = 366 * 5


class DashboardForm(forms.Form):
    """The dashboard's period — this year up to today when nothing is chosen, a chosen year, or
    a range of days — and the figure the grid map is coloured by."""

    year = forms.IntegerField(
        label=gettext_lazy("年度"),
        required=False,
        error_messages={"invalid": gettext_lazy("年度须为四位数字的年份，如2020。")},
    )
    start = forms.DateField(label=gettext_lazy("开始日期"), required=False, widget=DateInput())
    end = forms.DateField(label=gettext_lazy("结束日期"), required=False, widget=DateInput())
    map = forms.ChoiceField(label=gettext_lazy("地图显示"), required=False)

    def __init__(
        self, data: Any, *, today: date, map_choices: list[tuple[str, Any]], **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        self.today = today
        years = [today.year - n for n in range(DASHBOARD_YEARS)]
        chosen = self.data.get("year")
        if isinstance(chosen, str) and chosen.isdigit() and int(chosen) not in years:
            years.append(int(chosen))
        self.fields["year"].widget = forms.Select(
            choices=[(y, _("%(year)d年") % {"year": y}) for y in sorted(years, reverse=True)]
        )
        if map_choices:
            map_field = self.fields["map"]
            assert isinstance(map_field, forms.ChoiceField)
            map_field.choices = map_choices
        else:
            del self.fields["map"]

    def clean_year(self) -> int | None:
        year: int | None = self.cleaned_data.get("year")
        if year is not None and not EARLIEST_YEAR <= year <= self.today.year:
            raise ValidationError(
                _("年度须在%(first)d年至%(last)d年之间。")
                % {"first": EARLIEST_YEAR, "last": self.today.year}
            )
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if data.get("year") is not None and (start or end):
            raise ValidationError(_("请选择年度或填写起止日期，二者只能选其一。"))
        if start and not end and "end" not in self.errors:
            self.add_error("end", _("请填写结束日期。"))
        if end and not start and "start" not in self.errors:
            self.add_error("start", _("请填写开始日期。"))
        if start and end and start > end:
            self.add_error("end", _("结束日期不能早于开始日期。"))
        if start and end and (end - start).days > LONGEST_PERIOD_DAYS:
            self.add_error("end", _("统计期间不能超过5年。"))
        return data

    def period(self) -> Period:
        """The period asked for (the form must be valid): a past year whole, this year up to
        today."""
        year: int | None = self.cleaned_data.get("year")
        start: date | None = self.cleaned_data.get("start")
        end: date | None = self.cleaned_data.get("end")
        if start and end:
            return Period(start, end)
        year = year or self.today.year
        return Period(date(year, 1, 1), min(date(year, 12, 31), self.today))

    def map_layer(self) -> str:
        """The map's figure asked for ("" for the default)."""
        return str(self.cleaned_data.get("map") or "")
