from datetime import date

from django.urls import path, register_converter

from journal import offline_sync, views


class DayConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        # An impossible date (2026-02-30) is a 404, not a server error.
        return date.fromisoformat(value)

    def to_url(self, value):
        return value.isoformat()


register_converter(DayConverter, "day")

app_name = "journal"

urlpatterns = [
    path("", views.home, name="home"),
    path("api/cramps/sync/", offline_sync.sync_queue, name="sync_queue"),
    path("log/", views.quick_log_view, name="quick_log"),
    path("timer/start/", views.timer_start, name="timer_start"),
    path("timer/stop/", views.timer_stop, name="timer_stop"),
    path("timer/cancel/", views.timer_cancel, name="timer_cancel"),
    path("checkin/", views.checkin, name="checkin"),
    path("journal/", views.timeline, name="timeline"),
    path("journal/new/", views.cramp_new, name="cramp_new"),
    path("journal/restore/", views.cramp_restore, name="cramp_restore"),
    path("journal/<int:pk>/details/", views.cramp_details, name="cramp_details"),
    path("journal/<int:pk>/undo/", views.cramp_undo, name="cramp_undo"),
    path("journal/<int:pk>/edit/", views.cramp_edit, name="cramp_edit"),
    path("journal/<int:pk>/delete/", views.cramp_delete, name="cramp_delete"),
    path("journal/day/<day:day>/", views.day_context, name="day_context"),
    path("journal/day/<day:day>/bump/", views.day_bump, name="day_bump"),
    path("journal/medications/", views.medications, name="medications"),
    path("journal/medications/new/", views.medication_form, name="medication_new"),
    path("journal/medications/hint/", views.medication_hint, name="medication_hint"),
    path("journal/medications/<int:pk>/edit/", views.medication_form, name="medication_edit"),
    path("journal/medications/<int:pk>/stop/", views.medication_stop, name="medication_stop"),
    path("journal/conditions/", views.conditions, name="conditions"),
    path("journal/conditions/new/", views.condition_form, name="condition_new"),
    path("journal/conditions/<int:pk>/edit/", views.condition_form, name="condition_edit"),
    path("journal/conditions/<int:pk>/delete/", views.condition_delete, name="condition_delete"),
]
