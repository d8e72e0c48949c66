"""Measure ranking quality on a relevance collection, through the real search code.

    python manage.py relevance ../shared/corpora/cranfield
    python manage.py relevance ../shared/corpora/npl --baseline   # beside stemmed BM25

DIR holds docs.jsonl (id, title, body), queries.jsonl (id, text) and qrels.tsv
(query_id, doc_id, relevance). The documents are loaded into a throwaway archive (a
temporary database and index, deleted afterwards; your own archive is never touched),
every query is run as typed with results grouped by article, and nDCG@10 and MAP@100 are
reported. See search/tools/relevance.py for the metrics. With --baseline an ordinary
stemmed BM25 (search/tools/baseline.py) is measured on the same collection in the same
run, and each figure is printed beside its baseline, for all the queries and for each
half of them (odd and even positions): a change should help both halves.
"""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from search.tools import baseline, benchmark, relevance


class Command(BaseCommand):
    help = "Report nDCG@10 and MAP@100 of the real search on a relevance collection."

    def add_arguments(self, parser):
        parser.add_argument("dir", help="Folder with docs.jsonl, queries.jsonl and qrels.tsv.")
        parser.add_argument("--json", dest="json_out",
                            help="Also write the report (with per-query scores and the run) to this file.")
        parser.add_argument("--keep", metavar="DIR",
                            help="Build the archive in DIR and keep it instead of a temp folder; a later "
                            "run with the same DIR and collection only re-runs the queries (run without "
                            "--keep after changing the schema or indexing).")
        parser.add_argument("--baseline", action="store_true",
                            help="Also measure stemmed BM25 (rank_bm25, Snowball, NLTK stop words) "
                            "in the same run and print each figure beside it, for all queries "
                            "and for each half of them.")
        parser.add_argument("--reuse", action="store_true", help="(internal) the archive is already built.")
        parser.add_argument("--report", help="(internal) where the throwaway child writes its report.")

    def handle(self, *args, **options):
        folder = Path(options["dir"]).resolve()
        missing = [n for n in ("docs.jsonl", "queries.jsonl", "qrels.tsv") if not (folder / n).is_file()]
        if missing:
            raise CommandError(f"{folder} lacks {', '.join(missing)}.")
        if options["report"]:
            if not benchmark.inside_throwaway_archive():
                raise CommandError("--report is internal: run `manage.py relevance DIR` without it.")
            report = relevance.measure_collection(folder, reuse=options["reuse"])
            Path(options["report"]).write_text(json.dumps(report), encoding="utf-8")
            return
        try:
            report = benchmark.collection_report("relevance", folder, options["keep"])
        except FileExistsError as error:
            raise CommandError(str(error)) from error
        if options["baseline"]:
            collection = relevance.load_collection(folder)
            report["paired"] = baseline.paired(report["run"], baseline.baseline_run(collection),
                                               collection.qrels)
        self.stdout.write(
            f"{report['collection']}: {report['docs']} documents, {report['queries']} queries "
            f"with judgements ({report['relaxed_queries']} relaxed to any-word)\n"
            f"nDCG@10  {report['ndcg@10']:.4f}\nMAP@100  {report['map@100']:.4f}"
        )
        if "paired" in report:
            self.stdout.write(baseline.table(report["paired"]))
        if options["json_out"]:
            Path(options["json_out"]).write_text(json.dumps(report, indent=1), encoding="utf-8")
            self.stdout.write(f"JSON written to {options['json_out']}")
