from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.forms import ScopedModelForm
from fazhi.org.models import Department, Grid, User
from fazhi.org.roles import Role


class LoginForm(forms.Form):
    username = forms.CharField(
        label=gettext_lazy("用户名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=gettext_lazy("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def _password_field(label: Any, *, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=help_text,
    )


def _policy_sentence(suffix: Any = "") -> str:
    """The password policy in one sentence, e.g. "…至少 8 个字符；…至少3类；…。"."""
    texts = [str(t).rstrip("。").rstrip(".") for t in password_validators_help_texts()]
    return _("%(rules)s。") % {"rules": _("；").join(texts)} + str(suffix)


# Lazy, so that the help is written in the language of the request, not of start-up.
_policy_help = lazy(_policy_sentence, str)


class NewPasswordMixin:
    """Two password boxes that must agree; the policy check runs in the service or ``clean``."""

    def check_passwords_match(self, data: dict[str, Any]) -> None:
        if data.get("new_password1") and data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("两次输入的密码不一致。"))  # type: ignore[attr-defined]


class PasswordChangeForm(NewPasswordMixin, forms.Form):
    old_password = forms.CharField(
        label=gettext_lazy("原密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = _password_field(gettext_lazy("新密码"), help_text=_policy_help())
    new_password2 = _password_field(gettext_lazy("确认新密码"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_passwords_match(data)
        return data


class AdminPasswordResetForm(NewPasswordMixin, forms.Form):
    """The security administrator sets a temporary password for someone else."""

    new_password1 = _password_field(
        gettext_lazy("临时密码"), help_text=_policy_help(gettext_lazy("用户下次登录时须修改。"))
    )
    new_password2 = _password_field(gettext_lazy("确认临时密码"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_passwords_match(data)
        return data


_PARTICULARS = [
    "full_name",
    "department",
    "grid",
    "title",
    "phone",
    "email",
    "enforcement_certificate_no",
    "legal_qualification",
    "legal_review_post",
]


def _roles_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=gettext_lazy("角色"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "系统管理员、安全管理员、审计员（三员）须由不同人员担任，且不兼任业务角色。"
        ),
    )


class UserUpdateForm(ScopedModelForm):
    """An account's particulars; user name, password and roles have their own pages."""

    class Meta:
        model = User
        fields = _PARTICULARS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Offer the street's departments in use and grids not dissolved, and whatever the
        # account has now.
        department = cast(forms.ModelChoiceField, self.fields["department"])
        grid = cast(forms.ModelChoiceField, self.fields["grid"])
        department.queryset = Department.objects.for_user(self.user).filter(
            Q(is_active=True) | Q(pk=self.instance.department_id)
        )
        grid.queryset = Grid.objects.for_user(self.user).filter(
            Q(dissolved_on__isnull=True) | Q(pk=self.instance.grid_id)
        )


class UserCreateForm(NewPasswordMixin, UserUpdateForm):
    """A new account of the administrator's street, with its initial password and roles."""

    roles = _roles_field()
    new_password1 = _password_field(
        gettext_lazy("初始密码"), help_text=_policy_help(gettext_lazy("用户首次登录时须修改。"))
    )
    new_password2 = _password_field(gettext_lazy("确认初始密码"))

    class Meta:
        model = User
        fields = ["username", *_PARTICULARS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.user.has_perm("org.manage_roles"):
            del self.fields["roles"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_passwords_match(data)
        password = data.get("new_password1")
        if password and "new_password2" not in self.errors:
            candidate = User(
                username=data.get("username", ""),
                full_name=data.get("full_name", ""),
                email=data.get("email", ""),
            )
            try:
                validate_password(password, candidate)
            except ValidationError as exc:
                self.add_error("new_password1", exc)
        return data


class UserRolesForm(forms.Form):
    roles = _roles_field()


class UserDeactivateForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("停用原因"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("例如 调离本街道、退休；记入审计日志。"),
    )
