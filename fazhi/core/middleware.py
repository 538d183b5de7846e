from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from fazhi.core import context

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def client_ip(request: HttpRequest) -> str | None:
    """The client address; X-Forwarded-For is trusted only when a proxy is configured.

    Only the rightmost entry is the proxy's own: it appends the address the connection came
    from to whatever the client sent, so every entry left of it is the client's to choose.
    """
    if settings.FAZHI_TRUST_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        appended = forwarded.rsplit(",", 1)[-1].strip()
        if appended:
            return appended
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Gives every request an id (kept from X-Request-ID when sane) and records the client IP."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        with context.bound(context.RequestContext(request_id=request_id, ip=client_ip(request))):
            request.request_id = request_id  # type: ignore[attr-defined]
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Chinese unless the user chose another language with the switch (the language cookie).

    The browser's Accept-Language is not followed: an office's shared computer set up in
    English must still open the Chinese back office that staff expect.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()  # type: ignore[attr-defined]


# The form fields and multipart framing around the largest evidence file.
_UPLOAD_OVERHEAD = 1024 * 1024


@functools.cache
def _large_upload_paths(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def request_limit(path: str) -> int:
    """The largest request body accepted at ``path``: FAZHI_MAX_REQUEST_BYTES, except at the
    evidence upload addresses (FAZHI_LARGE_UPLOAD_PATHS), which take an audio or video file of
    up to FAZHI_EVIDENCE_MAX_BYTES."""
    large = _large_upload_paths(tuple(getattr(settings, "FAZHI_LARGE_UPLOAD_PATHS", ())))
    if large is not None and large.match(path):
        return max(
            settings.FAZHI_MAX_REQUEST_BYTES, settings.FAZHI_EVIDENCE_MAX_BYTES + _UPLOAD_OVERHEAD
        )
    return int(settings.FAZHI_MAX_REQUEST_BYTES)


class RequestLimitsMiddleware:
    """Refuse, before anything reads the body: a request larger than FAZHI_MAX_REQUEST_BYTES
    (evidence uploads: see ``request_limit``) (413), and more than FAZHI_PUBLIC_POSTS_PER_HOUR anonymous form posts from one address to
    the public portal (429). Both answer with the Chinese error page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from datetime import timedelta

        from django.utils.translation import gettext as _

        from fazhi.core import throttle
        from fazhi.core.views import error_page

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = request_limit(request.path)
        if length > limit:
            return error_page(
                request,
                413,
                _("提交的内容过大"),
                _("一次提交的内容（含上传文件）不能超过%(mb)dMB。")
                % {"mb": limit // (1024 * 1024)},
            )
        if (
            request.method == "POST"
            and request.path.startswith("/s/")
            and not request.session.get("_auth_user_id")
        ):
            ip = context.current().ip or "unknown"
            if not throttle.allow(
                "public_post",
                ip,
                limit=settings.FAZHI_PUBLIC_POSTS_PER_HOUR,
                window=timedelta(hours=1),
            ):
                return error_page(
                    request,
                    429,
                    _("提交过于频繁"),
                    _("同一网络地址在一小时内提交次数过多，请稍后再试；急需法律帮助请拨打12348。"),
                )
        return self.get_response(request)
