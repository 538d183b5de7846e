from __future__ import annotations

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
