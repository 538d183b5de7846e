"""Pages of enforcement (skeleton: filled by its area's work)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
