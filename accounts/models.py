"""What the account needs beyond Django's user: one-time recovery codes."""

import hashlib
import secrets

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext

RECOVERY_CODE_COUNT = 8
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def code_hash(code):
    normalised = "".join(code.lower().split()).replace("-", "")
    return hashlib.sha256(normalised.encode()).hexdigest()


class RecoveryCodeQuerySet(models.QuerySet):
    def replace_for(self, user):
        """Fresh codes for `user` (the old ones stop working); returned once, never stored."""
        codes = []
        for _ in range(RECOVERY_CODE_COUNT):
            raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
            codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
        with transaction.atomic():
            self.filter(user=user).delete()
            self.bulk_create(self.model(user=user, code_hash=code_hash(c)) for c in codes)
        return codes

    def use(self, username, code):
        """The user if `code` is one of their unused codes, which is then used up; else None."""
        with transaction.atomic():
            match = (
                self.select_related("user")
                .filter(user__username=username, user__is_active=True, code_hash=code_hash(code))
                .first()
            )
            # Deleted in the same transaction: two requests with one code, one wins.
            if match is None or not self.filter(pk=match.pk).delete()[0]:
                return None
        return match.user


class RecoveryCode(models.Model):
    """One unused recovery code, stored as a SHA-256 of the code.

    The codes are random (60 bits each), so a fast hash is enough, as for API
    tokens; a used code is deleted.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RecoveryCodeQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["user", "code_hash"])]

    def __str__(self):
        return gettext("Recovery code of %(user)s") % {"user": self.user}
