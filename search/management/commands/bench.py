"""Measure indexing and search speed on a throwaway archive of N paragraphs.

    python manage.py bench --paragraphs 200000 --json bench-200k.json
    python manage.py bench --scales 50000,200000,1000000 --keep /var/tmp/bench --runs 5

The archive (database and index) lives in a temporary folder and is deleted afterwards;
your own archive is never touched. Paragraphs come from a JSON-lines corpus (by default
../shared/corpora/ukraine_war_press_releases.jsonl when present) and, past its size, are
generated from its real sentences with a fixed seed. Every query is also run with SQLite
FTS5 over the same paragraphs as the reference: on a shared machine the ratio is the
figure to compare between runs. See search/tools/benchmark.py for what is measured.
"""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from search.tools import benchmark


class Command(BaseCommand):
    help = "Time index rebuild and complete searches on a throwaway archive, against SQLite FTS5."

    def add_arguments(self, parser):
        parser.add_argument("--paragraphs", type=int, default=20000,
                            help="Paragraphs in the throwaway archive (default 20000).")
        parser.add_argument("--corpus", help="JSON-lines corpus to load (default: "
                            "../shared/corpora/ukraine_war_press_releases.jsonl, else built-in text).")
        parser.add_argument("--json", dest="json_out", help="Also write the report as JSON to this file.")
        parser.add_argument("--runs", type=int, default=25, help="Timed runs per query (default 25).")
        parser.add_argument("--warmup", type=int, default=3, help="Untimed runs per query first (default 3).")
        parser.add_argument("--profile", metavar="DIR",
                            help="Also cProfile each query kind; write NAME.prof and NAME.txt to DIR.")
        parser.add_argument("--keep", metavar="DIR",
                            help="Build the archive in DIR and keep it instead of a temp folder; a later "
                            "run with the same DIR, --paragraphs and --corpus reuses it (no load, no "
                            "rebuild: run without --keep after changing the schema or indexing).")
        parser.add_argument("--scales", metavar="N,N,...",
                            help="Run at each of these paragraph counts in turn (instead of "
                            "--paragraphs) and report how each query kind grows; with --keep, "
                            "each scale's archive is kept in DIR/N.")
        parser.add_argument("--compare-copies", action="store_true",
                            help="Also time a rebuild without the copy signatures first, in the "
                            "same run (what finding copies costs the rebuild).")
        parser.add_argument("--reuse", action="store_true", help="(internal) the archive is already built.")
        parser.add_argument("--report", help="(internal) where the throwaway child writes its report.")

    def handle(self, *args, **options):
        if options["paragraphs"] < 1 or options["runs"] < 1:
            raise CommandError("--paragraphs and --runs must be at least 1.")
        corpus = options["corpus"] or benchmark.default_corpus_path()
        if corpus and not Path(corpus).is_file():
            raise CommandError(f"No corpus file at {corpus}.")
        if options["report"]:
            return self.run_child(options, corpus)
        scales = self.scales(options)
        reports = [self.run_scale(dict(options, paragraphs=n), corpus, len(scales) > 1)
                   for n in scales]
        result = reports[0]
        if len(reports) > 1:
            result = {"scales": reports, "growth": benchmark.growth(reports)}
            self.print_growth(reports, result["growth"])
        if options["json_out"]:
            Path(options["json_out"]).write_text(json.dumps(result, indent=2), encoding="utf-8")
            self.stdout.write(f"JSON written to {options['json_out']}")

    def scales(self, options):
        if not options["scales"]:
            return [options["paragraphs"]]
        try:
            scales = sorted({int(n) for n in options["scales"].split(",") if n.strip()})
        except ValueError:
            raise CommandError("--scales takes paragraph counts separated by commas, "
                               "e.g. 50000,200000,1000000.") from None
        if not scales or scales[0] < 1:
            raise CommandError("--scales needs at least one paragraph count of 1 or more.")
        return scales

    def run_scale(self, options, corpus, several):
        """One throwaway archive of options["paragraphs"] paragraphs, measured and printed."""
        if several and options["keep"]:
            options["keep"] = str(Path(options["keep"]) / str(options["paragraphs"]))
        args = self.child_args(options, corpus)
        if options["keep"] and self.kept_archive(options, corpus):
            args.append("--reuse")
        report = benchmark.run_in_throwaway_archive("bench", args, keep=options["keep"])
        self.print_table(report)
        self.print_pages(report.get("page"))
        return report

    def print_growth(self, reports, growth):
        out = self.stdout.write
        sizes = [r["paragraphs"] for r in reports]
        out(f"\nmedian ms (ratio to FTS5) at {', '.join(f'{n:,}' for n in sizes)} paragraphs; "
            "growth k of time ~ paragraphs^k from the smallest to the largest")
        for i, kind in enumerate(q["name"] for q in reports[0]["queries"]):
            cells = "".join(f"{r['queries'][i]['median_ms']:>9.1f} ({r['queries'][i]['ratio_median']:.2f})"
                            for r in reports)
            out(f"{kind:<15}{cells}   k={growth.get(kind, float('nan')):.2f}")

    def print_queries(self, queries):
        out = self.stdout.write
        out(f"\n{'query':<15}{'first of the queries':<26}{'median':>8}{'p95':>8}{'fts5 med':>9}"
            f"{'fts5 p95':>9}{'ratio':>7}{'repeat':>8}{'articles':>9}{'fts5':>7}")
        for q in queries:
            text = q["q"] if len(q["q"]) <= 24 else q["q"][:21] + "..."
            out(f"{q['name']:<15}{text:<26}{q['median_ms']:>8.1f}{q['p95_ms']:>8.1f}"
                f"{q['fts5_median_ms']:>9.1f}{q['fts5_p95_ms']:>9.1f}{q['ratio_median']:>7.2f}"
                f"{q['repeat_median_ms']:>8.1f}{q['articles']:>9}{q['fts5_articles']:>7}"
                f"{' relaxed' if q['relaxed'] else ''}")
        self.print_slowest(queries)

    def print_slowest(self, queries):
        """Each kind's slowest first search: at 20 runs or fewer, its p95 is that query's time."""
        slowest = []
        for q in queries:
            i = q["samples_ms"].index(max(q["samples_ms"]))
            slowest.append(f"{q['name']} {q['samples_ms'][i]:.1f} ms ({q['variants'][i]!r})")
        self.stdout.write("slowest first search of each kind: " + "; ".join(slowest))

    def kept_archive(self, options, corpus):
        """The earlier report when --keep names a folder holding this same archive."""
        try:
            return benchmark.kept_report(
                options["keep"], paragraphs=options["paragraphs"],
                corpus=str(Path(corpus).resolve()) if corpus else "built-in")
        except FileExistsError as error:
            raise CommandError(str(error)) from error

    def child_args(self, options, corpus):
        args = ["--paragraphs", str(options["paragraphs"]), "--runs", str(options["runs"]),
                "--warmup", str(options["warmup"])]
        if corpus:
            args += ["--corpus", str(Path(corpus).resolve())]
        if options["profile"]:
            args += ["--profile", str(Path(options["profile"]).resolve())]
        if options["compare_copies"]:
            args.append("--compare-copies")
        return args

    def run_child(self, options, corpus):
        if not benchmark.inside_throwaway_archive():
            raise CommandError("--report is internal: run `manage.py bench` without it.")
        earlier = None
        if options["reuse"]:
            earlier = json.loads(Path(options["report"]).read_text(encoding="utf-8"))
        report = benchmark.run_benchmark(
            options["paragraphs"], corpus, runs=options["runs"], warmup=options["warmup"],
            profile_dir=options["profile"], reuse=earlier,
            compare_copies=options["compare_copies"],
        )
        Path(options["report"]).write_text(json.dumps(report, indent=2), encoding="utf-8")

    def print_table(self, report):
        out = self.stdout.write
        out(f"\n{report['paragraphs']:,} paragraphs in {report['articles']:,} articles "
            f"({report['corpus']}), {report['runs']} runs per query")
        out(f"rebuild_index: {report['index_seconds']:.1f} s = {report['index_paragraphs_per_s']:,.0f} "
            f"paragraphs/s, index {report['index_bytes'] / 1e6:.1f} MB "
            f"(FTS5: {report['fts5_index_paragraphs_per_s']:,.0f} paragraphs/s, "
            f"{report['fts5_index_bytes'] / 1e6:.1f} MB)")
        if report.get("index_seconds_without_copies"):
            without = report["index_seconds_without_copies"]
            cpu, cpu_without = report["index_cpu_seconds"], report["index_cpu_seconds_without_copies"]
            out(f"rebuild_index without copy signatures: {without:.1f} s ({cpu_without:.1f} s "
                f"CPU); with them {report['index_seconds'] / without:.2f}x the time, "
                f"{cpu / cpu_without:.2f}x the CPU ({cpu:.1f} s)")
        if report.get("copies_seconds") is not None:
            out(f"copies (clusters, boilerplate, stories) per index generation: "
                f"{report['copies_seconds']:.2f} s")
        self.print_queries(report["queries"])
        if report.get("attention"):
            out(f"\n{'attention':<15}{'first':>8}{'repeat':>8}{'p95':>8}{'compare 3':>10}")
            for a in report["attention"]:
                out(f"{a['name']:<15}{a['first_ms']:>8.1f}{a['repeat_median_ms']:>8.1f}"
                    f"{a['repeat_p95_ms']:>8.1f}{a['compare_first_ms']:>10.1f}")
        if report.get("entities"):
            people = report["entities"]
            out(f"\npeople and places: {people['entities']} entities; which articles mention "
                f"which built in {people['mentions_cold_ms']:.1f} ms in a new process, "
                f"{people['mentions_build_ms']:.1f} ms after an index change")
            for e in people["filtered"]:
                out(f"{e['name']:<15}filtered by {e.get('people') or e.get('places')}: "
                    f"{e['median_ms']:.1f} ms (p95 {e['p95_ms']:.1f})")
        edit = report["edit_to_searchable"]
        self.print_memory(report)
        out(f"\nmedian of medians {report['median_of_medians_ms']:.1f} ms, worst p95 "
            f"{report['worst_p95_ms']:.1f} ms; edit searchable after {edit['searchable_ms']} ms "
            f"(save {edit['save_ms']} ms).\nTimes in ms over {report['runs']} "
            "different queries of each kind, each a first search; ratio = ours / FTS5 median; "
            "repeat = median of the first query asked again and again (the engine's caches).")

    def print_pages(self, page):
        """The whole page over HTTP beside the search itself (search/tools/page_timing.py)."""
        if not page:
            return
        out = self.stdout.write
        out(f"\nthe whole page over HTTP (gunicorn, {page['workers']} workers, gzip); a request's "
            f"floor (/robots.txt) {page['floor_ms']:.1f} ms")
        out(f"{'query':<15}{'page':>8}{'p95':>8}{'repeat':>8}{'search':>8}{'repeat':>8}"
            f"{'fts5':>9}{'ratio':>7}")
        for q in page["queries"]:
            out(f"{q['name']:<15}{q['median_ms']:>8.1f}{q['p95_ms']:>8.1f}{q['repeat_median_ms']:>8.1f}"
                f"{q['search_median_ms']:>8.1f}{q['search_repeat_median_ms']:>8.1f}"
                f"{q['fts5_median_ms']:>9.1f}{q['ratio_median']:>7.2f}")
        out(f"page: median of medians {page['median_of_medians_ms']:.1f} ms, of the repeated "
            f"pages {page['median_of_repeats_ms']:.1f} ms; search = the complete search "
            "in-process, ratio = page / FTS5 median")
        for n, worker in enumerate(page.get("worker_memory") or [], 1):
            out(f"worker {n} after the pages: {worker['rss_mb']} MB resident, {worker['own_mb']} MB "
                f"its own, {worker['files_mb']} MB mapped files (the index, shared by the workers)")

    def print_memory(self, report):
        peaks = report.get("rebuild_peak_rss") or {}
        cold = report.get("cold_first_search_ms") or {}
        self.stdout.write(
            f"memory: a search process {report.get('search_rss_after_warm_up_mb')} MB after its "
            f"first searches, {report.get('search_rss_after_queries_mb')} MB after the timed ones; "
            f"rebuild peak {peaks.get('process_mb')} MB (largest indexing process "
            f"{peaks.get('indexing_child_mb')} MB); first search on a new generation "
            f"{cold.get('first_search_ms')} ms, its exact copies found "
            f"{cold.get('exact_copies_after_ms')} ms after it")
