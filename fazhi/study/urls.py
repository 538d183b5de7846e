"""Back-office pages of law study and the 法律明白人."""

from fazhi.study import views

app_name = "study"
urlpatterns = views.urlpatterns
