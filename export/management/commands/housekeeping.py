"""Periodic clean-up: expired sessions and abandoned import previews.

Run it from a systemd timer or cron on one server (README "Several
instances"); it is safe to run twice at once and on any schedule.
"""

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from journal.models import PendingImport

# A preview not confirmed within a day was abandoned (a closed tab, a lost
# connection); it may hold a 10 MB upload.
PREVIEW_MAX_AGE = timedelta(days=1)


class Command(BaseCommand):
    help = "Delete expired sessions and import previews left for more than a day."

    def handle(self, *args, **options):
        engine = import_module(settings.SESSION_ENGINE)
        sessions = engine.SessionStore.get_model_class().objects
        expired = sessions.filter(expire_date__lte=timezone.now()).count()
        engine.SessionStore.clear_expired()
        cutoff = timezone.now() - PREVIEW_MAX_AGE
        previews, _ = PendingImport.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(
            f"Deleted {expired} expired sessions and {previews} abandoned import previews."
        )
