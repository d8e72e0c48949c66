"""Export every paragraph a search matches to a file, however many: the web export's
command-line twin, without its row cap, time limit or work budget.

    python manage.py export_search kursk.csv --query 'q=kursk&outlet=reuters'
    python manage.py export_search all.json                 # the whole archive

The query takes the search page's own parameters (q, outlet, exclude_outlet, from, to,
sort, variants), validated the same way. The file is written beside its name and
renamed into place only when complete, so a file under OUTPUT is never a partial one.
"""
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from search.service import IndexUnavailable, export_matches, read_parameters
from search.web import exports

NO_LIMIT = 1 << 62


class Command(BaseCommand):
    help = "Write every paragraph a search matches to a CSV or JSON file."

    def add_arguments(self, parser):
        parser.add_argument("output", help="The file to write; .json for JSON, else CSV.")
        parser.add_argument("--query", default="",
                            help="The search as the page's query string, e.g. "
                                 "'q=kursk&outlet=reuters' (default: everything).")
        parser.add_argument("--base-url", default="http://localhost:8000/",
                            help="The site's address, for permalinks and citations "
                                 "(default %(default)s).")

    def handle(self, *args, output, query, base_url, **options):
        req, problems = read_parameters(QueryDict(query))
        if req is None:
            raise CommandError("Bad --query: " + "; ".join(f"{k}: {v}" for k, v in problems.items()))
        try:
            matching, items = export_matches(req, NO_LIMIT, unlimited=True)
        except IndexUnavailable as error:
            raise CommandError(str(error)) from error
        extent = exports.Extent(matching, NO_LIMIT)
        rows = exports.bounded(exports.as_rows(next(items, None), items), extent, float("inf"))
        if output.endswith(".json"):
            chunks = exports.json_chunks(req, rows, base_url, extent)
        else:
            chunks = exports.csv_lines(rows, base_url)
        self.write(Path(output), chunks)
        self.stdout.write(f"Wrote {extent.written} paragraphs to {output} ({extent.summary()}).")

    def write(self, path, chunks):
        partial = path.with_name(path.name + ".partial")
        try:
            with open(partial, "w", encoding="utf-8", newline="") as file:
                for chunk in chunks:
                    file.write(chunk)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"Could not write {path}: {error.strerror}") from error
        os.replace(partial, path)
