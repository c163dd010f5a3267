"""Restore the backups written by backup_all, creating the accounts they name.

    python manage.py restore_all DIR [--dry-run]

For each DIR/*.json, in name order: the account named by the file's
"username" is created if it does not exist (with no usable password: a backup
holds no password hash, so the user sets one with "Forgot password", or an
operator with `manage.py changepassword`), then the file is imported through
the same code path as the Import page (parse_upload, plan_import, apply_plan).
Rows already in the journal are skipped, so running it twice adds nothing.

Each account is restored in one transaction: a file with any invalid row
restores nothing for that account (not even the account) and is reported; the
other files are still restored, and the command exits with an error at the end.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from export import importer


class Rollback(Exception):
    """Raised inside the transaction to undo a dry run or a failed file."""


class Command(BaseCommand):
    help = "Create each account in DIR/*.json (from backup_all) and import its backup."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every file; change nothing."
        )

    def handle(self, directory, dry_run=False, **options):
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory.")
        files = sorted(p for p in directory.glob("*.json") if not p.name.startswith("."))
        if not files:
            raise CommandError(f"No backup files (*.json) in {directory}.")
        failures, created_accounts = [], []
        for path in files:
            try:
                username, created, counts = self.restore(path, dry_run)
            except (importer.ImportFileError, ValueError) as exc:
                failures.append(f"{path.name}: {exc}")
                continue
            if created:
                created_accounts.append(username)
            added = ", ".join(f"{n} {key.replace('_', ' ')}" for key, n in counts.items() if n)
            verb = "would restore" if dry_run else "restored"
            self.stdout.write(f"{path.name}: {verb} {username}: {added or 'nothing new'}")
        if created_accounts and not dry_run:
            self.stdout.write(
                "New accounts have no password yet (a backup holds none): "
                + ", ".join(created_accounts)
                + ". Use 'manage.py changepassword' or the password reset page."
            )
        if failures:
            raise CommandError("Not restored:\n" + "\n".join(failures))
        self.stdout.write(self.style.SUCCESS(f"Checked {len(files)} files."))

    def restore(self, path, dry_run):
        raw = path.read_bytes()
        # No size, row or time limit: the operator's own files, restored whole.
        upload = importer.parse_upload(raw, max_bytes=len(raw), bounded=False)
        if upload["kind"] != "backup":
            raise ValueError("not a CrampLog backup (JSON) file")
        username = upload["data"].get("username") or path.stem
        if not isinstance(username, str) or not username.strip():
            raise ValueError("the backup names no user")
        User = get_user_model()
        try:
            with transaction.atomic():
                user, created = User.objects.get_or_create(username=username)
                if created:
                    user.set_unusable_password()
                    user.save(update_fields=["password"])
                plan = importer.plan_import(user, upload, bounded=False)
                if not plan.ok:
                    problems = "; ".join(str(e) for e in plan.errors[:5])
                    more = len(plan.errors) - 5
                    raise ValueError(problems + (f" (and {more} more)" if more > 0 else ""))
                counts = importer.apply_plan(user, plan)
                if dry_run:
                    raise Rollback
        except Rollback:
            counts = {key: len(section.new) for key, section in plan.sections.items()}
        return username, created, counts
