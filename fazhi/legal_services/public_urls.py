"""The public portal's pages of legal services, under /s/<street slug>/lawyers/."""

from django.urls import path

from fazhi.legal_services.views import public

app_name = "legal_services_public"
urlpatterns = [
    path("", public.index, name="index"),
    path("book/<int:shift_id>/", public.book, name="book"),
    path("booked/", public.booked, name="booked"),
    path("lookup/", public.lookup, name="lookup"),
    path("cancel/", public.cancel, name="cancel"),
]
