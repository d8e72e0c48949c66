"""Measure "other outlets on this story" on the BASIL collection, through the real code.

    python manage.py related_basil ../shared/corpora/basil_news.jsonl

The 300 articles (100 events, three outlets each) go into a throwaway archive (a
temporary database and index, deleted afterwards; your own archive is never touched).
For each article, the five "other outlets on this story" of its page are compared with
the two other reports of its event. Also reported: articles taken for syndicated copies
and results folded in headline searches, both of which must be 0 (different reports of
one event are never copies). See search/tools/related_basil.py.
"""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from search.tools import benchmark, related_basil


class Command(BaseCommand):
    help = "Report how often BASIL's other two reports of an event are among the five offered."

    def add_arguments(self, parser):
        parser.add_argument("path", help="basil_news.jsonl (title, outlet, published, body, triplet_id).")
        parser.add_argument("--json", dest="json_out", help="Also write the report to this file.")
        parser.add_argument("--report", help="(internal) where the throwaway child writes its report.")

    def handle(self, *args, **options):
        path = Path(options["path"]).resolve()
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        if options["report"]:
            if not benchmark.inside_throwaway_archive():
                raise CommandError("--report is internal: run `manage.py related_basil PATH` without it.")
            report = related_basil.measure(path)
            Path(options["report"]).write_text(json.dumps(report), encoding="utf-8")
            return
        report = benchmark.run_in_throwaway_archive("related_basil", [str(path)])
        self.stdout.write(
            f"{report['corpus']}: {report['articles']} articles\n"
            f"both other reports among the {report['offered']} offered: "
            f"{report['both_other_reports']:.1%}\n"
            f"at least one of them: {report['at_least_one']:.1%}\n"
            f"both, without the date window (key terms alone): "
            f"{report['both_without_date_window']:.1%}\n"
            f"articles taken for syndicated copies: {report['syndicated_articles']}\n"
            f"results folded in headline searches: {report['folded_in_headline_searches']}")
        if options["json_out"]:
            Path(options["json_out"]).write_text(json.dumps(report, indent=1), encoding="utf-8")
            self.stdout.write(f"JSON written to {options['json_out']}")
