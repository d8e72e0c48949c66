"""Measure how much of real news the domain lexicon covers, per language.

    python3 dev.py manage lexicon_coverage ../shared/corpora/cyrillic/uk_news_shared.jsonl ...
    python3 dev.py manage lexicon_coverage            # the shared corpora, when ../shared is there
    python3 dev.py manage lexicon_coverage --no-lexicon --variants   # what the archive had before

Each PATH is a JSON lines corpus (title, body, language where given, else detected; parallel
records with en_body/uk_body... count once per language). Per language it reports the
content-word tokens, the share the lexicon covers, the share of the 500 and 2,000 most
frequent distinct words it covers, and the most frequent words it does not cover (what to
add). Definitions: search/tools/lexicon_coverage.py. Nothing in the archive is read or
changed: the lexicon files and the shipped spelling-variant table are read from disk.
"""
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.text import lexicon
from search.tools import lexicon_coverage as coverage

SHARED = ("ukraine_war_press_releases.jsonl", "basil_news.jsonl",
          "cyrillic/uk_news_shared.jsonl", "cyrillic/ru_news_shared.jsonl",
          "cyrillic/uk_en_parallel_resistinua.jsonl")


class Command(BaseCommand):
    help = "Report the domain lexicon's coverage of JSON lines corpora, per language."
    requires_system_checks = []        # it reads files only: no database, no URLs, no index

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", metavar="PATH",
                            help="JSON lines corpora (default: the shared corpora in "
                            "../shared/corpora, when that folder exists).")
        parser.add_argument("--lexicon", action="append", metavar="FILE",
                            help="A lexicon file to measure (repeatable; default: every "
                            "search/text/data/lexicon*.tsv).")
        parser.add_argument("--no-lexicon", action="store_true",
                            help="Measure without the lexicon: the baseline (0, or what "
                            "--variants adds).")
        parser.add_argument("--variants", action="store_true",
                            help="Also count the spelling-variant table's groups that have "
                            "spellings in several languages (what the archive translated "
                            "before the lexicon).")
        parser.add_argument("--top", type=int, default=30, metavar="N",
                            help="How many of the most frequent uncovered words to list "
                            "per language (default 30).")
        parser.add_argument("--json", dest="json_out", metavar="FILE",
                            help="Also write the figures to FILE as JSON.")

    def handle(self, *args, **options):
        paths = [Path(p) for p in options["paths"]] or shared_corpora()
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise CommandError(f"no such file: {', '.join(missing)}")
        measured = coverage.measure(paths, self.lexicon_of(options))
        figures = {lang: coverage.report(counts, options["top"])
                   for lang, counts in measured.items() if counts.documents}
        for lang, figure in figures.items():
            self.stdout.write(text_report(lang, figure))
        if options["json_out"]:
            Path(options["json_out"]).write_text(json.dumps(figures, ensure_ascii=False, indent=1),
                                                 encoding="utf-8")
            self.stdout.write(f"JSON written to {options['json_out']}")

    def lexicon_of(self, options):
        concepts = []
        if not options["no_lexicon"]:
            try:
                concepts.extend(lexicon.load(options["lexicon"]).concepts)
            except (OSError, lexicon.LexiconError) as error:
                raise CommandError(str(error)) from error
        if options["variants"]:
            concepts.extend(coverage.variant_concepts())
        return lexicon.Lexicon(concepts)


def shared_corpora():
    folder = Path(settings.BASE_DIR).parent / "shared" / "corpora"
    if not folder.is_dir():
        raise CommandError(f"no PATH given and no shared corpora at {folder}")
    return [folder / name for name in SHARED if (folder / name).is_file()]


def text_report(lang, figure):
    """The figures of one language as the command prints them."""
    uncovered = ", ".join(f"{word} {count}" for word, count in figure["uncovered"])
    return (f"{lexicon.NAMES[lang]}: {figure['documents']} documents, "
            f"{figure['content_tokens']:,} content-word tokens, {figure['distinct_words']:,} distinct\n"
            f"  tokens covered: {figure['token_share']:.1%}\n"
            f"  top 500 words covered: {figure['top_500_share']:.1%}; "
            f"top 2000: {figure['top_2000_share']:.1%}\n"
            f"  most frequent uncovered: {uncovered}\n")
