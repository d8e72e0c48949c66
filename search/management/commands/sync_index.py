"""Bring this host's index up to the change log, follow it, or check it against the database.

    python manage.py sync_index            # apply the log rows after this index's position
                                           # (build the index first if the folder is empty)
    python manage.py sync_index --follow   # keep doing so every second: run it as a service
    python manage.py sync_index --check    # report damaged index files (checksums), missing,
                                           # stale and orphaned documents, and the lag;
                                           # exit status 1 when the index differs or is damaged
                                           # (with the cause), or cannot be written. A change
                                           # waiting in the log is not a difference.

Each host runs it against its own index folder (SEARCH_INDEX_DIR); a drift that --check
reports is cured by `rebuild_index`.
"""
import signal

from django.core.management.base import BaseCommand, CommandError

from search.index import disk, integrity
from search.index.check import KINDS, find_drift
from search.index.cursor import live_position
from search.index.drain import drain
from search.index.errors import IndexUnavailable
from search.index.folders import live_dir, open_live_index, root
from search.index.follow import follow_forever
from search.index.rebuild import REBUILD_LOCK_TIMEOUT
from search.index.registry import index_name, own_lag
from search.index.upkeep import disk_problem

SHOWN = 20


class Command(BaseCommand):
    help = ("Apply the index change log to this host's index; with --follow keep following "
            "it; with --check, report index drift.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true",
            help="Compare database and index and report missing, stale and orphaned "
                 "documents and the lag (exit status 1 if the index differs) instead of draining.",
        )
        parser.add_argument(
            "--follow", action="store_true",
            help="Keep following the log until stopped (SIGTERM or Ctrl-C), draining when behind.",
        )
        parser.add_argument(
            "--interval", type=float, default=1.0,
            help="With --follow: seconds between looks at the log (default %(default)s).",
        )
        parser.add_argument(
            "--timeout", type=float, default=REBUILD_LOCK_TIMEOUT,
            help="Seconds to wait for the index writer lock (default %(default)s).",
        )

    def handle(self, *args, check, follow, interval, timeout, **options):
        if check:
            return self.report_drift()
        if follow:
            return self.follow(interval)
        try:
            result = drain(timeout=timeout, build=True)
        except OSError as error:
            raise CommandError(disk.explain(error, root())) from error
        if result is None:
            raise CommandError(f"The index writer stayed busy for {timeout} s. Try again.")
        lag = own_lag(self.position())
        if hasattr(result, "documents"):
            self.stdout.write(f"Built the index from the database: {result.documents} documents "
                              f"in {result.generation}.")
        else:
            self.stdout.write(f"Re-indexed {result.articles} articles ({result.rows} log rows).")
        self.stdout.write(f"{index_name()}: at log position {lag.position}, "
                          f"{lag.rows_behind} rows behind.")
        if lag.rows_behind and not result.rows and live_dir() is None:
            raise CommandError("The log could not be applied: " + self.index_problem())

    def position(self):
        try:
            return live_position()
        except IndexUnavailable as error:
            raise CommandError(str(error)) from error

    def follow(self, interval):
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        self.stdout.write(f"{index_name()}: following the index change log every {interval} s.")
        try:
            follow_forever(interval, lambda: bool(stopping), self.report_follow)
        except KeyboardInterrupt:
            pass
        self.stdout.write(f"{index_name()}: stopped at log position {self.position()}.")

    def report_follow(self, result):
        rows = getattr(result, "rows", None)
        what = f"{rows} log rows" if rows is not None else f"built {result.generation}"
        self.stdout.write(f"{index_name()}: {what}; at log position {self.position()}.", )
        self.stdout.flush()

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
        self.stdout.write(f"{drift.documents} documents in the index.")
        self.report_lag()
        for name in ("waiting",) + KINDS:
            ids = getattr(drift, name)
            more = f" (first {SHOWN})" if len(ids) > SHOWN else ""
            self.stdout.write(f"{name}: {len(ids)}{more} {' '.join(ids[:SHOWN])}".rstrip())
        unwritable = disk_problem(live_dir())
        if drift.clean and unwritable is None:
            self.stdout.write("The index matches the database" + (
                f", but for {len(drift.waiting)} documents whose changes wait in the log "
                "for the next drain." if drift.waiting else "."))
            return
        raise CommandError(self.drift_cause(drift) if not drift.clean else
                           unwritable.detail, returncode=1)

    def drift_cause(self, drift):
        """Why the index differs from the database, and the cure."""
        if drift.problem is not None:
            return (f"The index differs from the database: {drift.problem.detail}. Run "
                    "`python manage.py sync_index`, which builds it from the database.")
        return ("The index differs from the database, and not by changes waiting in the "
                f"log: they never reached it after log position {drift.position} (an index "
                "folder copied from another host or restored from an older copy, lost "
                "files, or the database changed around the log: raw SQL, pg_restore). "
                "Run `python manage.py rebuild_index`.")

    def report_lag(self):
        """One line: this host's index, its log position and lag; returns the rows behind."""
        lag = own_lag(self.position())
        self.stdout.write(f"{lag.name}: at log position {lag.position}, {lag.rows_behind} "
                          f"log rows ({lag.seconds_behind:.1f} s) behind.")
        return lag.rows_behind
