"""Import articles from text, Markdown, JSON lines, saved pages, WARC captures and feeds.

    python manage.py import_articles fixtures/seeds
    python manage.py import_articles corpus.jsonl --quiet
    python manage.py import_articles notes/ --outlet "Meduza" --published 2024-08
    python manage.py import_articles saved-pages/ crawl.warc.gz world.rss

Importing the same articles again updates them (or leaves them alone); it never duplicates
them. A record repeated within the run is reported with the place it repeats; an update
says what it changed (-v1, the default). A record that cannot be imported is reported with
the reason and the rest goes on; the command exits non-zero if anything failed. See
archive/importers.py.
"""
import sys
import time
from functools import partial

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.importers import (
    BadInput, Defaults, check_language, count_articles, import_paths, parse_published,
)
from search import deferred_indexing

# Fewer articles than this import in a blink: no progress bar.
PROGRESS_FROM = 50


class Command(BaseCommand):
    help = ("Import articles from .txt/.md files (metadata from manifest.json beside them or "
            "from the options), .jsonl files (one article per line), saved pages (.html), web "
            "archives (.warc, .warc.gz) and feeds (.rss, .atom, .xml). Idempotent.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files and folders to import (folders are walked).")
        parser.add_argument("--outlet", default="",
                            help="Outlet for articles whose manifest, line, page or feed names none "
                                 "(else the url's domain, else 'Unknown outlet').")
        parser.add_argument("--authors", default="",
                            help="Authors for articles whose manifest or line names none.")
        parser.add_argument("--published", default="",
                            help="Date for articles without one: YYYY-MM-DD, YYYY-MM or YYYY "
                                 "(the precision follows the form).")
        parser.add_argument("--published-note", default="",
                            help="How the date is known, stored with it (e.g. 'inferred from the text').")
        parser.add_argument("--lang", default="",
                            help="Language (ISO 639-1: en, uk, ru...) of articles whose line gives "
                                 "none; without it, each article's language is detected.")
        parser.add_argument("--index-at-end", action="store_true",
                            help="Update the search index once, at the end, instead of every "
                                 "INDEX_BATCH_SECONDS: faster for a large collection loaded into "
                                 "an archive nobody is editing meanwhile.")
        parser.add_argument("--encoding", default=None,
                            help="Read the files in this encoding instead of UTF-8 (e.g. cp1252).")
        # -v 2 lists each article with what cleaning did to it.
        parser.add_argument("--quiet", action="store_true",
                            help="No progress bar and no warnings; failures and the summary only.")

    def handle(self, *args, **options):
        defaults = checked_defaults(options)
        quiet, verbosity = options["quiet"], options["verbosity"]
        total = count_articles(options["paths"])
        bar = tqdm(total=total, unit="article", file=sys.stderr,
                   disable=quiet or total < PROGRESS_FROM or not sys.stderr.isatty())
        report = partial(self.report, bar, quiet, verbosity)
        started = time.monotonic()
        # The index is handed the change log in batches (or once, at the end), not per article.
        batch = None if options["index_at_end"] else settings.INDEX_BATCH_SECONDS
        with deferred_indexing(batch_seconds=batch):
            try:
                summary = import_paths(options["paths"], defaults, options["encoding"], on_outcome=report)
            finally:
                bar.close()
            imported = time.monotonic()
            for text in summary.lines(imported - started):
                self.stdout.write(text)
            if summary.created or summary.updated:
                self.stdout.write("Updating the search index...")
        if summary.created or summary.updated:
            self.stdout.write(f"Search index updated in {time.monotonic() - imported:.1f} s.")
        if summary.failed:
            raise CommandError(f"{summary.failed:,} failed (see the messages above).", returncode=1)

    def report(self, bar, quiet, verbosity, outcome):
        """One article's outcome, as the options ask, above the progress bar."""
        bar.update(1)
        if outcome.status == "failed":
            say(self.stderr, f"FAILED {outcome.source}: {outcome.message}")
        elif outcome.status == "repeated" and not quiet and verbosity >= 1:
            say(self.stderr, f"repeated {outcome.source}: {outcome.message}")
        if outcome.changes and not quiet and verbosity >= 1:
            say(self.stdout, f"updated {outcome.source}: {'; '.join(outcome.changes)}")
        if outcome.status != "failed" and verbosity >= 2:
            cleaning = f": {'; '.join(outcome.notes)}" if outcome.notes else ""
            say(self.stdout, f"{outcome.status} {outcome.source} (article {outcome.article_id}){cleaning}")
        if not quiet and verbosity >= 1:
            for warning in outcome.warnings:
                say(self.stderr, f"warning {outcome.source}: {warning}")


def say(stream, text):
    with tqdm.external_write_mode(file=sys.stderr):  # not across the progress bar
        stream.write(text)


def checked_defaults(options):
    """The command's defaults for every record, each option checked (a CommandError names it)."""
    defaults = Defaults(outlet=options["outlet"], authors=options["authors"],
                        published=options["published"], published_note=options["published_note"],
                        language=options["lang"])
    try:
        parse_published(defaults.published)
    except BadInput as error:
        raise CommandError(f"--published: {error}") from None
    try:
        check_language(defaults.language)
    except BadInput as error:
        raise CommandError(f"--lang: {error}") from None
    return defaults
