"""The speed benchmark: generated archives, the FTS5 reference, and the command end to end."""
import json
import re
import pytest
from django.core.management import call_command

from search.tools.benchmark import (
    BUILTIN_TEXT, BenchQuery, Fts5Reference, SourceArticle, build_articles, choose_queries, insert_archive,
    load_jsonl_corpus, read_into_os_cache,
)

SENTENCES = [
    "Ukrainian forces pushed back Russian troops near Kharkiv on Tuesday.",
    "Shelling continued along the front line in the Donetsk region overnight.",
    "Grain shipments from Black Sea ports resumed after weeks of talks.",
    "Ministers discussed new sanctions on Russian energy exports.",
    "Volunteers evacuated civilians from villages close to the front.",
    "Air defence systems shot down most of the drones over Kyiv.",
]


def write_corpus(path, articles=6):
    with open(path, "w", encoding="utf-8") as out:
        for i in range(articles):
            body = "\n\n".join(" ".join(SENTENCES[(i + j) % 6] for j in range(2)) for _ in range(3))
            out.write(json.dumps({
                "id": f"a{i}", "title": f"Report {i}", "outlet": ["Kyiv Desk", "Moscow Desk"][i % 2],
                "author": None, "published": f"2022-0{1 + i % 6}-15", "url": "", "body": body,
            }) + "\n")
    return path


def test_it_makes_exactly_the_paragraphs_asked_from_real_sentences(tmp_path):
    source = load_jsonl_corpus(write_corpus(tmp_path / "c.jsonl"))
    articles = build_articles(source, 250)
    assert sum(len(a.paragraphs) for a in articles) == 250
    assert len({a.outlet for a in articles}) > 3
    assert len({a.published.year for a in articles}) > 3
    generated = re.split(r"(?<=\.) ", articles[-1].paragraphs[0])
    assert set(generated) <= set(SENTENCES)
    assert build_articles(source, 250) == articles   # same seed, same archive


def test_it_can_run_on_text_of_its_own():
    articles = build_articles([SourceArticle("t", "o", None, BUILTIN_TEXT.split("\n\n"))], 40)
    assert sum(len(a.paragraphs) for a in articles) == 40


@pytest.mark.django_db
def test_it_answers_the_query_kinds_with_fts5(tmp_path):
    source = load_jsonl_corpus(write_corpus(tmp_path / "c.jsonl"))
    articles = build_articles(source, 120)
    insert_archive(articles)
    fts = Fts5Reference(tmp_path / "fts.sqlite3")
    fts.create()
    fts.build()
    kinds = choose_queries(source, "kyiv-desk", (2022, 2022), count=2)
    assert list(kinds) == [
        "common word", "rare word", "two words", "phrase", "word + outlet", "word + dates",
        "long question"]
    one_word = [q.q for name in ("common word", "word + outlet", "word + dates") for q in kinds[name]]
    assert len(set(one_word)) == 6   # no query finds its words already matched by another
    found = {name: fts.search(variants[0]) for name, variants in kinds.items()}
    assert all(f["articles"] > 0 for f in found.values())
    with_outlet = kinds["word + outlet"][0]
    without = BenchQuery("same word, any outlet", with_outlet.q, with_outlet.fts)
    assert found["word + outlet"]["articles"] < fts.search(without)["articles"]
    assert 0 < found["common word"]["shown"] <= 30


def test_it_benchmarks_a_throwaway_archive(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "c.jsonl")
    out = tmp_path / "bench.json"
    call_command("bench", "--paragraphs", "300", "--runs", "2", "--warmup", "1",
                 "--corpus", str(corpus), "--json", str(out), "--compare-copies")
    report = json.loads(out.read_text())
    assert report["paragraphs"] == 300
    assert report["index_paragraphs_per_s"] > 0 and report["index_bytes"] > 0
    assert report["index_seconds_without_copies"] > 0 and report["copies_seconds"] >= 0
    assert len(report["queries"]) == 7
    # the whole page over HTTP through gunicorn, beside the search itself
    page = report["page"]
    assert [q["name"] for q in page["queries"]] == [q["name"] for q in report["queries"]]
    assert page["floor_ms"] > 0 and all(q["median_ms"] > 0 and q["repeat_median_ms"] > 0
                                        for q in page["queries"])
    # each gunicorn worker's memory after the pages: its own, and the index files it maps
    assert len(page["worker_memory"]) == 2
    assert all(w["rss_mb"] >= w["own_mb"] > 10 for w in page["worker_memory"])
    for query in report["queries"]:
        assert {"name", "q", "median_ms", "p95_ms", "fts5_median_ms", "fts5_p95_ms"} <= set(query)
        # each variant's first search, so a slow p95 names its query
        assert len(query["samples_ms"]) == len(query["variants"]) == 2
        assert max(query["samples_ms"]) == query["p95_ms"]
        assert len(query["fts5_samples_ms"]) == 2
    assert report["queries"][0]["articles"] > 0
    assert report["edit_to_searchable"]["searchable_ms"] is not None
    assert len(report["attention"]) == 7 and report["attention"][0]["first_ms"] > 0
    assert report["entities"]["entities"] > 100 and report["entities"]["mentions_build_ms"] > 0
    printed = capsys.readouterr().out
    assert "rebuild_index" in printed and "without copy signatures" in printed
    assert "the whole page over HTTP" in printed and "worker 2 after the pages" in printed
    assert "slowest first search of each kind: common word" in printed


def test_it_reuses_a_kept_archive_instead_of_rebuilding(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl")
    kept, out = tmp_path / "kept", tmp_path / "again.json"
    args = ["--paragraphs", "120", "--runs", "1", "--warmup", "0", "--corpus", str(corpus),
            "--keep", str(kept)]
    call_command("bench", *args)
    assert (kept / "db.sqlite3").exists()
    call_command("bench", *args, "--json", str(out))
    report = json.loads(out.read_text())
    assert report["reused_archive"] is True
    # a kept archive's files are read into the OS cache before either engine is timed
    assert report["read_into_os_cache_mb"] * 1e6 >= (kept / "fts5-reference.sqlite3").stat().st_size
    assert report["queries"][0]["articles"] > 0
    assert report["edit_to_searchable"]["searchable_ms"] is not None


def test_it_reads_every_file_named_and_skips_what_is_missing(tmp_path):
    (tmp_path / "index" / "gen-1").mkdir(parents=True)
    (tmp_path / "index" / "gen-1" / "a.seg").write_bytes(b"x" * 300_000)
    (tmp_path / "index" / "current").write_bytes(b"x" * 100_000)
    (tmp_path / "db.sqlite3").write_bytes(b"x" * 200_000)
    assert read_into_os_cache([tmp_path / "index", tmp_path / "db.sqlite3",
                               tmp_path / "not-there"]) == 0.6


def test_it_measures_several_scales_and_reports_growth_and_memory(tmp_path):
    corpus = write_corpus(tmp_path / "c.jsonl")
    out, kept = tmp_path / "scales.json", tmp_path / "kept"
    call_command("bench", "--scales", "60,120", "--runs", "1", "--warmup", "0",
                 "--corpus", str(corpus), "--keep", str(kept), "--json", str(out))
    report = json.loads(out.read_text())
    assert [r["paragraphs"] for r in report["scales"]] == [60, 120]
    assert (kept / "60" / "db.sqlite3").exists() and (kept / "120" / "db.sqlite3").exists()
    assert set(report["growth"]) == {q["name"] for q in report["scales"][0]["queries"]}
    large = report["scales"][1]
    assert large["search_rss_after_warm_up_mb"] > 10 and large["cold_first_search_ms"]["first_search_ms"] > 0
    assert large["rebuild_peak_rss"]["process_mb"] > 10
