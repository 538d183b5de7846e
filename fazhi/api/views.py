"""Pages and plain views under /api/: the owner's token page and the API's JSON fallbacks."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.accounts.middleware import password_change_required
from fazhi.accounts.models import ApiToken
from fazhi.api import tokens
from fazhi.api.errors import CSRF_FAILED, NO_SUCH_ENDPOINT, error_body
from fazhi.api.forms import TokenCreateForm
from fazhi.core import views as core_views
from fazhi.org.models import User


def _json(body: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


@require_http_methods(["GET", "HEAD"])
def api_root(request: HttpRequest) -> JsonResponse:
    """Where to read about the API and get a token."""
    return _json(
        {
            "title": "法治政府建设工作平台 API",
            "docs": reverse("api:openapi-view"),
            "openapi": reverse("api:openapi-json"),
            "tokens": reverse("api:token_list"),
        }
    )


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any other address under /api/: a JSON 404, not the site's HTML page."""
    return _json(error_body(NO_SUCH_ENDPOINT), status=404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A request refused by Django's CSRF check (``CSRF_FAILURE_VIEW``): under /api/ the API's
    JSON error, as every error there; every other page keeps the back office's page.

    The token pages are pages under /api/: a browser posting their form (it asks for HTML
    first) is shown the back office's page, which tells a person what to do; a program posting
    to them gets the API's JSON like anywhere else under /api/."""
    if request.path.startswith("/api/") and not (
        request.path.startswith(reverse("api:token_list"))
        and request.get_preferred_type(["application/json", "text/html"]) == "text/html"
    ):
        return _json(error_body(CSRF_FAILED), status=403)
    return core_views.csrf_failure(request, reason)


def _must_change_password(request: HttpRequest) -> HttpResponse | None:
    # The site middleware leaves /api/ alone (API clients get a 403 instead); these pages
    # send the user to the password page as every other page does.
    if password_change_required(request.user):
        return HttpResponseRedirect(reverse("accounts:password_change"))
    return None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's own API tokens; a new token's text is shown on this answer only."""
    if (redirect := _must_change_password(request)) is not None:
        return redirect
    user = cast(User, request.user)  # login_required
    form = TokenCreateForm(request.POST or None)
    plain = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                token, plain = tokens.token_create(
                    user=user,
                    name=form.cleaned_data["name"],
                    expires_at=form.expires_at(),
                    actor=user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 400
            else:
                messages.success(request, _("已创建接口令牌“%(name)s”。") % {"name": token.name})
                form = TokenCreateForm()
        else:
            status = 400
    now = timezone.now()
    rows = [(t, tokens.token_status(t, now)) for t in tokens.token_list(user)]
    response = render(
        request,
        "api/token_list.html",
        {"form": form, "rows": rows, "plain": plain, "docs_url": reverse("api:openapi-view")},
        status=status,
    )
    # The page may carry a token's only copy: keep it out of every cache.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own tokens."""
    if (redirect := _must_change_password(request)) is not None:
        return redirect
    user = cast(User, request.user)  # login_required
    token = get_object_or_404(ApiToken, pk=pk, user=user)
    try:
        tokens.token_revoke(token=token, actor=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("已吊销接口令牌“%(name)s”，使用它的程序将无法再访问。") % {"name": token.name},
        )
    return HttpResponseRedirect(reverse("api:token_list"))
