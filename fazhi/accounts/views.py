"""Login and password pages, and the security administrator's account pages (账号与角色)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.accounts import services
from fazhi.accounts.filters import UserFilter
from fazhi.accounts.forms import (
    AdminPasswordResetForm,
    LoginForm,
    PasswordChangeForm,
    UserCreateForm,
    UserDeactivateForm,
    UserRolesForm,
    UserUpdateForm,
)
from fazhi.accounts.middleware import password_change_required
from fazhi.accounts.selectors import get_user_for_user, role_labels, user_list
from fazhi.core.access import Refusal, require_perm
from fazhi.core.excel import export_rows
from fazhi.core.forms import form_page
from fazhi.core.paging import paginate
from fazhi.core.types import AuthedRequest
from fazhi.org import services as org_services
from fazhi.org.models import User

READ = ["GET", "HEAD"]
WRITE = ["GET", "HEAD", "POST"]


# --- Login, logout, own password ------------------------------------------------------------


@require_http_methods(WRITE)
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            result = services.attempt_login(
                request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
            if result.user is not None:
                if password_change_required(result.user):
                    messages.warning(request, _("为保障账号安全，请先修改初始密码。"))
                    return HttpResponseRedirect(resolve_url("accounts:password_change"))
                return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
            form.add_error(None, result.error)
        status = 400
    lockout = {
        "account_limit": settings.LOGIN_FAILURE_LIMIT,
        "ip_limit": settings.LOGIN_IP_FAILURE_LIMIT,
        "ip_window": settings.LOGIN_IP_FAILURE_WINDOW_SECONDS // 60,
        "minutes": settings.LOGIN_LOCKOUT_SECONDS // 60,
    }
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": next_url, "lockout": lockout},
        status=status,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    services.logout_user(request)
    messages.info(request, _("您已安全退出。"))
    return HttpResponseRedirect(resolve_url("accounts:login"))


@login_required
@require_http_methods(WRITE)
def password_change_view(request: AuthedRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    return form_page(
        request,
        form,
        template="accounts/password_change.html",
        context={"forced": password_change_required(request.user)},
        action=lambda data: services.password_change(
            user=request.user,
            old_password=data["old_password"],
            new_password=data["new_password1"],
            request=request,
        ),
        success=lambda _user: (_("密码已修改。"), resolve_url("core:home")),
        error_field="new_password1",
    )


# --- Account administration (安全管理员) -----------------------------------------------------

EXPORT_HEADERS = [
    gettext_lazy("用户名"),
    gettext_lazy("姓名"),
    gettext_lazy("部门"),
    gettext_lazy("网格"),
    gettext_lazy("职务"),
    gettext_lazy("手机号码"),
    gettext_lazy("角色"),
    gettext_lazy("状态"),
    gettext_lazy("锁定至"),
    gettext_lazy("下次登录须修改密码"),
    gettext_lazy("最近登录"),
    gettext_lazy("创建时间"),
]


def _export_row(user: User) -> list[Any]:
    return [
        user.username,
        user.full_name,
        str(user.department or ""),
        str(user.grid or ""),
        user.title,
        user.phone,
        _("、").join(role_labels(user)),
        _("在用") if user.is_active else _("已停用"),
        user.locked_until,  # type: ignore[attr-defined]
        _("是") if user.must_change_password else _("否"),
        user.last_login,
        user.date_joined,
    ]


def _export_users(request: AuthedRequest, filters: UserFilter, qs: Any) -> HttpResponse:
    """The filtered accounts as .xlsx; the export is audited like every other export."""
    users = list(qs)
    return export_rows(
        object_type="org.user",
        title=gettext_lazy("账号列表"),
        headers=[capfirst(h) for h in EXPORT_HEADERS],
        rows=(_export_row(u) for u in users),
        count=len(users),
        filters=filters.active(),
        actor=request.user,
    )


@login_required
@require_http_methods(READ)
def user_list_view(request: AuthedRequest) -> HttpResponse:
    require_perm(request.user, User, "view")
    filters = UserFilter(request.GET, user=request.user)
    qs = filters.apply(user_list(request.user))
    if request.GET.get("format") == "xlsx":
        return _export_users(request, filters, qs)
    page = paginate(request, qs, 50)
    rows = [(u, role_labels(u)) for u in page.object_list]
    status = 400 if filters.is_bound and not filters.is_valid() else 200
    return render(
        request,
        "accounts/user_list.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "can_add": request.user.has_perm("org.add_user"),
        },
        status=status,
    )


def _detail_context(request: AuthedRequest, user: User, **extra: Any) -> dict[str, Any]:
    actor = request.user
    can_change = actor.has_perm("org.change_user")
    return {
        "account": user,
        "roles": role_labels(user),
        "locked_until": services.account_locked_until(user),
        "can_change": can_change,
        "can_manage_roles": actor.has_perm("org.manage_roles") and actor.pk != user.pk,
        "is_self": actor.pk == user.pk,
        **extra,
    }


@login_required
@require_http_methods(READ)
def user_detail_view(request: AuthedRequest, pk: int) -> HttpResponse:
    user = get_user_for_user(request.user, pk)
    return render(request, "accounts/user_detail.html", _detail_context(request, user))


@login_required
@require_http_methods(WRITE)
def user_create_view(request: AuthedRequest) -> HttpResponse:
    actor = request.user
    require_perm(actor, User, "add")
    if actor.street_id is None:
        raise PermissionDenied(Refusal(_("您的账号未归属任何街道，不能新增账号。")))
    form = UserCreateForm(request.POST or None, user=actor)

    def create(data: dict[str, Any]) -> User:
        return org_services.user_create(
            actor=actor,
            street=actor.street,
            password=data["new_password1"],
            roles=data.get("roles", []),
            must_change_password=True,
            username=data["username"],
            **{name: data[name] for name in UserUpdateForm.Meta.fields},
        )

    return form_page(
        request,
        form,
        template="accounts/user_form.html",
        context={"account": None},
        action=create,
        success=lambda user: (
            _("已新增账号“%(account)s”。请将初始密码告知本人，首次登录时须修改。")
            % {"account": user},
            reverse("accounts:user_detail", args=[user.pk]),
        ),
    )


@login_required
@require_http_methods(WRITE)
def user_update_view(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = request.user
    user = get_user_for_user(actor, pk, write=True)
    form = UserUpdateForm(request.POST or None, instance=user, user=actor)
    return form_page(
        request,
        form,
        template="accounts/user_form.html",
        context={"account": user},
        action=lambda data: org_services.user_update(
            user, actor=actor, **{name: data[name] for name in form.fields}
        ),
        success=lambda _user: (
            _("已保存账号“%(account)s”的信息。") % {"account": user},
            reverse("accounts:user_detail", args=[pk]),
        ),
        # The form mutated ``user`` while validating; show the stored name, not the input.
        on_invalid=user.refresh_from_db,
    )


@login_required
@require_http_methods(WRITE)
def user_roles_view(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = request.user
    user = get_user_for_user(actor, pk)
    if not actor.has_perm("org.manage_roles"):
        raise PermissionDenied(Refusal(_("只有安全管理员可以分配角色。")))
    current = sorted(g.name for g in user.groups.all())
    form = UserRolesForm(request.POST or None, initial={"roles": current})
    return form_page(
        request,
        form,
        template="accounts/user_roles.html",
        context={"account": user},
        action=lambda data: org_services.user_set_roles(user, roles=data["roles"], actor=actor),
        success=lambda _user: (
            _("已保存账号“%(account)s”的角色。") % {"account": user},
            reverse("accounts:user_detail", args=[pk]),
        ),
        error_field="roles",
    )


@login_required
@require_http_methods(WRITE)
def user_password_reset_view(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = request.user
    user = get_user_for_user(actor, pk, write=True)
    form = AdminPasswordResetForm(request.POST or None)
    return form_page(
        request,
        form,
        template="accounts/user_password.html",
        context={"account": user},
        action=lambda data: services.password_reset_by_admin(
            user=user, new_password=data["new_password1"], actor=actor
        ),
        success=lambda _user: (
            _("已重置账号“%(account)s”的密码，用户下次登录时须修改；其锁定同时解除。")
            % {"account": user},
            reverse("accounts:user_detail", args=[pk]),
        ),
        error_field="new_password1",
    )


@login_required
@require_http_methods(WRITE)
def user_deactivate_view(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = request.user
    user = get_user_for_user(actor, pk, write=True)
    form = UserDeactivateForm(request.POST or None)
    return form_page(
        request,
        form,
        template="accounts/user_deactivate.html",
        context={"account": user},
        action=lambda data: services.user_deactivate(user, actor=actor, reason=data["reason"]),
        success=lambda _user: (
            _("已停用账号“%(account)s”。") % {"account": user},
            reverse("accounts:user_detail", args=[pk]),
        ),
    )


def _status_action(request: AuthedRequest, pk: int, service: Any, done: str) -> HttpResponse:
    """A one-button change of an account's status, posted from its detail page."""
    actor = request.user
    user = get_user_for_user(actor, pk, write=True)
    try:
        service(user, actor=actor)
    except ValidationError as exc:
        context = _detail_context(request, user, error=_("；").join(exc.messages))
        return render(request, "accounts/user_detail.html", context, status=400)
    messages.success(request, done % {"account": user})
    return HttpResponseRedirect(reverse("accounts:user_detail", args=[pk]))


@login_required
@require_POST
def user_reactivate_view(request: AuthedRequest, pk: int) -> HttpResponse:
    return _status_action(request, pk, services.user_reactivate, _("已重新启用账号“%(account)s”。"))


@login_required
@require_POST
def user_unlock_view(request: AuthedRequest, pk: int) -> HttpResponse:
    return _status_action(
        request, pk, services.user_unlock, _("已解除账号“%(account)s”的登录锁定。")
    )
