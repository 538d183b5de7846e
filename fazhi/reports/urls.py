from django.urls import path

from fazhi.reports import views, views_editor, views_versions, views_workflow

app_name = "reports"
urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/<str:key>/records/", views.statistic_records, name="statistic_records"),
    path("annual/", views.annual_reports, name="annual_report_list"),
    path("annual/<int:pk>/", views.annual_report, name="annual_report_detail"),
    path(
        "annual/<int:pk>/download.<str:file_format>",
        views.annual_report_download,
        name="annual_report_download",
    ),
    # Writing the report (views_editor): only while it is being drafted.
    path("annual/new/", views_editor.annual_report_create, name="annual_report_create"),
    path("annual/outline/", views_editor.report_outline, name="report_outline"),
    path("annual/<int:pk>/edit/", views_editor.annual_report_edit, name="annual_report_edit"),
    path(
        "annual/<int:pk>/edit/sections/<int:section_pk>/",
        views_editor.annual_report_edit_section,
        name="annual_report_edit_section",
    ),
    path(
        "annual/<int:pk>/edit/preview/",
        views_editor.annual_report_preview,
        name="annual_report_preview",
    ),
    path(
        "annual/<int:pk>/edit/proposals/<int:proposal_pk>/",
        views_editor.annual_report_proposal,
        name="annual_report_proposal",
    ),
    path(
        "annual/<int:pk>/readiness/",
        views_editor.annual_report_readiness,
        name="annual_report_readiness",
    ),
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
