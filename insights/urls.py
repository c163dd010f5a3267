from django.urls import path

from insights import chart_urls, views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    *chart_urls.urlpatterns,
]
