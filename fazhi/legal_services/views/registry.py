"""Back-office pages: registry."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
