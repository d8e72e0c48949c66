"""Any-word ranking, when a query's words are not all found together.

A query of two words or more that no paragraph matches whole, or one of FEW_WORDS words
or more that only a handful of articles match whole, is relaxed: paragraphs with at least
NEAR_MISS_WORDS of its parts (the near misses: only they are counted, faceted and
shown) are ranked by how much of the query (by idf) they have (scoring.
score_coordinated), the best CANDIDATES then lifted by proximity and by feedback from the
best few. A long question typed in plain language loses its question filler first.
The settings were chosen on Cranfield (ranking.md).
"""
import math

import numpy

from . import docsets
from ..text.analysis import normalise
from .candidates import CANDIDATES, candidate_terms
from .feedback import feedback_scores
from .language_ranking import balance
from .matching import combine
from .parsing import And, Not, Or, Phrase, Word, describe
from .proximity import proximity_bonus
from .scoring import score_coordinated, top

# When fewer than FEW_ARTICLES articles have every word of a query of FEW_WORDS words or
# more, paragraphs with most of the words are shown after them. Cranfield nDCG@10 0.4269
# -> 0.4358 (its five short queries, of four words each, matched one or two documents
# whole); queries of two or three words ("russian oil sanctions") stay strict.
FEW_WORDS = 4
FEW_ARTICLES = 10
FEW_NOTICE = ("Few paragraphs have all of the words, so paragraphs with at least {needed} "
              "of the {parts} searched words are shown after them, those with more of "
              "them first.")
# A plain-words query this long is a question typed in plain language: its question
# filler is dropped when it is relaxed (question_words()).
QUESTION_WORDS = 5
RELAXED_NOTICE = ("No paragraph has all of the words, so paragraphs with at least "
                  "{needed} of the {parts} searched words are shown, those with more of "
                  "them first.")
# A near miss (counted, faceted and shown) has at least NEAR_MISS_WORDS of the query's
# parts (one of two). Cranfield (relevance command, 225 queries): any one word 0.4358 /
# MAP@100 0.3456; two 0.4335 / 0.3419; "most" (three of four, half of a question)
# 0.4269 / 0.3325 and 0.3160 / 0.2159: its relevant documents often share only two
# words with a long question. On the press releases and BASIL (2,096 articles), "Russian
# oil price cap" counted 1,559 articles with any one word, 355 with two or more.
NEAR_MISS_WORDS = 2


def relaxed_match(s, matcher, node, match, paragraph_texts):
    """(match, scores, whole, notice, reading) of the relaxed query, or None when
    `match` (the query matched whole) stands as it is. `whole` marks by docnum the
    paragraphs with every word, lifted above the rest; `reading` is how the query was
    read, for SearchResponse.interpreted ("at least two of (...)")."""
    words = plain_words_of(node)
    if not should_relax(match, words, matcher.info):
        return None
    full = match.docs
    parts = matcher.positive_parts(question_words(words))
    leaves = [part for part in parts if len(part.docs)]
    if len(leaves) <= 1 and len(full):
        return None
    # counted over every part, found or not: one word of "Russian oil price cap" is
    # not a near miss because "price" and "cap" are nowhere in the archive
    needed = max(1, min(NEAR_MISS_WORDS, len(parts) - 1))
    relaxed, scores = relax(s, matcher, node, leaves, needed, paragraph_texts)
    whole = None
    if len(full):
        whole = numpy.zeros(matcher.info.doc_count, dtype=bool)
        whole[full] = True
        lift_above_the_rest(scores, whole)
    notice = None
    if len(relaxed.docs):
        notice = (FEW_NOTICE if len(full) else RELAXED_NOTICE).format(
            parts=number_word(len(parts)), needed=number_word(needed))
    return relaxed, scores, whole, notice, reading(node, question_words(words), needed)


def reading(node, words, needed):
    """The relaxed query as a person reads it back: "at least two of (russian, oil,
    price, cap)", with its filters ANDed after."""
    rest = [i for i in node.items if not isinstance(i, (Word, Phrase, Or))] \
        if isinstance(node, And) else []
    text = f"at least {number_word(needed)} of ({', '.join(describe(w) for w in words)})"
    return " AND ".join([text] + [describe(item) for item in rest])


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight",
                "nine", "ten")


def number_word(n):
    return NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)


def should_relax(match, words, info):
    """Relax when no paragraph has every word, or when a query of FEW_WORDS words or
    more is matched whole by only a handful of articles."""
    if len(words) < 2:
        return False
    if not len(match.docs):
        return True
    if len(words) < FEW_WORDS:
        return False
    return distinct_count(info.article_array[match.docs]) < FEW_ARTICLES


def distinct_count(values):
    """How many different values the int array holds (sorted, not numpy.unique: in
    numpy 2.4 that hashes first, 15 times slower on 100,000 values; an article's
    paragraphs have neighbouring docnums, so the runs are long and timsort quick)."""
    ordered = numpy.sort(values, kind="stable")
    return int(numpy.count_nonzero(ordered[1:] != ordered[:-1])) + 1 if len(ordered) else 0


def plain_words_of(node):
    """The parts (words, phrases, OR groups) of a query that ANDs them, with filters."""
    items = node.items if isinstance(node, And) else (node,)
    return [i for i in items if isinstance(i, (Word, Phrase, Or))]


# Words that frame a question typed in plain language rather than name its subject
# ("what ... can anyone find on ..."): interrogatives, auxiliaries and modals, pronouns,
# quantifiers and the words of a request. Dropped only when relaxing a question of
# QUESTION_WORDS words or more; a short query or a quoted phrase keeps every word.
QUESTION_FILLER = frozenset("""
    what which who whom whose when where why how whether
    am is are was were be been being do does did done have has had having
    can could may might must shall should will would ought need
    i me my we our you your he she they them their it its this that these those
    there here any anyone anybody anything some someone somebody something
    all each every such other another so very much many more most also only
    about into onto upon than then too just yet
    please know find found give given get tell show shown
    information available papers paper literature work works
""".split())


def question_words(words):
    """The words of a long plain-language question without its QUESTION_FILLER (all of
    them if that would leave fewer than two)."""
    if len(words) < QUESTION_WORDS:
        return words
    kept = [w for w in words if not (isinstance(w, Word) and not w.field and not w.prefix
                                     and not w.fuzzy and normalise(w.text) in QUESTION_FILLER)]
    return kept if len(kept) >= 2 else words


def lift_above_the_rest(scores, whole):
    """Paragraphs with every word (`whole`, by docnum) rank above those with only some:
    they are lifted by twice the best score, more than an article's count of matching
    paragraphs can add to a partial match (grouping.COUNT_BOOST). The date sorts put
    them first too (grouping.order_groups)."""
    lift = 2 * scores.max()
    scores[whole & (scores > 0)] += lift     # (not those the query's filters dropped)


def relax(s, matcher, node, leaves, needed, paragraph_texts):
    """Matching of at least `needed` of the query's parts (`leaves`), ranked by how
    much of the query (by idf) a paragraph has."""
    docs = with_enough_parts(matcher.info.doc_count, leaves, needed)
    rest = [i for i in node.items if not isinstance(i, (Word, Phrase, Or))] \
        if isinstance(node, And) else []
    for item in rest:
        if isinstance(item, Not):
            docs = docsets.minus(docs, matcher.evaluate(item.item).docs)
        else:
            docs = docsets.where(docs, matcher.predicate(item)(docs))
    match = combine(leaves, docs)
    total = len(matcher.info.live_docs) + 1
    weights = [math.log(total / (len(leaf.docs) + 1)) + 1 for leaf in leaves]
    scores = score_coordinated(s, [leaf.scored for leaf in leaves], weights, docs)
    balance(s, scores, docs, matcher.ctx.languages)
    return match, rerank(s, matcher, leaves, weights, scores, paragraph_texts)


def with_enough_parts(doc_count, leaves, needed):
    """The docset of the docnums matched by at least `needed` of `leaves`."""
    have = numpy.zeros(doc_count, dtype=numpy.int16)
    for leaf in leaves:
        have[leaf.docs] += 1        # a docset names each docnum once
    return docsets.frozen(numpy.flatnonzero(have >= needed).astype(docsets.DTYPE))


def rerank(s, matcher, leaves, weights, scores, paragraph_texts):
    """The best CANDIDATES lifted by how closely the query's words stand together in
    each (proximity.py), then by the words of the best few (feedback.py)."""
    words = [(sorted({t for unit in leaf.scored if unit.field == "text" for t in unit.terms}),
              weight)
             for leaf, weight in zip(leaves, weights)]
    words = [(terms, weight) for terms, weight in words if terms]   # not stop words
    if len(words) < 2 or matcher.ctx.budget.expired("the ranking by proximity and feedback"):
        return scores
    best = top(scores, CANDIDATES)
    terms_of = candidate_terms(s, best, paragraph_texts)
    terms, weights = zip(*words)
    for d, extra in proximity_bonus(terms_of, terms, weights).items():
        scores[d] += extra
    best.sort(key=lambda d: (-scores[d], d))
    for d, extra in feedback_scores(s, best, scores, terms_of, len(words)).items():
        scores[d] += extra
    return scores


