"""Graded matching: every word first, then most of them, so nothing is dropped silently.

A query of two parts or more (words, phrases, OR groups) is ranked in tiers by default
(within=""): the paragraphs that have every part (tier 2), then those of articles that
have every part across their paragraphs and headline (tier 1: "grain" in one paragraph,
"Odesa" in the next), then the near misses, paragraphs with at least NEAR_MISS_WORDS of
the parts (tier 0). Within a tier, paragraphs rank by how much of the query (by idf: a
missing rare word costs more than a missing common one) they have (scoring.
score_coordinated), the best CANDIDATES then lifted by proximity and by feedback from
the best few. A long question typed in plain language loses its question filler first.

within="paragraph" asks for every part in one paragraph, nothing else; within="article"
for every part in one article, nothing else (search/service/parameters.py declares it).
The settings were chosen on Cranfield and NPL (ranking.md).
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

# Tiers by docnum: the paragraph has every part; its article has; neither.
PARAGRAPH, ARTICLE, SOME = 2, 1, 0     # also how many times lift_by_tier lifts each
GRADED_NOTICE = ("Articles with all of the words come first, then those with at least "
                 "{needed} of the {parts} searched words, those with more (and rarer) of "
                 "them first.")
NONE_NOTICE = ("No article has all of the words, so articles with at least {needed} of "
               "the {parts} searched words are shown, those with more (and rarer) of them "
               "first.")
# A query of up to this many parts is ranked in tiers (every part in a paragraph, in the
# article, some); a longer one is a question, whose relevant answers often lack some of
# its words: its paragraphs rank by how much of it they have, only those with every
# word typed lifted. Tiers for questions too: Cranfield nDCG@10 0.4303 against 0.4323
# (ranking.md).
GRADED_PARTS = 4
# A plain-words query this long is a question typed in plain language: its question
# filler is dropped when it is relaxed (question_words()).
QUESTION_WORDS = 5
# A near miss (counted, faceted and shown) has at least NEAR_MISS_WORDS of the query's
# parts (one of two). Cranfield (relevance command, 225 queries): any one word 0.4358 /
# MAP@100 0.3456; two 0.4335 / 0.3419; "most" (three of four, half of a question)
# 0.4269 / 0.3325 and 0.3160 / 0.2159: its relevant documents often share only two
# words with a long question. On the press releases and BASIL (2,096 articles), "Russian
# oil price cap" counted 1,559 articles with any one word, 355 with two or more.
NEAR_MISS_WORDS = 2


def relaxed_match(s, matcher, node, match, paragraph_texts, within=""):
    """(match, scores, tiers, notice, reading) of the graded query, or None when `match`
    (every part in one paragraph) stands as it is. `tiers` gives by docnum PARAGRAPH,
    ARTICLE or SOME (grouping ranks articles by it first); `reading` is how the query
    was read, for SearchResponse.interpreted ("at least two of (...)"), None when every
    result has every word typed."""
    words = plain_words_of(node)
    if within == "paragraph" or len(words) < 2:
        return None
    asked = words if within == "article" else question_words(words)
    parts = matcher.positive_parts(asked)
    leaves = [part for part in parts if len(part.docs)]
    if len(leaves) <= 1 and len(match.docs):
        return None
    info = matcher.info
    hits = part_counts(info.doc_count, leaves)
    in_whole = articles_with_every(info, parts).take(info.article_array)     # by docnum
    # counted over every part, found or not: one word of "Russian oil price cap" is
    # not a near miss because "price" and "cap" are nowhere in the archive
    needed = max(1, min(NEAR_MISS_WORDS, len(parts) - 1))
    wanted = (hits > 0) & in_whole
    if within != "article":
        wanted |= hits >= needed
    docs = docsets.frozen(numpy.flatnonzero(wanted).astype(docsets.DTYPE))
    relaxed, scores = relax(s, matcher, node, leaves, docs, paragraph_texts)
    tiers = numpy.zeros(info.doc_count, dtype=numpy.int8)
    if len(parts) <= GRADED_PARTS or within == "article":
        tiers[in_whole] = ARTICLE
        tiers[hits == len(parts)] = PARAGRAPH
    else:       # a question: only what has every word typed is lifted
        tiers[match.docs] = PARAGRAPH
    lift_by_tier(scores, tiers)
    listed = tiers.take(relaxed.docs)
    notice = None
    if numpy.any(listed == SOME):
        notice = (GRADED_NOTICE if numpy.any(listed) else NONE_NOTICE).format(
            parts=number_word(len(parts)), needed=number_word(needed))
    if len(asked) == len(words) and not numpy.any(listed == SOME):
        return relaxed, scores, tiers, notice, None     # every result has every word
    return relaxed, scores, tiers, notice, reading(node, asked, needed)


def part_counts(doc_count, leaves):
    """By docnum, how many of `leaves` match it (int16)."""
    have = numpy.zeros(doc_count, dtype=numpy.int16)
    for leaf in leaves:
        have[docsets.index(leaf.docs)] += 1        # a docset names each docnum once
    return have


def articles_with_every(info, parts):
    """A boolean array by article pk: the article has each of `parts` in one of its
    documents (paragraphs, its own headline and commentary)."""
    size = len(info.published_by_article)
    have = numpy.zeros(size, dtype=numpy.int16)
    for part in parts:
        present = numpy.zeros(size, dtype=bool)
        present[docsets.index(info.article_array.take(part.docs))] = True
        have += present
    return have == len(parts)


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


def lift_by_tier(scores, tiers):
    """Paragraphs with every word rank above those whose article has every word, and
    those above the near misses: each tier is lifted by the best score (twice for
    PARAGRAPH), so the flat paragraph order (group=paragraph) and the paragraphs shown
    of an article follow the tiers; articles are ordered by their tier first
    (grouping.order_groups)."""
    lift = scores.max()
    scored = numpy.flatnonzero(scores > 0)     # (not those the query's filters dropped)
    # a tier is the number of lifts: PARAGRAPH 2, ARTICLE 1, SOME 0 (two masks over every
    # docnum took 10 ms at a million paragraphs)
    scores[scored] += lift * tiers[scored]


def relax(s, matcher, node, leaves, docs, paragraph_texts):
    """The match of the docset `docs` (paragraphs with enough of the query's parts,
    `leaves`), after the query's filters, ranked by how much of the query (by idf) a
    paragraph has."""
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


