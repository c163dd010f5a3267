"""Reading responses as text and photographing a user's rows (no tests here)."""

import io

from django.contrib.auth import get_user_model
from django.forms.models import model_to_dict

from journal.models import Condition, Cramp, DayContext, Medication, NightCheckIn, Profile

JOURNAL_MODELS = (Cramp, NightCheckIn, DayContext, Medication, Condition)


def raw_body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def body_text(response) -> str:
    """Everything a person could read in the response: PDFs as their text."""
    content = raw_body(response)
    if content.startswith(b"%PDF"):
        return pdf_text(content)
    return content.decode("utf-8", errors="replace")


def rows_of(user) -> dict:
    """Every stored value of every row `user` owns, for before/after comparisons."""
    fresh = get_user_model().objects.get(pk=user.pk)
    snapshot = {
        "user": model_to_dict(fresh, exclude=["last_login", "groups", "user_permissions"]),
        "profile": model_to_dict(Profile.objects.get(user=fresh)),
    }
    for model in JOURNAL_MODELS:
        snapshot[model.__name__] = [
            {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
            for row in model.objects.filter(owner=fresh).order_by("pk")
        ]
    return snapshot


def journal_counts() -> dict:
    """Row counts of every journal table, all users together."""
    return {model.__name__: model.objects.count() for model in JOURNAL_MODELS}
