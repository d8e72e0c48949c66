"""Pseudo-relevance feedback for questions typed in plain language (RM3-like).

A long question names its subject in its own words; the paragraphs that answer it best
often use others ("slender body" for "thin wing"). So the words that the best few
paragraphs share (each paragraph weighted by its score, each word by its share of the
paragraph: the relevance model of Lavrenko and Croft) are scored as a second, lighter
query, and only reorder the candidates already ranked best; they never add matches
(nor highlights). Applying it to every match instead: the same nDCG@10 on Cranfield.

The index keeps no term vectors: the candidates' paragraphs are read from the database
and analysed as the index analysed them (candidates.py), and the feedback words
scored from those terms with the index's own BM25 (as scoring.contributions()).
"""
from collections import Counter

from .scoring import length_norms, term_factor

FEEDBACK_DOCS = 20        # best paragraphs the words are taken from
FEEDBACK_TERMS = 15       # words added
FEEDBACK_WEIGHT = 0.8     # the added query's weight against the typed one's
# Words in more than this share of paragraphs say nothing about a subject.
COMMON_SHARE = 0.05
# A paragraph counts by its score to this power: the very best say most about the subject.
DOC_POWER = 4


def feedback_model(s, ranked, scores, terms_of):
    """[(term, weight)] of the relevance model of the best FEEDBACK_DOCS paragraphs of
    `ranked` (docnums, best first; `terms_of` docnum -> analysed terms), weights summing
    to 1. The typed words stay in it, as in RM3: those the best paragraphs dwell on gain
    weight."""
    best = [d for d in ranked if terms_of.get(d) and scores[d] > 0][:FEEDBACK_DOCS]
    total = sum(scores[d] ** DOC_POWER for d in best) or 1.0
    model = Counter()
    for d in best:
        words = terms_of[d]
        share = scores[d] ** DOC_POWER / total / len(words)
        for word, count in Counter(words).items():
            model[word] += share * count
    having = length_norms(s, "text").having
    chosen = []
    for word, weight in model.most_common():
        if 1 < document_frequency(s, word) <= COMMON_SHARE * having:
            chosen.append((word, weight))
            if len(chosen) == FEEDBACK_TERMS:
                break
    mass = sum(p for _, p in chosen) or 1.0
    return [(w, p / mass) for w, p in chosen]


def document_frequency(s, word):
    """How many paragraphs have `word`, kept for the generation (Whoosh sums it over the
    segments, unpickling each one's term info)."""
    return s.memo("doc frequency", limit=50_000).get_or_make(
        word, lambda: s.doc_frequency("text", word))


def feedback_scores(s, ranked, scores, terms_of, words):
    """docnum -> the feedback query's score, for the paragraphs of `terms_of`; `words` is
    how many words the query has (the typed query's scores grow with it)."""
    norms = length_norms(s, "text")
    # Each word's weight times the part of its BM25 score that depends only on the word.
    factors = {term: weight * term_factor(norms, "text", document_frequency(s, term))
               for term, weight in feedback_model(s, ranked, scores, terms_of)}
    extra = {}
    for d, terms in terms_of.items():
        counts, norm = Counter(terms), norms.table[norms.lengths[d]]
        extra[d] = FEEDBACK_WEIGHT * words * sum(
            factor * counts[term] / (counts[term] + norm)
            for term, factor in factors.items() if term in counts)
    return extra
