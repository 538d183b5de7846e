"""Back-office pages of law education and publicity."""

from fazhi.outreach import views, views_booklet

app_name = "outreach"
urlpatterns = [*views.urlpatterns, *views_booklet.urlpatterns]
