from django.urls import path

from fazhi.org import views

app_name = "org"
urlpatterns = [path("street/", views.street_detail, name="street_detail")]
for crud in views.ENTITIES:
    urlpatterns += crud.urls()

from fazhi.org.views_import import PAGES as IMPORT_PAGES  # noqa: E402

urlpatterns += IMPORT_PAGES.urls()
