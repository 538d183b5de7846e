from django.urls import path

from fazhi.district import views

app_name = "district"
urlpatterns = [
    path("", views.comparison, name="comparison"),
    path("figures/<str:key>/", views.figure, name="figure"),
]
