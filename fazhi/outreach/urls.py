"""Back-office pages of law education and publicity."""

from fazhi.outreach import views

app_name = "outreach"
urlpatterns = views.urlpatterns
