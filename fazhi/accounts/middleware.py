from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from fazhi.accounts.services import LAST_ACTIVITY_KEY, logout_user


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
        if user.is_authenticated and SESSION_KEY in request.session:
            last = request.session.get(LAST_ACTIVITY_KEY)
            if last is not None and time.time() - last > settings.SESSION_IDLE_TIMEOUT_SECONDS:
                return self._idle_logout(request)
        if (
            password_change_required(user)
            and not request.path.startswith(self.EXEMPT_PREFIXES)
            and not request.path.startswith("/api/")
        ):
            return HttpResponseRedirect(reverse("accounts:password_change"))
        response = self.get_response(request)
        # After the view: a login during this request starts the clock, a logout stops it.
        # The time is written (and the session saved) only when the stored one is older than
        # SESSION_ACTIVITY_WRITE_SECONDS, not on every request; the timeout then falls due at
        # most that much early.
        if request.user.is_authenticated and SESSION_KEY in request.session:
            now = time.time()
            last = request.session.get(LAST_ACTIVITY_KEY)
            if last is None or now - last >= settings.SESSION_ACTIVITY_WRITE_SECONDS:
                request.session[LAST_ACTIVITY_KEY] = now
        return response

    def _idle_logout(self, request: HttpRequest) -> HttpResponse:
        logout_user(request, reason="idle_timeout")
        if request.path.startswith("/api/"):
            # API clients get the API's own error shape, not a login page.
            return JsonResponse(
                {"detail": "会话因长时间未操作已失效，请重新登录。", "errors": {}}, status=401
            )
        login_url = f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}"
        response = HttpResponseRedirect(login_url)
        # MessageMiddleware runs inside this one, so this early response stores the notice
        # itself.
        storage = default_storage(request)
        storage.add(
            messages.INFO,
            _("您已超过%(minutes)s分钟未操作，为保障安全已自动退出，请重新登录。")
            % {"minutes": settings.SESSION_IDLE_TIMEOUT_SECONDS // 60},
        )
        storage.update(response)
        return response
