"""Relevance measurement behind `manage.py relevance`: collections, runs and metrics.

A collection is a folder with docs.jsonl ({"id", "title", "body"} a line), queries.jsonl
({"id", "text"}) and qrels.tsv (query_id, doc_id, relevance; a header line is allowed).
Each document becomes an article (its paragraphs, chunks) of a throwaway archive; each
query is run as typed through search.search, grouped by article, and the ranked
articles are mapped back to document ids.

Metrics, as trec_eval computes them: nDCG@10 with graded gains and a log2 discount,
normalised by the ideal ranking of all judged-relevant documents; MAP@100, the mean over
queries of the average precision of the first 100 results. Queries with no relevant
document in the qrels are left out (they have no ideal ranking).
"""
import csv
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from archive.chunking import split_body

OUTLET = "Relevance collection"


@dataclass
class Collection:
    docs: dict[str, tuple[str, str]]          # doc id -> (title, body)
    queries: dict[str, str]                   # query id -> text
    qrels: dict[str, dict[str, int]]          # query id -> {doc id: relevance}


@dataclass
class Scores:
    ndcg_at_10: float
    map_at_100: float
    queries: int
    per_query: dict[str, dict[str, float]] = field(default_factory=dict)


def read_jsonl(path):
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def load_collection(folder):
    folder = Path(folder)
    docs = {str(d["id"]): (d.get("title") or "", d.get("body") or "") for d in read_jsonl(folder / "docs.jsonl")}
    queries = {str(q["id"]): q["text"] for q in read_jsonl(folder / "queries.jsonl")}
    qrels = {}
    with open(folder / "qrels.tsv", encoding="utf-8", newline="") as rows:
        for row in csv.reader(rows, delimiter="\t"):
            if len(row) < 3 or not row[2].lstrip("-").isdigit():
                continue  # the header, or a blank line
            qrels.setdefault(row[0], {})[row[1]] = int(row[2])
    return Collection(docs, queries, qrels)


def dcg(gains):
    return sum(gain / math.log2(rank + 2) for rank, gain in enumerate(gains))


def ndcg(ranked, judged, k=10):
    ideal = dcg(sorted((g for g in judged.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([max(judged.get(doc, 0), 0) for doc in ranked[:k]]) / ideal


def average_precision(ranked, judged, k=100):
    relevant = sum(1 for g in judged.values() if g > 0)
    if relevant == 0:
        return 0.0
    found, total = 0, 0.0
    for rank, doc in enumerate(ranked[:k], start=1):
        if judged.get(doc, 0) > 0:
            found += 1
            total += found / rank
    return total / relevant


def evaluate(run, qrels):
    """Scores of a run ({query id: ranked doc ids}) against the qrels."""
    per_query = {}
    for query_id, judged in qrels.items():
        if not any(g > 0 for g in judged.values()):
            continue
        ranked = run.get(query_id, [])
        per_query[query_id] = {"ndcg@10": ndcg(ranked, judged), "ap@100": average_precision(ranked, judged)}
    count = len(per_query)
    return Scores(
        ndcg_at_10=sum(s["ndcg@10"] for s in per_query.values()) / count if count else 0.0,
        map_at_100=sum(s["ap@100"] for s in per_query.values()) / count if count else 0.0,
        queries=count,
        per_query=per_query,
    )


def collection_articles(collection):
    """The documents as benchmark SourceArticles, in the collection's order."""
    from search.tools.benchmark import SourceArticle

    articles = []
    for title, body in collection.docs.values():
        paragraphs = [block.text for block in split_body(body)]
        articles.append(SourceArticle(headline=title.strip() or "(untitled)", outlet=OUTLET,
                                      published=None, paragraphs=paragraphs))
    return articles


def run_queries(collection, article_to_doc, depth=100):
    """Each query as typed through the real search path; returns ({query id: doc ids}, relaxed ids)."""
    from search import search
    from search.types import SearchRequest

    run, relaxed = {}, []
    for query_id, text in collection.queries.items():
        response = search(SearchRequest(q=text, group="article", per_page=depth))
        run[query_id] = [article_to_doc[r.article.id] for r in response.results]
        if response.relaxed:
            relaxed.append(query_id)
    return run, relaxed


def measure_collection(folder, reuse=False):
    """Load the collection into the (throwaway) archive, index it, run and score it.

    With `reuse` the archive already holds it (relevance --keep): only the queries run.
    """
    from archive.models import Article
    from search.tools.benchmark import insert_archive, rebuild_product_index

    collection = load_collection(folder)
    if reuse:
        ids = list(Article.objects.order_by("id").values_list("id", flat=True))
    else:
        ids = insert_archive(collection_articles(collection))
        rebuild_product_index()
    article_to_doc = dict(zip(ids, collection.docs))
    run, relaxed = run_queries(collection, article_to_doc)
    scores = evaluate(run, collection.qrels)
    return {
        "collection": str(folder),
        "docs": len(collection.docs),
        "queries": scores.queries,
        "ndcg@10": round(scores.ndcg_at_10, 4),
        "map@100": round(scores.map_at_100, 4),
        "relaxed_queries": len(relaxed),
        "per_query": scores.per_query,
        "run": run,
    }
