"""Who is calling the API: a bearer token, or the back-office session (with CSRF on writes)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from fazhi.accounts.middleware import password_change_required
from fazhi.api.errors import CSRF_FAILED
from fazhi.api.tokens import token_authenticate

MUST_CHANGE_PASSWORD = "您须先在系统中修改初始密码，才能使用数据接口。"


def _usable(user: Any) -> Any:
    """The user, once it is clear they may use the API at all."""
    if password_change_required(user):
        raise HttpError(403, MUST_CHANGE_PASSWORD)
    return user


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <令牌>``; a token that is presented but not valid is a 401."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(token)
        if user is None:
            raise AuthenticationError(401, "接口令牌无效、已过期或已吊销。")
        # Views read request.user like the pages do; a token request has no session user.
        request.user = user
        return _usable(user)


class SessionAuth(APIKeyCookie):
    """The logged-in back-office user; unsafe methods need the CSRF token as the pages do."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        # ninja checks CSRF before looking at the user; an anonymous request is a 401, not
        # a CSRF failure.
        return self.authenticate(request, request.COOKIES.get(self.param_name))

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise HttpError(403, CSRF_FAILED)
        return _usable(user)


token_auth = TokenAuth()
session_auth = SessionAuth()
# Tried in order: a request that presents a bearer token is judged by that token alone.
API_AUTH = [token_auth, session_auth]
