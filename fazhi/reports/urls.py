from django.urls import path

from fazhi.reports import views, views_versions, views_workflow

app_name = "reports"
urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/<str:key>/records/", views.statistic_records, name="statistic_records"),
    path("annual/", views.annual_reports, name="annual_report_list"),
    path("annual/<int:pk>/", views.annual_report, name="annual_report_detail"),
    # The workflow (views_workflow): naming the secrecy reviewer, then one page per step.
    path(
        "annual/<int:pk>/secrecy-reviewer/",
        views_workflow.annual_report_secrecy_reviewer,
        name="annual_report_secrecy_reviewer",
    ),
    path(
        "annual/<int:pk>/workflow/<slug:slug>/",
        views_workflow.annual_report_step,
        name="annual_report_step",
    ),
    path(
        "annual/<int:pk>/versions/compare/",
        views_versions.annual_report_compare,
        name="annual_report_compare",
    ),
]
