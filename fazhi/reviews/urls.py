"""Back-office pages of legality review and major decisions."""

from django.urls import URLPattern

app_name = "reviews"
urlpatterns: list[URLPattern] = []
