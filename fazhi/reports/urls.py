from django.urls import path

from fazhi.reports import views

app_name = "reports"
urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/<str:key>/records/", views.statistic_records, name="statistic_records"),
    path("annual/", views.annual_reports, name="annual_report_list"),
    path("annual/<int:pk>/", views.annual_report, name="annual_report_detail"),
]
