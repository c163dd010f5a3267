from django.urls import path

from journal import export_views

app_name = "export"

urlpatterns = [
    path("export/", export_views.export_index, name="index"),
    path("export/summary/", export_views.summary_page, name="summary"),
    path("export/summary.pdf", export_views.summary_pdf, name="summary_pdf"),
    path("export/cramps.csv", export_views.cramps_csv, name="cramps_csv"),
    path("export/backup.json", export_views.backup, name="backup"),
    path("import/", export_views.import_data, name="import"),
    path("accounts/delete/", export_views.delete_account, name="delete_account"),
]
