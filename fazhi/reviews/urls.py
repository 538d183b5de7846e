"""Back-office pages of legality review and major decisions."""

from django.urls import path

from fazhi.reviews import views

app_name = "reviews"
urlpatterns = [
    path("requests/", views.reviewrequest_list, name="reviewrequest_list"),
    path("requests/new/", views.reviewrequest_create, name="reviewrequest_create"),
    path("requests/<int:pk>/", views.reviewrequest_detail, name="reviewrequest_detail"),
    path("requests/<int:pk>/edit/", views.reviewrequest_update, name="reviewrequest_update"),
    path("requests/<int:pk>/delete/", views.reviewrequest_delete, name="reviewrequest_delete"),
    path(
        "requests/<int:pk>/document/", views.reviewrequest_document, name="reviewrequest_document"
    ),
    path("requests/<int:pk>/opinion/", views.reviewrequest_complete, name="reviewrequest_complete"),
    path(
        "requests/<int:pk>/withdraw/", views.reviewrequest_withdraw, name="reviewrequest_withdraw"
    ),
    path("requests/<int:pk>/fate/", views.reviewrequest_fate, name="reviewrequest_fate"),
    path("decisions/", views.majordecision_list, name="majordecision_list"),
    path("decisions/new/", views.majordecision_create, name="majordecision_create"),
    path("decisions/<int:pk>/", views.majordecision_detail, name="majordecision_detail"),
    path("decisions/<int:pk>/edit/", views.majordecision_update, name="majordecision_update"),
    path("decisions/<int:pk>/draft/", views.majordecision_draft, name="majordecision_draft"),
    path(
        "decisions/<int:pk>/participation/open/",
        views.majordecision_open_participation,
        name="majordecision_open_participation",
    ),
    path(
        "decisions/<int:pk>/participation/close/",
        views.majordecision_close_participation,
        name="majordecision_close_participation",
    ),
    path("decisions/<int:pk>/expert/", views.majordecision_expert, name="majordecision_expert"),
    path(
        "decisions/<int:pk>/expert/waive/",
        views.majordecision_expert_waive,
        name="majordecision_expert_waive",
    ),
    path("decisions/<int:pk>/risk/", views.majordecision_risk, name="majordecision_risk"),
    path(
        "decisions/<int:pk>/risk/waive/",
        views.majordecision_risk_waive,
        name="majordecision_risk_waive",
    ),
    path(
        "decisions/<int:pk>/legality/", views.majordecision_legality, name="majordecision_legality"
    ),
    path(
        "decisions/<int:pk>/discussion/",
        views.majordecision_discussion,
        name="majordecision_discussion",
    ),
    path("decisions/<int:pk>/decide/", views.majordecision_decide, name="majordecision_decide"),
    path("decisions/<int:pk>/publish/", views.majordecision_publish, name="majordecision_publish"),
    path("decisions/<int:pk>/archive/", views.majordecision_archive, name="majordecision_archive"),
    path("decisions/<int:pk>/abandon/", views.majordecision_abandon, name="majordecision_abandon"),
    path("comments/<int:pk>/respond/", views.publiccomment_respond, name="publiccomment_respond"),
]
