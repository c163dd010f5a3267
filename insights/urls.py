from django.urls import path

from insights import chart_urls, views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    path("triggers.json", views.triggers_json, name="triggers_json"),
    *chart_urls.urlpatterns,
]
