"""Relevance measurement: the metrics on hand-computed cases, and the command end to end."""
import json
import math

import pytest
from django.core.management import call_command

from search.tools.baseline import halves
from search.tools.relevance import average_precision, evaluate, load_collection, ndcg


def test_it_scores_a_ranking_as_trec_eval_does():
    judged = {"d1": 1, "d2": 1, "d3": 0}
    ranked = ["d3", "d1", "d4", "d2"]
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    assert ndcg(ranked, judged) == pytest.approx(dcg / (1 + 1 / math.log2(3)))
    assert average_precision(ranked, judged) == pytest.approx((1 / 2 + 2 / 4) / 2)


def test_it_uses_graded_gains_and_cuts_at_the_depth():
    assert ndcg(["b", "a"], {"a": 2, "b": 1}) == pytest.approx(
        (1 + 2 / math.log2(3)) / (2 + 1 / math.log2(3)))
    assert ndcg(["x"] * 10 + ["a"], {"a": 1}) == 0.0
    assert average_precision(["x"] * 100 + ["a"], {"a": 1}) == 0.0


def test_it_averages_over_queries_that_have_a_relevant_document():
    qrels = {"q1": {"d1": 1, "d2": 1, "d3": 0}, "q2": {"d5": 1}, "q3": {"d6": 0}}
    scores = evaluate({"q1": ["d3", "d1", "d4", "d2"], "q3": ["d6"]}, qrels)
    assert scores.queries == 2
    assert scores.map_at_100 == pytest.approx(0.25)
    assert scores.per_query["q2"] == {"ndcg@10": 0.0, "ap@100": 0.0}


DOCS = [
    ("1", "Grain shipments", "Grain shipments left the Black Sea port of Odesa under the corridor deal."),
    ("2", "Power cuts", "Drone attacks damaged power lines and substations around Kharkiv overnight."),
    ("3", "Sanctions", "Ministers agreed a new package of sanctions on oil and gas exports.\n\n"
          "The package limits refined products shipped by sea."),
    ("4", "Evacuation", "Volunteers evacuated civilians from villages near the front by bus."),
]
QUERIES = [("1", "grain shipments from the black sea"), ("2", "sanctions on gas exports")]
QRELS = "query_id\tdoc_id\trelevance\n1\t1\t1\n2\t3\t1\n2\t2\t0\n"


def write_collection(folder):
    folder.mkdir()
    with open(folder / "docs.jsonl", "w", encoding="utf-8") as out:
        for doc_id, title, body in DOCS:
            out.write(json.dumps({"id": doc_id, "title": title, "body": body}) + "\n")
    with open(folder / "queries.jsonl", "w", encoding="utf-8") as out:
        for query_id, text in QUERIES:
            out.write(json.dumps({"id": query_id, "text": text}) + "\n")
    (folder / "qrels.tsv").write_text(QRELS, encoding="utf-8")
    return folder


def test_it_reads_a_collection(tmp_path):
    collection = load_collection(write_collection(tmp_path / "tiny"))
    assert collection.docs["3"][0] == "Sanctions"
    assert collection.queries["2"] == "sanctions on gas exports"
    assert collection.qrels == {"1": {"1": 1}, "2": {"3": 1, "2": 0}}


def test_it_measures_the_real_search_on_a_collection(tmp_path, capsys):
    folder = write_collection(tmp_path / "tiny")
    call_command("relevance", str(folder), "--json", str(tmp_path / "out.json"))
    report = json.loads((tmp_path / "out.json").read_text())
    assert report["queries"] == 2
    assert report["ndcg@10"] == pytest.approx(1.0)
    assert report["run"]["1"][0] == "1"
    assert "nDCG@10  1.0000" in capsys.readouterr().out


def test_it_measures_stemmed_bm25_beside_the_product_in_the_same_run(tmp_path, capsys):
    folder = write_collection(tmp_path / "tiny")
    call_command("relevance", str(folder), "--baseline", "--json", str(tmp_path / "out.json"))
    paired = json.loads((tmp_path / "out.json").read_text())["paired"]
    assert set(paired) == {"all", "half 1", "half 2"}
    # the baseline stems ("shipments" meets "shipment") and drops "from", "the", "on"
    assert paired["all"]["baseline"] == [pytest.approx(1.0), pytest.approx(1.0)]
    assert paired["half 1"]["product"][0] == pytest.approx(1.0)
    out = capsys.readouterr().out
    assert "nDCG@10 product / BM25" in out and "half 2" in out


def test_the_halves_split_the_queries_by_position():
    assert halves(["1", "2", "3", "4", "5"]) == (["1", "3", "5"], ["2", "4"])
