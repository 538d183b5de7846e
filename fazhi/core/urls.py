from django.urls import path

from fazhi.core import views, views_calendar, views_exports
from fazhi.core.imports.pages import import_job_list, import_job_page, import_job_status

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("calendar/", views_calendar.calendar_year, name="calendar"),
    path("calendar/<int:year>/", views_calendar.calendar_year, name="calendar_year"),
    path("calendar/load/", views_calendar.calendar_load, name="calendar_import"),
    path("exports/", views_exports.export_list, name="export_list"),
    path("exports/<int:pk>/status/", views_exports.export_status, name="export_status"),
    path("exports/<int:pk>/download/", views_exports.export_download, name="export_download"),
    path("imports/", import_job_list, name="import_job_list"),
    path("imports/<int:pk>/", import_job_page, name="import_job"),
    path("imports/<int:pk>/status/", import_job_status, name="import_job_status"),
    path(
        "calendar/load/template.csv",
        views_calendar.calendar_load_template,
        name="calendar_import_template",
    ),
]
for crud in views_calendar.ENTITIES:
    urlpatterns += crud.urls()
