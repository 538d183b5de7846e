"""Read-only by design: the audit log has no page that edits or deletes a row."""

from django.urls import path

from fazhi.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.entry_list_view, name="entry_list"),
    path("<int:seq>/", views.entry_detail_view, name="entry_detail"),
]
