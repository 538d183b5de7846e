from django.urls import path

from fazhi.reports import views

app_name = "reports"
urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/<str:key>/records/", views.statistic_records, name="statistic_records"),
]
