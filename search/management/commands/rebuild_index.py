"""Rebuild the search index from the database, atomically.

A new index generation is written beside the live one while searches keep reading the
live one; then the `current` pointer is switched in one step, old generations are
removed, and changes committed during the rebuild (the index outbox) are applied.

    python manage.py rebuild_index
    python manage.py rebuild_index --all-hosts   # after pg_restore: every host rebuilds too

--all-hosts begins a new epoch of the change log first (what restore_archive does), for a
database replaced by other means: each other host's index then rebuilds itself rather than
follow on from a position in the log of the database it replaced.
"""
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.models import Chunk
from search.index import disk
from search.index.changelog import begin_anew
from search.index.folders import root
from search.index.rebuild import REBUILD_PROCS, WriterBusy, rebuild


class Command(BaseCommand):
    help = "Build a fresh search index from the database and switch to it atomically."

    def add_arguments(self, parser):
        parser.add_argument(
            "--procs", type=int, default=REBUILD_PROCS,
            help=f"Indexing processes (default {REBUILD_PROCS}; 1 for a single process).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")
        parser.add_argument(
            "--all-hosts", action="store_true",
            help="The database was replaced (pg_restore): make every host's index rebuild "
                 "itself too, by beginning a new epoch of the change log.")

    def handle(self, *args, procs, no_progress, all_hosts, **options):
        if procs < 1:
            raise CommandError("--procs must be at least 1")
        if all_hosts:
            begin_anew()
            self.stdout.write("Began a new epoch of the index change log: every host's "
                              "index rebuilds itself from the database.")
        total = Chunk.objects.count()
        bar = tqdm(total=total, unit="para", disable=no_progress, file=self.stderr._out)
        started = time.monotonic()
        try:
            result = rebuild(progress=bar.update, procs=procs)
        except WriterBusy as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(disk.explain(error, root())) from error
        finally:
            bar.close()
        seconds = time.monotonic() - started
        rate = result.paragraphs / seconds if seconds else 0
        self.stdout.write(
            f"Indexed {result.paragraphs} paragraphs ({result.documents} documents) into "
            f"{result.generation} in {seconds:.1f} s ({rate:.0f} paragraphs/s); "
            f"{result.drained} outbox rows applied after the switch."
        )
