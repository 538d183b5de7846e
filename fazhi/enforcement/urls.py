"""Back-office pages of administrative enforcement, under /office/enforcement/."""

from fazhi.enforcement.views import (
    campaigns,
    cases,
    evidence,
    frontage,
    imports,
    patrols,
    publication,
    registry,
    reports,
    review,
)

app_name = "enforcement"
urlpatterns = [
    *cases.urlpatterns,
    *evidence.urlpatterns,
    *review.urlpatterns,
    *publication.urlpatterns,
    *registry.urlpatterns,
    *patrols.urlpatterns,
    *reports.urlpatterns,
    *frontage.urlpatterns,
    *campaigns.urlpatterns,
    *imports.urlpatterns,
]
