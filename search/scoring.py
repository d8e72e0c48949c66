"""BM25F scores for matching documents, from cached posting lists.

The formula is Whoosh's BM25F (B 0.75, K1 2.0 (search/docinfo.py), per field, summed
over the query's terms and fields; the headline's field boost is already in its term
weights), with BM25's own idf (see idf()), except that N and the average length count
only the documents that have the field, as Lucene does (article documents have no text,
most paragraphs no commentary). Each term's score in each document depends only on the
term and the document, so it is computed once per index generation for the whole posting
list and kept beside it; a search then only adds up the contributions of its candidates.

Measured on Cranfield (python manage.py relevance ../shared/corpora/cranfield; 220 of its
225 queries are long questions, ranked any-word): nDCG@10 0.3819 before the ranking
changes of search/query.py relax(); each step on top of the one before:
  proximity bonus (search/proximity.py)            0.3865
  + question filler dropped (query.QUESTION_FILLER) 0.3937
  + relevance feedback (search/feedback.py)        0.4100
  + K1 2.0 instead of 1.2                          0.4127
  + feedback keeps the typed words, DOC_POWER 3    0.4139
  + proximity on the text only, 100 candidates; feedback from 20 paragraphs, weight
    0.8, words in at most 5% of paragraphs, DOC_POWER 4; headline weight 0.5  0.4242
  + 15 feedback words                              0.4269
  + near misses after the whole matches of a short query (query.FEW_WORDS)
                                                   0.4358   (MAP@100 0.3456)
Measured and not kept: K1 0.9 / 1.5 / 3 (-0.004 / -0.001 / -0.003), B 0.3 / 0.5 / 0.9
(-0.007 / -0.007 / +0.001), the headline weight 0 / 1.5 / 2.5 (-0.010 / -0.007 / -0.011),
BM25F proper (fields' frequencies summed before one saturation: -0.006), COORDINATION
0 / 0.25 / 1 (-0.007 / -0.005 / -0.007), feedback applied to every match rather than the
best 100 (+0.000), the Porter stemmer instead of Snowball's English (+0.003 on its own;
not worth re-indexing every archive). Each setting was chosen on the whole query set, never
for single queries; differences under about 0.003 are within what a small change of any
setting moves.
"""
import math

import numpy

from .docinfo import K1, doc_info, length_norms, postings

CONTRIBUTIONS_KEPT = 256
# Query-time weight of each field's score, on top of the headline's index-time boost.
FIELD_WEIGHTS = {"headline": 0.5}
# How strongly any-word ranking favours paragraphs with more of the words: the square
# root of the share matched scored best on Cranfield (0.5 > 0.25 > 1 > 2; nDCG@10 0.381
# against 0.378 for none; with proximity and filler dropping 0.394 against 0.387 for
# none, 0.389 for 0.25, 0.387 for 1); see search/relevance.py.
COORDINATION = 0.5


def contributions(searching, fieldname, text):
    """(docnums, scores) of one term as numpy arrays: its BM25 score in each document
    that has it, docnums ascending."""
    kept = searching.cache.setdefault("contributions", {})
    key = (fieldname, text)
    found = kept.get(key)
    if found is None:
        plist = postings(searching, fieldname, text)
        ids = numpy.array(plist.ids, dtype=numpy.int64)
        scores = numpy.zeros(0)
        if len(ids):
            norms = length_norms(searching, fieldname)
            weights = numpy.array(plist.weights, dtype=numpy.float64)
            factor = term_factor(norms, fieldname, len(ids))
            scores = factor * weights / (weights + norms.table[norms.lengths[ids]])
        if len(kept) >= CONTRIBUTIONS_KEPT:
            kept.clear()
        found = kept[key] = (ids, scores)
    return found


def term_factor(norms, fieldname, df):
    """The part of a term's BM25 score that depends only on the term."""
    return idf(norms.having, df) * (K1 + 1) * FIELD_WEIGHTS.get(fieldname, 1.0)


def idf(documents, df):
    """BM25's own (Robertson-Sparck Jones) idf, over the documents that have the field.

    Whoosh's log(N / (df + 1)) + 1 gives a word in half the documents a third of a rare
    word's weight, so the filler of a plain-language question ("what", "must", "can")
    drowns its subject; this idf tends to zero for such words. Cranfield nDCG@10 through
    the product's query path: 0.3812 with Whoosh's idf, 0.3819 with this one."""
    documents = max(documents, df)
    return math.log(1 + (documents - df + 0.5) / (df + 0.5))


# Scores are dense numpy arrays indexed by docnum (0.0 for a document not scored): adding
# a term's contributions is one vectorised step, ranking a partition, and dropping a
# query's scores from the cache frees one block instead of a dictionary of 100,000 floats.

def zeros(searching):
    return numpy.zeros(doc_info(searching).doc_count)


def score(searching, refs):
    """Summed BM25F scores of the (field, term) `refs`, by docnum."""
    totals = zeros(searching)
    for fieldname, text in dict.fromkeys(refs):
        ids, values = contributions(searching, fieldname, text)
        totals[ids] += values      # a posting list names each document once
    return totals


def score_coordinated(searching, leaves, weights, docs):
    """Any-word ranking: the words' scores summed, times the share of the query matched
    (to the power COORDINATION), each word counting by its weight (its idf: a rare word
    is most of a query); 0 outside the docnums `docs`.

    `leaves` is a list of `refs` lists, one per word or phrase of the query. A paragraph
    that has three of four words outranks one that repeats a single word many times.
    """
    totals, matched = zeros(searching), zeros(searching)
    for refs, weight in zip(leaves, weights):
        hit = numpy.zeros(len(totals), dtype=bool)
        for fieldname, text in dict.fromkeys(refs):
            ids, values = contributions(searching, fieldname, text)
            totals[ids] += values
            hit[ids] = True
        matched[hit] += weight
    whole = sum(weights) or 1.0
    scores = numpy.zeros(len(totals))
    keep = numpy.fromiter(docs, dtype=numpy.int64, count=len(docs))
    scores[keep] = totals[keep] * (matched[keep] / whole) ** COORDINATION
    return scores


def top(scores, count):
    """The docnums of the `count` best positive scores, best first (ties: lower docnum)."""
    positive = int(numpy.count_nonzero(scores > 0))
    count = min(count, positive)
    if not count:
        return []
    best = numpy.argpartition(-scores, count - 1)[:count]
    return best[numpy.lexsort((best, -scores[best]))].tolist()
