"""/api/: the NinjaAPI's operations and docs, the token page, and JSON for every other path."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.checks import CheckMessage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver, path, re_path
from django.urls.resolvers import ResolverMatch, RoutePattern
from django.views.generic import RedirectView

from fazhi.api import views
from fazhi.api.docs import docs_asset
from fazhi.api.errors import METHOD_NOT_ALLOWED, error_body


def _json_405(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """ninja answers a wrong method with an empty 405; ours says so in JSON, like every error."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            response = JsonResponse(
                error_body(METHOD_NOT_ALLOWED),
                status=405,
                json_dumps_params={"ensure_ascii": False},
            )
            if allowed:
                response["Allow"] = allowed
        return response

    return wrapped


def _api_patterns() -> list[URLPattern | URLResolver]:
    from fazhi.api.api import api

    patterns = api.urls[0]
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _json_405(pattern.callback)
    return patterns


class LazyOperations(URLResolver):
    """The NinjaAPI's operations, built by the first request or ``reverse()`` that needs them.

    Building the API makes some two thousand pydantic models (every schema of every
    operation): a management command (``fazhi migrate``, ``fazhi check``, ``fazhi demo``) and a
    page that resolves no API address never pay for it. The system checks see the API's
    operations only once they are built (they are ninja's own patterns, checked by its tests).
    """

    def __init__(self) -> None:
        super().__init__(RoutePattern(""), "fazhi.api.api")
        self._operations: list[URLPattern | URLResolver] | None = None
        self._building = threading.Lock()

    def load(self) -> list[URLPattern | URLResolver]:
        if self._operations is None:
            with self._building:
                if self._operations is None:
                    self._operations = _api_patterns()
        return self._operations

    @property  # type: ignore[override]
    def url_patterns(self) -> list[URLPattern | URLResolver]:
        return self._operations or []

    def resolve(self, path: str) -> ResolverMatch:
        self.load()
        return super().resolve(path)

    def _populate(self) -> None:
        self.load()
        super()._populate()

    def check(self) -> list[CheckMessage]:
        return super().check() if self._operations is not None else []


OPERATIONS = LazyOperations()


def build_now() -> None:
    """Load the site's URLs and build the API's operations now rather than at a first request.

    The WSGI entry point calls it: under ``gunicorn --preload`` the master builds them once and
    every worker it forks starts with them (its first request costs what any request costs)."""
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports the URLconf modules)
    OPERATIONS.load()
    # A forked worker must not share the master's connection. One inside a transaction is not
    # the master's (a test importing this module): closing it would break that transaction.
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


app_name = "api"
urlpatterns = [
    # Before ninja's own root, which answers with an HTML 404.
    path("", views.api_root, name="index"),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("docs/", RedirectView.as_view(pattern_name="api:openapi-view")),
    path("docs/assets/<str:name>", docs_asset, name="docs_asset"),
    OPERATIONS,
    re_path(r"", views.not_found, name="not_found"),
]
