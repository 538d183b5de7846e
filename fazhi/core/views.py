from __future__ import annotations

import sys

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fazhi.core.access import Refusal
from fazhi.core.db_errors import connection_lost_response
from fazhi.core.replica import replica_reads


@replica_reads()
@login_required
@require_http_methods(["GET", "HEAD"])
def home(request: HttpRequest) -> HttpResponse:
    """The back office's front page (工作台): the user's first action and own work (records by
    their deadline), today's reminders and, as far as the user may see, the headline figures, the charts of the user's own work and the grid map over a chosen
    period (this year up to today by default)."""
    from fazhi.core.reminders import due
    from fazhi.core.views_dashboard import street_dashboard
    from fazhi.core.worklists import first_screen

    user = request.user
    today = timezone.localdate()
    board = street_dashboard(request, today)
    if isinstance(board, HttpResponse):
        return board
    reminders = due(user, today) if user.street_id else []
    work = first_screen(user, today) if user.street_id else None
    # A district office has no street: its streets' headline figures instead (fazhi.district).
    from fazhi.district.views import home_context

    district = home_context(user)
    return render(
        request,
        "core/home.html",
        {"dashboard": board, "reminders": reminders, "district": district, "work": work},
        status=400 if board is not None and board.period is None else 200,
    )


def _error(
    request: HttpRequest, status: int, title: str, exception: Exception | None
) -> HttpResponse:
    detail = ""
    if exception is not None and exception.args and isinstance(exception.args[0], str):
        text = exception.args[0]
        # Our own reasons are shown: marked as a Refusal, or a Chinese sentence (in any
        # language a Chinese sentence is not one of Django's); Django's internal ones are not.
        if isinstance(text, Refusal) or any("\u4e00" <= ch <= "\u9fff" for ch in text):
            detail = text
    return render(
        request,
        "core/error.html",
        {"status": status, "title": title, "detail": detail},
        status=status,
    )


_STAFF_PREFIXES = ("/office/", "/accounts/", "/api/")


def error_page(request: HttpRequest, status: int, title: str, detail: str) -> HttpResponse:
    """Our own error with its title and explanation: JSON for the API, the portal's page for
    residents, the back office's page for staff."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": detail, "errors": {}}, status=status)
    staff = request.path.startswith(_STAFF_PREFIXES)
    return render(
        request,
        "core/error.html" if staff else "portal/error.html",
        {"status": status, "title": title, "detail": detail},
        status=status,
    )


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, _("您没有执行此操作的权限"), exception)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if not request.path.startswith(_STAFF_PREFIXES):
        # A resident who mistyped an address stays on the public site.
        return render(request, "portal/not_found.html", status=404)
    return _error(request, 404, _("页面或记录不存在"), exception)


def error_500(request: HttpRequest) -> HttpResponse:
    """The page for an unexpected error; a database connection lost on the way is a 503 that
    asks to retry (Django calls this handler while the exception is being handled)."""
    exc = sys.exc_info()[1]
    if exc is not None and (lost := connection_lost_response(request, exc)) is not None:
        return lost
    return render(
        request,
        "core/error.html",
        {
            "status": 500,
            "title": _("系统出现错误"),
            "detail": _("错误已记录，请稍后重试或联系系统管理员。"),
        },
        status=500,
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form post (expired page, cookies off): our own 403 page, which the CSP
    allows to be styled, with what to do about it."""
    return render(
        request,
        "core/error.html",
        {
            "status": 403,
            "title": _("表单已失效"),
            "detail": _(
                "页面停留时间过长或浏览器禁用了 Cookie，提交未被接受。请刷新页面后重新提交。"
            ),
        },
        status=403,
    )
