from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.accounts import services
from fazhi.accounts.forms import LoginForm, PasswordChangeForm
from fazhi.accounts.middleware import password_change_required


@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
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
                    messages.warning(request, "为保障账号安全，请先修改初始密码。")
                    return HttpResponseRedirect(resolve_url("accounts:password_change"))
                return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
            form.add_error(None, result.error)
        status = 400
    return render(request, "accounts/login.html", {"form": form, "next": next_url}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    services.logout_user(request)
    messages.info(request, "您已安全退出。")
    return HttpResponseRedirect(resolve_url("accounts:login"))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def password_change_view(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.password_change(
                    user=request.user,
                    old_password=form.cleaned_data["old_password"],
                    new_password=form.cleaned_data["new_password1"],
                    request=request,
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        form.add_error(field, errors)
                else:
                    form.add_error("new_password1", exc)
            else:
                messages.success(request, "密码已修改。")
                return HttpResponseRedirect(resolve_url("core:home"))
        status = 400
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "forced": password_change_required(request.user)},
        status=status,
    )
