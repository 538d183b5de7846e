"""/api/: the NinjaAPI's operations and docs, the token page, and JSON for every other path."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver, path, re_path
from django.views.generic import RedirectView

from fazhi.api import views
from fazhi.api.api import api
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
    patterns = api.urls[0]
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _json_405(pattern.callback)
    return patterns


app_name = "api"
urlpatterns = [
    # Before ninja's own root, which answers with an HTML 404.
    path("", views.api_root, name="index"),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("docs/", RedirectView.as_view(pattern_name="api:openapi-view")),
    path("docs/assets/<str:name>", docs_asset, name="docs_asset"),
    *_api_patterns(),
    re_path(r"", views.not_found, name="not_found"),
]
