from django.urls import path

from fazhi.org import views

app_name = "org"
urlpatterns = [path("street/", views.street_detail, name="street_detail")]
for crud in views.ENTITIES:
    urlpatterns += crud.urls()

from fazhi.org import views_import  # noqa: E402

urlpatterns += [
    path("import/", views_import.import_home, name="import_home"),
    path("import/<slug:key>/", views_import.import_upload, name="import_upload"),
    path("import/<slug:key>/template/", views_import.import_template, name="import_template"),
    path("import/<slug:key>/<str:token>/", views_import.import_preview, name="import_preview"),
    path("import/<slug:key>/<str:token>/apply/", views_import.import_apply, name="import_apply"),
]
