"""Ranking that respects the reader's language: a query's own language first, the others
interleaved by merit, neither flooding the page nor stacked below it as a block.

The archive holds three sub-collections (English, Ukrainian, Russian) whose BM25 scores
are not comparable as they are, even with each language's own idf and average length
(scoring.py): a Russian news post about drones says "дрон" three times in forty words, an
English press release says "drones" once in two hundred, and a query translated into
Russian collects its synonyms' frequencies. Scored as they come, an English query for
"drones" showed ten Ukrainian and Russian posts first. So, as federated search merges
the results of separate collections (score normalisation before merging):

- each other language's scores are scaled down, when its best matching paragraphs (the
  mean of its LEVEL best) outscore those of the query's own languages, so that the two
  levels are equal: a translation never outranks the query's own language by the habits
  of its press;
- then divided by LANGUAGE_BOOST: at equal merit the reader's own language comes first.

A language is never scaled up, so a few weak matches in it (a Latin word in a Russian post)
stay weak. The query's languages are those of its words (text/word_languages.py: Latin
is English, Cyrillic Ukrainian and/or Russian). When every match is in the query's
languages, or none is, nothing changes (an English-only archive ranks as it always did).
"""
import numpy

from ..text.morphology import STEMMED
from ..text.word_languages import languages_of
from .parsing import And, Or, Phrase, Word
from .scoring import TOP_CHUNK, at_most_kth, language_groups

# How much more a paragraph in the query's own language weighs than an equally good one
# in another, and how many of each language's best paragraphs set its level (measured on
# the shared corpora, `manage.py crosslingual`: ranking.md).
LANGUAGE_BOOST = 1.4
LEVEL = 10


def query_languages(node):
    """The languages the query's words are written in (not those under NOT), in
    STEMMED order: ("en",) for "drone attack", ("uk",) for "атака дронів"."""
    found = set()
    for text in typed_words(node):
        found.update(languages_of(text))
    return tuple(lang for lang in STEMMED if lang in found)


def typed_words(node):
    if isinstance(node, (Word, Phrase)):
        return node.text.split()
    if isinstance(node, (And, Or)):
        return [w for item in node.items for w in typed_words(item)]
    return []        # NOT, dates and outlets say nothing of the reader's language


def balance(searching, scores, docs, languages):
    """Scale, in place, the scores (by docnum) of the matching `docs` in languages other
    than the query's `languages` (module docstring)."""
    if not languages or not len(docs):
        return scores
    groups = language_groups(searching)
    own = [STEMMED.index(lang) for lang in languages]
    of_docs = groups.take(docs)       # take() reads int32 docnums as they are (scoring.py)
    mine = numpy.isin(of_docs, own)
    if mine.all() or not mine.any():       # nothing to weigh against the other
        return scores
    reference = level(scores.take(docs[mine]))
    present = numpy.flatnonzero(numpy.bincount(of_docs))    # (numpy.unique sorts them:
    for group in set(present.tolist()) - set(own):           # 1.9 ms for 600,000, this 0.8)
        theirs = docs[of_docs == group]
        best = level(scores.take(theirs))
        factor = min(1.0, reference / best) if reference > 0 and best > 0 else 1.0
        numpy.multiply.at(scores, theirs, factor / LANGUAGE_BOOST)  # (as scoring.score)
    return scores


def level(scores):
    """The mean of the LEVEL best of `scores`: what a first page of them scores (one
    outlier does not set it, as the maximum would). Only those at or above a bound on
    the LEVEL-th best are partitioned: all 575,000 of a two-word query's took 4.6 ms."""
    count = min(LEVEL, len(scores))
    if count and len(scores) >= count * TOP_CHUNK:
        scores = scores[scores >= at_most_kth(scores, count)]
    return float(numpy.partition(scores, len(scores) - count)[-count:].mean())
