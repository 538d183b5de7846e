"""The public portal's pages of legal services, under /s/<street slug>/lawyers/."""

from django.urls import URLPattern

app_name = "legal_services_public"
urlpatterns: list[URLPattern] = []
