"""Form errors in the platform's wording, each once: the shared base of the forms residents
fill in on the portal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.utils import translation

from fazhi.core.forms import MobileField, PlatformForm, add_service_error


class ResidentForm(PlatformForm):
    content = forms.CharField(label="留言内容", max_length=500, min_length=5)
    topic = forms.ChoiceField(label="咨询事项", choices=[("", "请选择"), ("family", "婚姻家庭")])
    people = forms.IntegerField(label="人数", min_value=1, max_value=99)
    latitude = forms.DecimalField(label="纬度", max_digits=9, decimal_places=6, required=False)
    day = forms.DateField(label="日期", required=False)
    consent = forms.BooleanField(label="我已阅读并同意上述个人信息使用说明")
    mobile = MobileField()
    email = forms.EmailField(label="电子邮箱", required=False)
    photo = forms.FileField(label="现场照片", required=False)


GOOD = {
    "content": "小区门口占道经营。",
    "topic": "family",
    "people": "2",
    "consent": "on",
    "mobile": "13800000001",
}


def errors(**changes: str) -> dict[str, list[str]]:
    form = ResidentForm({**GOOD, **changes})
    assert not form.is_valid()
    return dict(form.errors)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"content": ""}, "content", "请填写留言内容。"),
        ({"content": "长" * 612}, "content", "留言内容不能超过500字（现为612字）。"),
        ({"content": "短"}, "content", "留言内容不能少于5字（现为1字）。"),
        ({"topic": ""}, "topic", "请选择咨询事项。"),
        ({"topic": "astrology"}, "topic", "咨询事项的选项无效，请重新选择。"),
        ({"people": "两"}, "people", "人数须填写整数。"),
        ({"people": "0"}, "people", "人数不能小于1。"),
        ({"people": "100"}, "people", "人数不能大于99。"),
        ({"latitude": "北纬"}, "latitude", "纬度须填写数字。"),
        ({"latitude": "39.1234567"}, "latitude", "纬度最多保留6位小数。"),
        ({"day": "2020-02-30"}, "day", "日期须为有效的日期，如2020-09-28。"),
        ({"consent": ""}, "consent", "请勾选“我已阅读并同意上述个人信息使用说明”。"),
        ({"mobile": ""}, "mobile", "请填写手机号码。"),
        ({"email": "someone@"}, "email", "电子邮箱须为有效的电子邮箱地址。"),
    ],
)
def test_each_check_names_the_field_in_the_platforms_wording(changes, field, message):
    assert errors(**changes) == {field: [message]}


@pytest.mark.parametrize("mobile", ["1380000", "138000000012", "23800000001", "1380000000a"])
def test_any_wrong_mobile_number_gets_one_message(mobile):
    assert errors(mobile=mobile) == {"mobile": ["请输入11位手机号码。"]}


def test_spaces_and_hyphens_in_a_mobile_number_are_dropped():
    form = ResidentForm({**GOOD, "mobile": " 138 0000-0001 "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["mobile"] == "13800000001"


class WordedForm(PlatformForm):
    name = forms.CharField(
        label="姓名", max_length=30, error_messages={"max_length": "姓名不能超过30个字。"}
    )
    code = forms.CharField(
        label="查询码",
        validators=[RegexValidator(r"^[A-Z0-9]+$", "查询码只含大写字母和数字。")],
    )
    facts = forms.CharField(
        label="违法事实",
        validators=[MaxLengthValidator(10, "违法事实请控制在%(limit_value)d字以内。")],
    )


def test_a_message_the_form_words_itself_is_kept():
    form = WordedForm({"name": "张" * 31, "code": "abc", "facts": "长" * 11})
    assert dict(form.errors) == {
        "name": ["姓名不能超过30个字。"],
        "code": ["查询码只含大写字母和数字。"],
        "facts": ["违法事实请控制在10字以内。"],
    }


class TwiceForm(PlatformForm):
    mobile = forms.CharField(
        label="手机号码",
        min_length=11,
        validators=[RegexValidator(r"^1\d{10}$", "请输入11位手机号码。")],
        error_messages={"min_length": "请输入11位手机号码。"},
    )


def test_the_same_message_is_shown_once_on_a_field_and_not_again_at_the_top():
    form = TwiceForm({"mobile": "138"})
    assert form.errors == {"mobile": ["请输入11位手机号码。"]}
    add_service_error(form, ValidationError("请输入11位手机号码。"))
    add_service_error(form, ValidationError("该时段已约满。"))
    add_service_error(form, ValidationError("该时段已约满。"))
    assert form.errors == {"mobile": ["请输入11位手机号码。"], "__all__": ["该时段已约满。"]}


def test_without_the_base_django_repeats_itself():
    """The case the base exists for: a plain form shows the same message twice."""

    class Plain(forms.Form):
        mobile = TwiceForm.base_fields["mobile"]

    assert Plain({"mobile": "138"}).errors["mobile"] == ["请输入11位手机号码。"] * 2


def test_the_messages_follow_the_users_language():
    with translation.override("en"):
        found = errors(content="", people="x")
    assert found == {
        "content": ["Enter the 留言内容."],
        "people": ["人数 must be a whole number."],
    }


def test_a_decimal_limit_reads_as_written():
    class Form(PlatformForm):
        latitude = forms.DecimalField(label="纬度", max_value=Decimal("90"))

    assert Form({"latitude": "91"}).errors == {"latitude": ["纬度不能大于90。"]}
