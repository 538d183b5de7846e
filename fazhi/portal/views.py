"""The public portal: no login, read-only, nothing about individual people."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from fazhi.org.models import Street
from fazhi.portal import selectors
from fazhi.portal.registry import public_sections

LEGAL_HOTLINE = "12348"


def street_context(street: Street, current: str | None = None) -> dict[str, Any]:
    """What ``portal/base.html`` needs for a street's page; public sections add their own."""
    return {
        "street": street,
        "sections": public_sections.for_street(street),
        "current_section": current,
        "legal_hotline": LEGAL_HOTLINE,
    }


def _street_page(request: HttpRequest, street: Street) -> HttpResponse:
    context = street_context(street, current="home")
    context["villages"] = list(selectors.portal_villages(street))
    return render(request, "portal/street.html", context)


@require_http_methods(["GET", "HEAD"])
def home(request: HttpRequest) -> HttpResponse:
    """The one street's page, or the list of streets when the platform serves several."""
    streets = list(selectors.portal_streets())
    if len(streets) == 1:
        return _street_page(request, streets[0])
    return render(request, "portal/street_list.html", {"streets": streets})


@require_http_methods(["GET", "HEAD"])
def street_home(request: HttpRequest, slug: str) -> HttpResponse:
    street = selectors.portal_street(slug)
    if street is None:
        return render(request, "portal/not_found.html", status=404)
    return _street_page(request, street)
