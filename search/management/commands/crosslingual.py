"""Measure how far queries reach across English, Ukrainian and Russian reporting.

    python manage.py crosslingual ../shared/corpora
    python manage.py crosslingual ../shared/corpora --keep /tmp/xl --json xl.json

The shared corpora (English press releases, Ukrainian and Russian news, the Ukrainian side
of the parallel addresses) are imported into a throwaway archive (a temporary database and
index; your own archive is never touched) and measured through the real search path: per
topic query, recall and precision in each language; for the parallel addresses, whether an
English title's rare words find the Ukrainian version; for Cyrillic queries, how much of
the first page is Cyrillic. See search/tools/crosslingual.py.
"""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from search.tools import benchmark, crosslingual


class Command(BaseCommand):
    help = "Report cross-language recall, precision and ranking of the real search on the shared corpora."

    def add_arguments(self, parser):
        parser.add_argument("dir", help="The shared corpora folder (holding cyrillic/ and the press releases).")
        parser.add_argument("--json", dest="json_out", help="Also write the whole report to this file.")
        parser.add_argument("--keep", metavar="DIR",
                            help="Build the archive in DIR and keep it; a later run with the same DIR "
                                 "only re-runs the queries (run without --keep after changing indexing).")
        parser.add_argument("--reuse", action="store_true", help="(internal) the archive is already built.")
        parser.add_argument("--report", help="(internal) where the throwaway child writes its report.")

    def handle(self, *args, **options):
        folder = Path(options["dir"]).resolve()
        if not crosslingual.corpus_files(folder):
            raise CommandError(f"{folder} holds none of the shared corpora this measures on.")
        if options["report"]:
            if not benchmark.inside_throwaway_archive():
                raise CommandError("--report is internal: run `manage.py crosslingual DIR` without it.")
            work = Path(options["report"]).parent
            report = crosslingual.measure(folder, work, reuse=options["reuse"])
            report["collection"] = str(folder)
            Path(options["report"]).write_text(json.dumps(report), encoding="utf-8")
            return
        try:
            report = benchmark.collection_report("crosslingual", folder, options["keep"])
        except FileExistsError as error:
            raise CommandError(str(error)) from error
        for line in crosslingual.summary_lines(report):
            self.stdout.write(line)
        if options["json_out"]:
            Path(options["json_out"]).write_text(json.dumps(report, indent=1, ensure_ascii=False),
                                                 encoding="utf-8")
            self.stdout.write(f"JSON written to {options['json_out']}")
