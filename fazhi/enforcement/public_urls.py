"""The public portal's enforcement pages, under /s/<street slug>/enforcement/: publicity before
and after (执法公示) and residents' reports."""

from fazhi.enforcement.views import public, public_report

app_name = "enforcement_public"
urlpatterns = [*public.urlpatterns, *public_report.urlpatterns]
