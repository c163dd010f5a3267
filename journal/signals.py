from django.conf import settings
from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver

from journal.caching import bump_journal_version
from journal.models import (
    Condition,
    Cramp,
    DayContext,
    JournalVersion,
    Medication,
    NightCheckIn,
    Profile,
)

# Every model whose rows a cached page, chart or analysis shows. The profile is
# here for its display settings (zone, clock, units, thresholds, theme, timer).
VERSIONED_MODELS = (Cramp, NightCheckIn, DayContext, Medication, Condition, Profile)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def create_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Profile.objects.get_or_create(user=instance)
        JournalVersion.objects.get_or_create(owner=instance)


def _owner_id(instance):
    return instance.user_id if isinstance(instance, Profile) else instance.owner_id


# Before the write, inside its transaction: save() runs in one
# (SavedWithVersion) and so does a delete (the collector's), so the new version
# commits with the row. Taking the version row's lock first in every
# transaction means two writers of one journal queue on it and never deadlock
# (two requests writing rows of one journal at once, e.g. a timer stop and a check-in).


# What the home form preselects: no cached page, chart or analysis shows it (the
# home page's cached choice grid has it in its key), so saving only these moves
# no version, and the quick log stays one query shorter.
PRESELECTION_FIELDS = frozenset({"last_muscle", "last_side"})


def journal_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:  # a fixture load writes no page anybody has seen
        return
    if sender is Profile and update_fields and set(update_fields) <= PRESELECTION_FIELDS:
        return
    # The version this write makes: the quick log builds tonight's list from the
    # one before it (journal/tonight.py).
    instance.journal_version_after = bump_journal_version(_owner_id(instance))


def journal_deleting(sender, instance, origin=None, **kwargs):
    # When the whole account goes,
    # its version row goes too (a restored account gets a new one), and
    # bumping it would recreate a row for a user being deleted.
    user_model = sender._meta.apps.get_model(settings.AUTH_USER_MODEL)
    if not (isinstance(origin, user_model) or getattr(origin, "model", None) is user_model):
        bump_journal_version(_owner_id(instance))


for model in VERSIONED_MODELS:
    pre_save.connect(journal_saving, sender=model, dispatch_uid=f"version-save-{model.__name__}")
    pre_delete.connect(
        journal_deleting, sender=model, dispatch_uid=f"version-delete-{model.__name__}"
    )
