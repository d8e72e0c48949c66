"""Back up the archive's database into a folder: `manage.py backup_archive backups/2026-11-22`.

On SQLite the copy is taken with SQLite's online backup API while the site keeps running;
--portable writes Django's dumpdata instead (the way to move to PostgreSQL, and the built-in
path on PostgreSQL). The search index is not copied: restore_archive rebuilds it.
"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (articles, paragraphs, commentary, users) into a folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path,
                            help="Folder to write the backup into (created if missing; must be empty).")
        parser.add_argument("--portable", action="store_true",
                            help="Write a database-independent JSON dump even on SQLite.")

    def handle(self, folder, portable, **options):
        if folder.exists() and any(folder.iterdir()):
            raise CommandError(f"{folder} is not empty: back up into a new folder.")
        try:
            manifest = backup(folder, portable=portable)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(f"{n} {label.split('.')[1].lower()}" for label, n in manifest.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Backed up ({manifest.format}) to {folder}: {counts}."))
