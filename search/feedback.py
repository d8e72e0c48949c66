"""Pseudo-relevance feedback for questions typed in plain language (RM3-like).

A long question names its subject in its own words; the paragraphs that answer it best
often use others ("slender body" for "thin wing"). So the words that the best few
paragraphs share (each paragraph weighted by its score, each word by its share of the
paragraph: the relevance model of Lavrenko and Croft) are scored as a second, lighter
query, and only reorder the candidates already ranked best; they never add matches
(nor highlights).

The index keeps no term vectors, so the few feedback paragraphs are read from the
database (FEEDBACK_DOCS rows by primary key) and analysed as the index analysed them.
"""
from collections import Counter

import numpy

from archive.models import Chunk

from .analysis import terms as analysed_terms
from .docinfo import length_norms
from .scoring import scores_at

FEEDBACK_DOCS = 10        # best paragraphs the words are taken from
FEEDBACK_TERMS = 10       # words added
FEEDBACK_WEIGHT = 0.5     # the added query's weight against the typed one's
# Words in more than this share of paragraphs say nothing about a subject.
COMMON_SHARE = 0.1
# A paragraph counts by its score to this power: the very best say most about the subject.
DOC_POWER = 3


def feedback_model(s, candidates, scores):
    """[(term, weight)] of the relevance model of the best FEEDBACK_DOCS paragraphs
    among `candidates` (best first), weights summing to 1. The typed words stay in it,
    as in RM3: those the best paragraphs dwell on gain weight."""
    stored = s.searcher.stored_fields
    chunk_of = {}
    for d in candidates:
        chunk = stored(d).get("chunk")
        if chunk and scores[d] > 0:
            chunk_of[d] = chunk
            if len(chunk_of) == FEEDBACK_DOCS:
                break
    best = list(chunk_of)
    texts = dict(Chunk.objects.filter(pk__in=list(chunk_of.values()))
                 .values_list("pk", "text"))
    total = sum(scores[d] ** DOC_POWER for d in best) or 1.0
    model = Counter()
    for d in best:
        words = analysed_terms(texts.get(chunk_of[d], ""))
        for word, count in Counter(words).items():
            model[word] += scores[d] ** DOC_POWER / total * count / len(words)
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
    kept = s.cache.setdefault("feedback_df", {})
    found = kept.get(word)
    if found is None:
        if len(kept) > 50_000:
            kept.clear()
        found = kept[word] = s.searcher.doc_frequency("text", word)
    return found


def feedback_scores(s, candidates, scores, words):
    """docnum -> the feedback query's score, for `candidates` (best first); `words` is
    how many words the query has (the typed query's scores grow with it)."""
    model = feedback_model(s, candidates, scores)
    ordered = numpy.array(sorted(candidates), dtype=numpy.int64)
    extra = {}
    for term, weight in model:
        for d, value in scores_at(s, "text", term, ordered).items():
            extra[d] = extra.get(d, 0.0) + FEEDBACK_WEIGHT * words * weight * value
    return extra
