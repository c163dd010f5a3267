"""Write every user's backup.json into one directory, for operators.

    python manage.py backup_all DIR [--user NAME ...]

Each file is exactly what the user would download from the Export page
(export.files.build_backup), named DIR/<username>.json with a name made
safe for any file system. Files are written atomically (a temporary file, then
a rename) and readable by the owner only: they hold health data. Restore them
with `python manage.py restore_all DIR`.

A backup holds no password hash and no e-mail address: accounts restored from
it need a password reset (see restore_all).
"""

import json
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from export.files import build_backup
from journal.models import Profile

SAFE = re.compile(r"[^A-Za-z0-9._@+-]")
MAX_STEM = 100


def safe_stem(username):
    """A file name stem that stays inside the directory on any file system.

    Letters outside ASCII are reduced to their base letter where possible
    (zoë -> zoe); anything else that is not a letter, digit or one of . _ @ + -
    becomes "_"; a leading dot (hidden files, "..") becomes "_" too.
    """
    ascii_name = unicodedata.normalize("NFKD", username).encode("ascii", "ignore").decode()
    stem = SAFE.sub("_", ascii_name)[:MAX_STEM]
    if stem.startswith("."):
        stem = "_" + stem[1:]
    return stem or "user"


def file_names(users):
    """user -> file name, one file per account.

    Unique even where two stems differ only in case, and where the suffix
    given to a clash is itself someone's name (zoë -> zoe-115 while a user is
    called zoe-115): each account's own name is reserved first, and a clash
    tries -<id>, then -<id>-2, -<id>-3, ... until the name is free.
    """
    names, taken = {}, set()
    stems = {user: safe_stem(user.get_username()) for user in users}
    exact = {}
    for user, stem in stems.items():  # a name that is already safe keeps it
        if user.get_username() == stem and stem.lower() not in exact:
            exact[stem.lower()] = user
    taken.update(exact)
    for user, stem in stems.items():
        if exact.get(stem.lower()) is user:
            names[user] = f"{stem}.json"
            continue
        candidate, attempt = stem if stem.lower() not in taken else f"{stem}-{user.pk}", 1
        while candidate.lower() in taken:
            attempt += 1
            candidate = f"{stem}-{user.pk}-{attempt}"
        taken.add(candidate.lower())
        names[user] = f"{candidate}.json"
    return names


def write_private(path, text):
    """Write atomically with mode 0600: a reader never sees half a file."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".backup-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = "Write every user's backup.json to DIR/<username>.json."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--user", action="append", dest="usernames", help="Only this user (repeatable)."
        )

    def handle(self, directory, usernames=None, **options):
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        users = get_user_model().objects.order_by("pk")
        if usernames:
            users = users.filter(username__in=usernames)
            missing = set(usernames) - {u.get_username() for u in users}
            if missing:
                raise CommandError(f"No such user: {', '.join(sorted(missing))}")
        names = file_names(list(users))
        skipped, written = [], set()
        for user, name in names.items():
            try:
                document = build_backup(user)
            except Profile.DoesNotExist:
                skipped.append(user.get_username())
                continue
            write_private(directory / name, json.dumps(document, ensure_ascii=False, indent=1))
            written.add(name.lower())
            if options["verbosity"] > 1:
                self.stdout.write(f"{user.get_username()} -> {directory / name}")
        for username in skipped:
            self.stderr.write(f"Skipped {username}: the account has no profile.")
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(written)} backups to {directory}."))
