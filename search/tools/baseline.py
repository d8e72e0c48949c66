"""An ordinary stemmed BM25, the baseline the archive's ranking is measured against.

`manage.py relevance DIR --baseline` runs it in the same process as the product, on the
same collection, so every figure comes as a pair (product, baseline) and a change of the
machine, the collection or the metrics moves both. It is deliberately not our code:
rank_bm25's Okapi BM25 (k1 1.5, b 0.75, its idf floor) over each document's title and
body, every query word OR-ed, words lower-cased, NLTK's English stop words dropped and
Snowball's English stemmer applied (PyStemmer). That is the BM25 the IR literature
reports as the one to beat, and with NLTK's stop list it is the strongest of the plain
variants tried on NPL (nDCG@10 0.4346; Lucene's 33 stop words 0.4257, the archive's own
short list 0.4278, the collection's README quotes 0.4291 for its own list).

`halves(ids)` splits a collection's queries in two (odd and even positions) so a change
can be shown to help both halves, not only the whole.
"""
import re

import numpy

from search.tools.relevance import evaluate

# NLTK's English stop words corpus (nltk.corpus.stopwords.words("english"), 179 words),
# kept here because the corpus is a separate download.
STOP_WORDS = frozenset("""
i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself
yourselves he him his himself she she's her hers herself it it's its itself they them their
theirs themselves what which who whom this that that'll these those am is are was were be
been being have has had having do does did doing a an the and but if or because as until
while of at by for with about against between into through during before after above below
to from up down in out on off over under again further then once here there when where why
how all any both each few more most other some such no nor not only own same so than too
very s t can will just don don't should should've now d ll m o re ve y ain aren aren't
couldn couldn't didn didn't doesn doesn't hadn hadn't hasn hasn't haven haven't isn isn't ma
mightn mightn't mustn mustn't needn needn't shan shan't shouldn shouldn't wasn wasn't weren
weren't won won't wouldn wouldn't
""".split())
WORD = re.compile(r"\w+")
DEPTH = 100


def tokens(text, stem):
    return [stem(w) for w in WORD.findall(text.lower()) if w not in STOP_WORDS]


def baseline_run(collection, depth=DEPTH):
    """{query id: the `depth` best doc ids} of stemmed BM25 over `collection`."""
    import Stemmer
    from rank_bm25 import BM25Okapi

    stem = Stemmer.Stemmer("english").stemWord
    ids = list(collection.docs)
    bm25 = BM25Okapi([tokens(f"{title} {body}", stem) for title, body in
                      collection.docs.values()])
    run = {}
    for query_id, text in collection.queries.items():
        scores = bm25.get_scores(tokens(text, stem))
        best = numpy.argsort(-scores, kind="stable")[:depth]     # ties: collection order
        run[query_id] = [ids[i] for i in best.tolist()]
    return run


def halves(query_ids):
    """The query ids at odd and at even positions (1-based), as two lists."""
    ordered = list(query_ids)
    return ordered[0::2], ordered[1::2]


def paired(product_run, baseline, qrels):
    """{"all" | "half 1" | "half 2": {"product": (nDCG@10, MAP@100), "baseline": ...}}."""
    judged = [q for q, j in qrels.items() if any(g > 0 for g in j.values())]
    report = {}
    for name, ids in (("all", judged), *zip(("half 1", "half 2"), halves(judged))):
        subset = {q: qrels[q] for q in ids}
        report[name] = {label: rounded(evaluate(run, subset))
                        for label, run in (("product", product_run), ("baseline", baseline))}
    return report


def rounded(scores):
    return [round(scores.ndcg_at_10, 4), round(scores.map_at_100, 4)]


def table(report):
    """The paired report as lines of text, each figure beside its baseline."""
    lines = ["              nDCG@10 product / BM25    MAP@100 product / BM25"]
    for name, pair in report.items():
        (n, m), (bn, bm) = pair["product"], pair["baseline"]
        lines.append(f"{name:<12}  {n:.4f} / {bn:.4f} ({n - bn:+.4f})   "
                     f"{m:.4f} / {bm:.4f} ({m - bm:+.4f})")
    return "\n".join(lines)
