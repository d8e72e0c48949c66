"""Apply pending index changes (the outbox), or check the index against the database.

    python manage.py sync_index            # index what the outbox names; safe to run any time
    python manage.py sync_index --check    # report damaged index files (checksums), and
                                           # missing, stale and orphaned documents;
                                           # exit status 1 when there is either

Run it from cron every minute or so if changes are ever made while the index writer is
busy for long; a drift that --check reports is cured by `rebuild_index`.
"""
from django.core.management.base import BaseCommand, CommandError

from search.index import disk, integrity
from search.index.check import find_drift
from search.index.drain import drain
from search.index.errors import IndexUnavailable
from search.index.folders import live_dir, open_live_index, root
from search.index.rebuild import REBUILD_LOCK_TIMEOUT
from search.models import IndexOutbox

SHOWN = 20


class Command(BaseCommand):
    help = "Index the changes waiting in the outbox; with --check, report index drift."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true",
            help="Compare database and index and report missing, stale and orphaned "
                 "documents (exit status 1 if any) instead of draining.",
        )
        parser.add_argument(
            "--timeout", type=float, default=REBUILD_LOCK_TIMEOUT,
            help="Seconds to wait for the index writer lock (default %(default)s).",
        )

    def handle(self, *args, check, timeout, **options):
        if check:
            return self.report_drift()
        waiting = IndexOutbox.objects.count()
        try:
            result = drain(timeout=timeout)
        except OSError as error:
            raise CommandError(disk.explain(error, root())) from error
        if result is None:
            raise CommandError(f"The index writer stayed busy for {timeout} s; "
                               f"{waiting} outbox rows wait. Try again.")
        left = IndexOutbox.objects.count()
        self.stdout.write(f"Re-indexed {result.articles} articles ({result.rows} outbox rows); "
                          f"{left} rows left.")
        if left and not result.rows:
            raise CommandError("The outbox could not be drained: " + self.index_problem())

    def index_problem(self):
        try:
            open_live_index()
        except IndexUnavailable as error:
            return str(error)
        return "see the log."

    def report_damage(self):
        """Verify the live generation's files against the sizes and hashes recorded
        at its last commit (search/index/integrity.py)."""
        folder = live_dir()
        problems = integrity.verify(folder) if folder is not None and folder.is_dir() else []
        for problem in problems:
            self.stdout.write(f"damaged: {problem}")
        if problems:
            raise CommandError(f"The search index in {folder} is damaged. Run: "
                               f"{integrity.REPAIR}", returncode=1)

    def report_drift(self):
        self.report_damage()
        try:
            drift = find_drift()
        except IndexUnavailable as error:
            raise CommandError(str(error)) from error
        backlog = IndexOutbox.objects.count()
        self.stdout.write(f"{drift.documents} documents in the index; {backlog} outbox rows waiting.")
        for name in ("missing", "stale", "orphaned"):
            ids = getattr(drift, name)
            more = f" (first {SHOWN})" if len(ids) > SHOWN else ""
            self.stdout.write(f"{name}: {len(ids)}{more} {' '.join(ids[:SHOWN])}".rstrip())
        if drift.clean:
            self.stdout.write("The index matches the database.")
            return
        raise CommandError("The index differs from the database: run "
                           "`python manage.py sync_index` if rows are waiting, "
                           "else `python manage.py rebuild_index`.", returncode=1)
