"""BM25F scores for matching documents, from cached posting lists.

The formula is Whoosh's BM25F (K1 1.2, B 0.75, idf = log(N / (df + 1)) + 1, per field,
summed over the query's terms and fields; the headline's field boost is already in its
term weights), except that N and the average length count only the documents that
have the field, as Lucene does (article documents have no text, most paragraphs no
commentary). Each term's score in each document depends only on the term and the
document, so it is computed once per index generation for the whole posting list and
kept beside it; a search then only adds up the contributions of its candidates.
"""
import math
from array import array

from .docinfo import K1, length_norms, postings

CONTRIBUTIONS_KEPT = 256
# Query-time weight of each field's score, on top of the headline's index-time boost.
FIELD_WEIGHTS = {"headline": 1.0}
# How strongly any-word ranking favours paragraphs with more of the words: the square
# root of the share matched scored best on Cranfield (0.5 > 0.25 > 1 > 2; nDCG@10 0.381
# against 0.378 for none); see search/relevance.py.
COORDINATION = 0.5


def contributions(searching, fieldname, text):
    """(docnums, scores) of one term: its BM25 score in each document that has it."""
    kept = searching.cache.setdefault("contributions", {})
    key = (fieldname, text)
    found = kept.get(key)
    if found is None:
        plist = postings(searching, fieldname, text)
        df = len(plist.ids)
        scores = array("f")
        if df:
            norms = length_norms(searching, fieldname)
            factor = idf(norms.having, df) * (K1 + 1) * FIELD_WEIGHTS.get(fieldname, 1.0)
            lengths, table = norms.lengths, norms.table
            scores = array("f", (factor * w / (w + table[lengths[d]])
                                 for d, w in zip(plist.ids, plist.weights)))
        if len(kept) >= CONTRIBUTIONS_KEPT:
            kept.clear()
        found = kept[key] = (plist.ids, scores)
    return found


def idf(documents, df):
    """BM25's own (Robertson-Sparck Jones) idf, over the documents that have the field.

    Whoosh's log(N / (df + 1)) + 1 gives a word in half the documents a third of a rare
    word's weight, so the filler of a plain-language question ("what", "must", "can")
    drowns its subject; this idf tends to zero for such words. Cranfield nDCG@10 through
    the product's query path: 0.3812 with Whoosh's idf, 0.3819 with this one."""
    documents = max(documents, df)
    return math.log(1 + (documents - df + 0.5) / (df + 0.5))


def score(searching, refs, docs):
    """docnum -> summed BM25F score of the (field, term) `refs`, for docnums in `docs`."""
    scores = dict.fromkeys(docs, 0.0)
    for fieldname, text in dict.fromkeys(refs):
        ids, values = contributions(searching, fieldname, text)
        get = scores.get
        for d, value in zip(ids, values):
            current = get(d)
            if current is not None:
                scores[d] = current + value
    return scores


def score_coordinated(searching, leaves, weights, docs):
    """Any-word ranking: the words' scores summed, times the share of the query matched
    (to the power COORDINATION), each word counting by its weight (its idf: a rare word
    is most of a query).

    `leaves` is a list of `refs` lists, one per word or phrase of the query. A paragraph
    that has three of four words outranks one that repeats a single word many times.
    """
    totals, matched = {}, {}
    for refs, weight in zip(leaves, weights):
        leaf = {}
        for fieldname, text in dict.fromkeys(refs):
            ids, values = contributions(searching, fieldname, text)
            for d, value in zip(ids, values):
                leaf[d] = leaf.get(d, 0.0) + value
        for d, value in leaf.items():
            totals[d] = totals.get(d, 0.0) + value
            matched[d] = matched.get(d, 0.0) + weight
    whole = sum(weights) or 1.0
    return {d: totals[d] * (matched[d] / whole) ** COORDINATION for d in docs if d in totals}
