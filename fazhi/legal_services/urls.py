"""Back-office pages of public legal services, one list of URLs per area."""

from fazhi.legal_services.views import duty, mediation, registry

app_name = "legal_services"
urlpatterns = [*registry.urlpatterns, *duty.urlpatterns, *mediation.urlpatterns]
