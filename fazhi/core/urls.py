from django.urls import path

from fazhi.core import views, views_calendar

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("calendar/", views_calendar.calendar_year, name="calendar"),
    path("calendar/<int:year>/", views_calendar.calendar_year, name="calendar_year"),
]
for crud in views_calendar.ENTITIES:
    urlpatterns += crud.urls()
