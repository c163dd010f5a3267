"""Admin: operators see rows grouped by owner; every list is filterable by owner."""

from django.contrib import admin

from journal.models import Condition, Cramp, DayContext, Medication, NightCheckIn, Profile


class OwnedAdmin(admin.ModelAdmin):
    list_select_related = ["owner"]
    list_filter = ["owner"]
    search_fields = ["owner__username"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        # Staff who are not superusers only ever see their own journal.
        return qs if request.user.is_superuser else qs.filter(owner=request.user)


@admin.register(Cramp)
class CrampAdmin(OwnedAdmin):
    list_display = ["started_at", "owner", "muscle", "side", "duration_seconds", "severity"]
    date_hierarchy = "started_at"


@admin.register(NightCheckIn)
class NightCheckInAdmin(OwnedAdmin):
    list_display = ["night", "owner", "cramp_free", "sleep_disturbance"]


@admin.register(DayContext)
class DayContextAdmin(OwnedAdmin):
    list_display = ["day", "owner", "fluids_ml", "exercise_intensity", "stress"]


@admin.register(Medication)
class MedicationAdmin(OwnedAdmin):
    list_display = ["name", "owner", "drug_class", "dose", "started_on", "stopped_on"]


@admin.register(Condition)
class ConditionAdmin(OwnedAdmin):
    list_display = ["kind", "owner", "started_on", "ended_on"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "time_zone", "fluid_unit", "clock"]
    list_select_related = ["user"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(user=request.user)
