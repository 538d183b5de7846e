"""The public portal's pages of major decisions, under /s/<street slug>/decisions/."""

from django.urls import path

from fazhi.reviews import views_public

app_name = "reviews_public"
urlpatterns = [
    path("", views_public.decision_index, name="index"),
    path("<int:pk>/", views_public.decision_detail, name="detail"),
    path("<int:pk>/draft/", views_public.decision_draft, name="draft"),
]
