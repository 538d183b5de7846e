from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from fazhi.core.navigation import visible_sections


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    sections = visible_sections(user) if user is not None and user.is_authenticated else []
    return {
        "nav_sections": sections,
        "site_title": settings.SITE_TITLE,
        "demo_mode": settings.DEMO_MODE,
    }
