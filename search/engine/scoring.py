"""BM25F scores for matching documents, from cached posting lists.

The formula is Whoosh's BM25F (B 0.75, K1 1.5, per field, summed over the query's terms
and fields; the headline's field boost is already in its term weights), with BM25's own
idf (see idf()), except that N and the average length count only the documents that have
the field, as Lucene does (article documents have no text, most paragraphs no
commentary). Each term's score in each document depends only on the term and the
document, so it is computed once per index generation for the whole posting list and
kept beside it; a search then only adds up the contributions of its candidates.

Each query word is scored as one synonym set (synonyms.py): its forms, variant spellings,
transliterations and translations as one pseudo-term, so no expansion outweighs the other
words. The idf is each language's own (language_idf()): a document is weighed against the
documents of its language, so the scores of a word and of its translation are comparable.

Every setting here and in relaxing.py, proximity.py and feedback.py was chosen on the
Cranfield and NPL collections (`manage.py relevance --baseline`); what was measured, kept and dropped is in
ranking.md beside this module.
"""
import math
from dataclasses import dataclass

import numpy

from ..text.morphology import STEMMED
from . import docsets
from .synonyms import pseudo_postings

# BM25 parameters: B as Whoosh's and Lucene's default; K1 1.5, the middle of the usual
# 1.2-2.0: against 2.0, Cranfield nDCG@10 +0.002 and NPL +0.005, each half of each up;
# 1.2 helped NPL (+0.009) and cost Cranfield (-0.003), 2.0 had been chosen on Cranfield
# alone (ranking.md).
K1 = 1.5
B = 0.75
# Query-time weight of each field's score, on top of the headline's index-time boost.
FIELD_WEIGHTS = {"headline": 0.5}
# How strongly any-word ranking favours paragraphs with more of the words: the square
# root of the share matched scored best on Cranfield (0.5 > 0.25 > 1 > 2; nDCG@10 0.381
# against 0.378 for none; with proximity and filler dropping 0.394 against 0.387 for
# none, 0.389 for 0.25, 0.387 for 1); see ranking.md.
COORDINATION = 0.5


def contributions(searching, unit):
    """(docnums, scores) of one synonym set (synonyms.py) as numpy arrays: its BM25 score
    in each document that has it, docnums ascending."""
    key = (unit.field, unit.single) if unit.single else unit     # a term: as it always was
    return searching.memo("contributions", limit=256, size=_nbytes).get_or_make(
        key, lambda: _contributions(searching, unit))


def _nbytes(contribution):
    ids, scores = contribution
    return ids.nbytes + scores.nbytes


def _contributions(searching, unit):
    ids, weights = pseudo_postings(searching, unit)
    scores = numpy.zeros(0)
    if len(ids):
        norms = length_norms(searching, unit.field)
        factors = language_idf(searching, norms, ids) * (K1 + 1) * \
            FIELD_WEIGHTS.get(unit.field, 1.0)
        scores = factors * weights / (weights + norms.of(language_groups(searching), ids))
    return ids, scores


@dataclass(frozen=True)
class FieldNorms:
    lengths: numpy.ndarray   # docnum -> the field's length, as the index's one-byte code
    table: numpy.ndarray     # length code -> K1 * (1 - B + B * length / average length)
    having: int              # documents that have the field
    having_by_group: numpy.ndarray = None   # ... in each language group (language_groups)
    tables: numpy.ndarray = None   # [language group, length code] -> the norm by the
                                   # group's own average length

    def of(self, groups, ids):
        """The length norms of the docnums `ids`, each by its language's average length.
        (take() reads int32 docnums as they are; indexing copied them to 64 bits first,
        and a pair of index arrays into the table cost three times a flat one.)"""
        rows = groups.take(ids).astype(numpy.intp) * self.tables.shape[1]
        return self.tables.ravel().take(rows + self.lengths.take(ids))


def length_norms(searching, fieldname):
    """The field's FieldNorms for BM25, built once per generation."""
    return searching.memo("norms", limit=8).get_or_make(
        fieldname, lambda: _build_norms(searching, fieldname))


def _build_norms(searching, fieldname):
    lengths = searching.field_lengths(fieldname)
    # As Lucene does: the average over the documents that have the field at all. An
    # article's own document has no text and most paragraphs no commentary; counting
    # them would make every real paragraph look long.
    having = max(int(numpy.count_nonzero(lengths)), 1)
    average = searching.total_length(fieldname) / having or 1.0
    # The index stores each length as one byte; precompute the norm of each byte value.
    codes = numpy.array(searching.length_codes(), dtype=numpy.float64)
    averages = group_averages(language_groups(searching), lengths, codes, average)
    tables = K1 * ((1 - B) + B * codes[None, :] / averages[:, None])
    by_group = numpy.bincount(language_groups(searching)[lengths > 0], minlength=OTHER + 1)
    return FieldNorms(lengths, K1 * ((1 - B) + B * codes / average), having, by_group, tables)


def group_averages(groups, lengths, codes, average):
    """The field's average length in each language group (OTHER: the whole archive's):
    Russian news paragraphs are a third as long as the English press releases', and
    against one average every Russian paragraph would look short, its words weigh more.
    From the one-byte lengths, scaled so that the whole archive's is exact."""
    has = lengths > 0
    decoded = codes[lengths[has]]
    scale = average * len(decoded) / decoded.sum() if len(decoded) and decoded.sum() else 1.0
    count = numpy.bincount(groups[has], minlength=OTHER + 1)
    total = numpy.bincount(groups[has], weights=decoded, minlength=OTHER + 1)
    averages = numpy.where(count > 0, total * scale / numpy.maximum(count, 1), average)
    averages[OTHER] = average
    return numpy.maximum(averages, 1e-9)


# ---------------------------------------------------------------- idf by language

# Each language the archive analyses is a collection of its own for idf; text in any other
# language is weighed against the whole archive (its group is the last, OTHER).
OTHER = len(STEMMED)


def language_groups(searching):
    """docnum -> its language group: the index in STEMMED (en, uk, ru) of its language,
    or OTHER; made once per generation."""
    info = searching.info       # (read before `once`, which holds the generation's lock)

    def make():
        codes = numpy.array([STEMMED.index(code) if code in STEMMED else OTHER
                             for code in info.lang_codes] or [OTHER], dtype=numpy.int8)
        return codes[info.lang_array] if len(info.lang_array) else numpy.zeros(0, numpy.int8)
    return searching.once("language groups", make)


def language_idf(searching, norms, ids):
    """The idf of a term (or synonym set) held by the docnums `ids`, for each of them, in
    its own language: a word common in Russian reporting and rare in English weighs what
    it weighs in each. So a translation's score is comparable with the word's own: its
    rarity among the Ukrainian documents, not among all."""
    groups = language_groups(searching).take(ids)      # (take: as in FieldNorms.of)
    df = numpy.bincount(groups, minlength=OTHER + 1)
    by_group = numpy.array([idf(norms.having_by_group[g], df[g]) if g != OTHER
                            else idf(norms.having, len(ids)) for g in range(OTHER + 1)])
    return by_group.take(groups)


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
    return numpy.zeros(searching.info.doc_count)


def score(searching, units):
    """Summed BM25F scores of the synonym sets `units`, by docnum."""
    totals = zeros(searching)
    for unit in dict.fromkeys(units):
        ids, values = contributions(searching, unit)
        # totals[ids] += values (a posting list names each document once), in numpy's
        # fast path: a common word's three synonym sets at a million paragraphs, 2 ms, not 7
        numpy.add.at(totals, docsets.index(ids), values)
    return totals


WORDS_A_PASS = 8    # query words whose presence in each document one byte records


def score_coordinated(searching, leaves, weights, docs):
    """Any-word ranking: the words' scores summed, times the share of the query matched
    (to the power COORDINATION), each word counting by its weight (its idf: a rare word
    is most of a query); 0 outside the docnums `docs`.

    `leaves` is a list of synonym set lists, one per word or phrase of the query. A paragraph
    that has three of four words outranks one that repeats a single word many times.
    Which words each document has is one bit of a byte by docnum, eight words a pass:
    a boolean array per word, read back at `docs` and weighed, was half the time.
    """
    totals = zeros(searching)
    matched = numpy.zeros(len(docs))      # by position in `docs`, a docset: only they score
    docs = docsets.index(docs)
    for first in range(0, len(leaves), WORDS_A_PASS):
        has = numpy.zeros(len(totals), dtype=numpy.uint8)     # bit i: the pass's word i
        for bit, refs in enumerate(leaves[first:first + WORDS_A_PASS]):
            for unit in dict.fromkeys(refs):
                ids, values = contributions(searching, unit)
                ids = docsets.index(ids)
                numpy.add.at(totals, ids, values)             # as in score()
                has[ids] |= 1 << bit
        matched += weight_sums(weights[first:first + WORDS_A_PASS]).take(has.take(docs))
    whole = sum(weights) or 1.0
    scores = numpy.zeros(len(totals))
    scores[docs] = totals.take(docs) * (matched / whole) ** COORDINATION
    return scores


def weight_sums(weights):
    """For each byte, the sum of the `weights` whose bits it has set, added in order."""
    codes = numpy.arange(1 << len(weights))
    sums = numpy.zeros(len(codes))
    for bit, weight in enumerate(weights):
        sums += ((codes >> bit) & 1) * weight
    return sums


def top(scores, count):
    """The docnums of the `count` best positive scores, best first (ties: lower docnum)."""
    positive = int(numpy.count_nonzero(scores > 0))
    count = min(count, positive)
    if not count:
        return []
    best = numpy.flatnonzero(scores >= at_most_kth(scores, count))
    best = best[scores[best] > 0]
    if len(best) > 8 * count + 1024:      # the bound was loose: cut at the count-th best
        kth = -numpy.partition(-scores[best], count - 1)[count - 1]
        best = best[scores[best] >= kth]  # (all tied with it: ties go to the lower docnum)
    return best[numpy.lexsort((best, -scores[best]))][:count].tolist()


TOP_CHUNK = 1024


def at_most_kth(scores, k):
    """A value no greater than the k-th highest of `scores`: the k-th highest of the
    maxima of its chunks (k chunks have a value at least that high). Partitioning every
    score to find the best hundred took 13 ms at a million paragraphs; this, under 2."""
    chunks = len(scores) // TOP_CHUNK
    if chunks < k:
        return 0.0
    maxima = scores[:chunks * TOP_CHUNK].reshape(chunks, TOP_CHUNK).max(axis=1)
    return numpy.partition(maxima, chunks - k)[chunks - k]
