"""The public portal's 年度报告, under /s/<street slug>/reports/."""

from fazhi.reports import public

app_name = "reports_public"
urlpatterns = public.urlpatterns
