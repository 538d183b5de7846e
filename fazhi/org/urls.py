from django.urls import path

from fazhi.org import views

app_name = "org"
urlpatterns = [path("street/", views.street_detail, name="street_detail")]
for crud in views.ENTITIES:
    urlpatterns += crud.urls()

from fazhi.org.views_import import PAGES as IMPORT_PAGES  # noqa: E402
from fazhi.org.views_import import grid_boundaries_export, grid_boundaries_import  # noqa: E402

urlpatterns += [
    path("grid/boundaries/", grid_boundaries_import, name="grid_boundaries_import"),
    path("grid/boundaries/download/", grid_boundaries_export, name="grid_boundaries_export"),
]
urlpatterns += IMPORT_PAGES.urls()
