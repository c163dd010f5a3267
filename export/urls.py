from django.urls import path

from export import views

app_name = "export"

urlpatterns = [
    path("export/", views.export_index, name="index"),
    path("export/summary/", views.summary_page, name="summary"),
    path("export/summary.pdf", views.summary_pdf, name="summary_pdf"),
    path("export/cramps.csv", views.cramps_csv, name="cramps_csv"),
    path("export/backup.json", views.backup, name="backup"),
    path("import/", views.import_data, name="import"),
]
