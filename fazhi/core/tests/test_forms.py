"""Shared form helpers: a service's ValidationError shown where the user will look for it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from fazhi.accounts import views as account_views
from fazhi.audit import views as audit_views
from fazhi.core.forms import ScopedModelForm, add_service_error
from fazhi.core.types import AuthedRequest
from fazhi.org.models import Village


class PasswordForm(forms.Form):
    old_password = forms.CharField()
    new_password1 = forms.CharField()


def bound() -> PasswordForm:
    form = PasswordForm({"old_password": "a", "new_password1": "b"})
    assert form.is_valid()
    return form


def test_errors_go_to_the_fields_the_service_names():
    form = bound()
    add_service_error(form, ValidationError({"old_password": "原密码不正确。"}))
    assert form.errors == {"old_password": ["原密码不正确。"]}


def test_errors_of_unknown_fields_go_to_the_default_field_or_the_form():
    form = bound()
    error = ValidationError({"is_superuser": "不能修改。", "old_password": "原密码不正确。"})
    add_service_error(form, error, default_field="new_password1")
    assert form.errors == {"new_password1": ["不能修改。"], "old_password": ["原密码不正确。"]}
    form = bound()
    add_service_error(form, ValidationError("密码太常见。"), default_field="new_password1")
    assert form.errors == {"new_password1": ["密码太常见。"]}
    form = bound()
    add_service_error(form, ValidationError("账号已停用。"))
    assert form.non_field_errors() == ["账号已停用。"]


def test_the_model_forms_method_puts_errors_the_same_way(world):
    class VillageForm(ScopedModelForm):
        class Meta:
            model = Village
            fields = ["name"]

    form = VillageForm({"name": "幸福里社区"}, instance=world.a.village, user=world.clerk_a)
    assert form.is_valid()
    form.add_service_error(ValidationError({"street": "记录所属街道不能修改。", "name": "重名。"}))
    assert form.non_field_errors() == ["记录所属街道不能修改。"]
    assert form.errors["name"] == ["重名。"]


def test_the_authenticated_request_type_is_defined_once():
    assert account_views.AuthedRequest is AuthedRequest
    assert audit_views.AuthedRequest is AuthedRequest
