from django.urls import path

from journal import export_views

app_name = "export"

urlpatterns = [
    path("export/", export_views.export_index, name="index"),
]
