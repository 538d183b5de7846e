"""The public portal's pages of major decisions, under /s/<street slug>/decisions/."""

from django.urls import URLPattern

app_name = "reviews_public"
urlpatterns: list[URLPattern] = []
