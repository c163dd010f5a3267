"""Accept cramps queued on the phone while offline.

The page queues each tap in IndexedDB with a UUID made on the phone and the
moment of the tap; when the connection returns it posts the queue here. The
UUID is the cramp's client_token, so a replayed or doubled sync creates one
cramp. Each entry is validated by the same model rules as the forms and gets
its own answer, so a rejected entry is reported instead of vanishing.
"""

import json
from datetime import datetime

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from journal.models import MAX_DURATION_SECONDS, Cramp, Muscle, Side
from journal.quicklog import quick_log, save_cramp

MAX_ENTRIES = 200
MAX_AGE_DAYS = 30


class QueuedCrampForm(forms.Form):
    id = forms.UUIDField()
    tapped_at = forms.CharField(max_length=40)
    muscle = forms.ChoiceField(choices=Muscle.choices)
    side = forms.ChoiceField(choices=Side.choices, required=False)
    duration_seconds = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_DURATION_SECONDS
    )

    def clean_tapped_at(self):
        raw = self.cleaned_data["tapped_at"]
        try:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError(_("The time of the tap is not a valid date and time.")) from None
        if moment.tzinfo is None:
            raise ValidationError(_("The time of the tap has no time zone."))
        now = timezone.now()
        if (now - moment).days > MAX_AGE_DAYS:
            raise ValidationError(
                _("Queued more than %(days)s days ago; add it with the full form.")
                % {"days": MAX_AGE_DAYS}
            )
        return moment


def _not_json(name):
    raise ValueError(f"{name} is not JSON")


def _echo_id(entry):
    """The entry's id as sent, for the phone to match the answer; nothing else."""
    value = entry.get("id")
    return value if isinstance(value, str) and len(value) <= 64 else None


def _errors(form_or_error):
    if isinstance(form_or_error, ValidationError):
        return {"__all__": form_or_error.messages}
    return {field: [str(e) for e in errs] for field, errs in form_or_error.errors.items()}


def sync_entry(user, profile, entry):
    """One queued entry -> {"id", "status": created|duplicate|rejected, ...}."""
    if not isinstance(entry, dict):
        return {"id": None, "status": "rejected", "errors": {"__all__": [_("Not an entry.")]}}
    form = QueuedCrampForm(entry)
    if not form.is_valid():
        return {"id": _echo_id(entry), "status": "rejected", "errors": _errors(form)}
    data = form.cleaned_data
    candidate = Cramp(
        owner=user,
        started_at=data["tapped_at"],
        time_zone=profile.time_zone,
        muscle=data["muscle"],
        side=data["side"] or Side.NA,
        duration_seconds=data["duration_seconds"],
    )
    try:
        candidate.full_clean(exclude=["owner", "client_token"])
    except ValidationError as error:
        return {"id": str(data["id"]), "status": "rejected", "errors": error.message_dict}
    with transaction.atomic():
        cramp, created = quick_log(
            user,
            profile,
            muscle=data["muscle"],
            side=data["side"],
            started_at=data["tapped_at"],
            client_token=data["id"],
        )
        if created and data["duration_seconds"]:
            cramp.duration_seconds = data["duration_seconds"]
            save_cramp(cramp)
    return {
        "id": str(data["id"]),
        "status": "created" if created else "duplicate",
        "cramp_id": cramp.pk,
        "red_flags": cramp.red_flags,
    }


@login_not_required
@require_POST
def sync_queue(request):
    if not request.user.is_authenticated:
        # The phone keeps its queue and asks the user to log in again.
        return JsonResponse({"error": "login required", "login_url": reverse("login")}, status=401)
    try:
        payload = json.loads(request.body.decode("utf-8"), parse_constant=_not_json)
    except (UnicodeDecodeError, ValueError):  # JSONDecodeError is a ValueError
        return JsonResponse({"error": "The body must be JSON."}, status=400)
    except RecursionError:
        return JsonResponse({"error": "The body is nested too deeply."}, status=400)
    entries = payload.get("entries") if isinstance(payload, dict) else None
    if not isinstance(entries, list):
        return JsonResponse({"error": 'Send {"entries": [...]}.'}, status=400)
    if len(entries) > MAX_ENTRIES:
        return JsonResponse({"error": f"At most {MAX_ENTRIES} entries at once."}, status=400)
    profile = request.user.profile
    results = [sync_entry(request.user, profile, entry) for entry in entries]
    return JsonResponse({"results": results})
