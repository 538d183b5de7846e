from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse


def password_change_required(user: object) -> bool:
    """First login, or a demo account on an instance that is not the public demo."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.must_change_password or (user.is_demo_account and not settings.DEMO_MODE))  # type: ignore[attr-defined]


class SessionSecurityMiddleware:
    """Ends a back-office session after 30 idle minutes and sends users who must change
    their password to the change page before anything else."""

    EXEMPT_PREFIXES = ("/static/", "/accounts/logout/", "/accounts/password/", "/i18n/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and request.session.session_key is not None:
            now = time.time()
            last = request.session.get("last_activity")
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT_SECONDS:
                from fazhi.accounts.services import logout_user

                logout_user(request, reason="idle_timeout")
                messages.info(request, "您已超过30分钟未操作，为保障安全已自动退出，请重新登录。")
                return HttpResponseRedirect(f"{reverse('accounts:login')}?next={request.path}")
            request.session["last_activity"] = now
        if (
            password_change_required(user)
            and not request.path.startswith(self.EXEMPT_PREFIXES)
            and not request.path.startswith("/api/")
        ):
            return HttpResponseRedirect(reverse("accounts:password_change"))
        return self.get_response(request)
