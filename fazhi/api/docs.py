"""The interactive API documentation, from the Swagger UI files that ship inside ninja.

Nothing is fetched from another host and no inline script runs, so the page works under the
site's ``script-src 'self'`` policy. The files are linked under ``/static/`` when the
staticfiles finders know them (``"ninja"`` in ``INSTALLED_APPS``); otherwise this module serves
the same files itself, read-only and by a fixed list of names.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ninja
from django.contrib.auth.views import redirect_to_login
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET
from ninja.openapi.docs import DocsBase

from fazhi.accounts.middleware import password_change_required
from fazhi.api.auth import MUST_CHANGE_PASSWORD
from fazhi.api.errors import NOT_LOGGED_IN, error_body
from fazhi.api.tokens import token_authenticate

if TYPE_CHECKING:
    from ninja import NinjaAPI

NINJA_STATIC_DIR = Path(ninja.__file__).resolve().parent / "static" / "ninja"
ASSETS = {
    "swagger-ui.css": "text/css; charset=utf-8",
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui-init.js": "text/javascript; charset=utf-8",
    "favicon.svg": "image/svg+xml",
    "favicon.png": "image/png",
}


def asset_url(name: str) -> str:
    """Where the page loads ninja's file ``name`` from: /static/ if collected, else here."""
    if finders.find(f"ninja/{name}"):
        return static(f"ninja/{name}")
    return reverse("api:docs_asset", args=[name])


@require_GET
def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    """One of ninja's Swagger UI files, for deployments that do not collect ninja's static."""
    if name not in ASSETS:
        raise Http404("文件不存在。")
    response = FileResponse((NINJA_STATIC_DIR / name).open("rb"), content_type=ASSETS[name])
    response["Cache-Control"] = "public, max-age=86400"
    return response


class LocalSwagger(DocsBase):
    """Swagger UI from this server's own files, its settings passed as a JSON data block."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
            # Swagger UI would otherwise send the schema to validator.swagger.io.
            "validatorUrl": None,
        }
        context = {
            "api": api,
            "swagger_settings": settings,
            "assets": {
                "css": asset_url("swagger-ui.css"),
                "bundle": asset_url("swagger-ui-bundle.js"),
                "init": asset_url("swagger-ui-init.js"),
                "favicon_svg": asset_url("favicon.svg"),
                "favicon_png": asset_url("favicon.png"),
            },
            "tokens_url": reverse("api:token_list"),
        }
        return render(request, "api/docs.html", context)


def docs_guard(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema and its docs are for signed-in staff (or a token) who need not change
    their password first."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wants_json = request.path.endswith(".json")
        user = request.user
        header = request.headers.get("Authorization", "")
        if not user.is_authenticated and header[:7].lower() == "bearer ":
            user = token_authenticate(header[7:]) or user
        if not user.is_authenticated:
            if wants_json:
                return JsonResponse(
                    error_body(NOT_LOGGED_IN), status=401, json_dumps_params={"ensure_ascii": False}
                )
            return redirect_to_login(request.get_full_path())
        if password_change_required(user):
            if wants_json:
                return JsonResponse(
                    error_body(MUST_CHANGE_PASSWORD),
                    status=403,
                    json_dumps_params={"ensure_ascii": False},
                )
            return redirect("accounts:password_change")
        return view(request, *args, **kwargs)

    return guarded
