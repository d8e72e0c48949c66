"""Restore the archive's database from a backup_archive folder, then rebuild the search index.

    manage.py restore_archive backups/2026-11-22 --yes

This REPLACES everything in the database. The row counts are checked against the backup's
manifest, then `rebuild_index` builds the index from the restored rows (--no-rebuild skips it).
"""
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from archive.backup import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = "Replace the database with a backup made by backup_archive, then rebuild the index."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="A folder written by backup_archive.")
        parser.add_argument("--yes", action="store_true",
                            help="Do not ask for confirmation before replacing the database.")
        parser.add_argument("--no-rebuild", action="store_true",
                            help="Leave the search index alone (run rebuild_index yourself).")

    def handle(self, folder, yes, no_rebuild, **options):
        try:
            manifest = read_manifest(folder)
            if not yes and not self.confirm(manifest):
                raise CommandError("Restore cancelled.")
            restore(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(
            f"Restored the {manifest.format} backup of {manifest.created}: {manifest.counts}."))
        if not no_rebuild:
            call_command("rebuild_index", stdout=self.stdout, stderr=self.stderr)

    def confirm(self, manifest):
        answer = input(f"Replace the whole database with the backup of {manifest.created} "
                       f"({manifest.counts.get('archive.Article', 0)} articles)? [y/N] ")
        return answer.strip().lower() in ("y", "yes")
