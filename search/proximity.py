"""A bonus for paragraphs where the query's words stand close together.

Any-word ranking (search/scoring.py) scores each word on its own, so a paragraph that
says "heat transfer" ranks no higher than one with "heat" in one sentence and "transfer"
in another. Following the sequential dependence model (Metzler and Croft, 2005), each
pair of words adjacent in the query earns a bonus in a paragraph where they occur next
to each other in that order, and a smaller one where they occur within a few words of
each other in any order.

Positions are read from the index's posting lists (the text and headline fields record
them for phrase search) only for the best-scored candidates, never for every match, so
the cost is a few skips per word per candidate, not a scan.
"""
from whoosh.reading import TermNotFound

from .docinfo import matcher_at

# How many of the best candidates are looked at (the rest keep their score).
CANDIDATES = 200
# Fields whose positions count: the paragraph and its headline (each on its own).
FIELDS = ("text", "headline")
# Words within this many positions of each other, in either order, are "close".
WINDOW = 8
# Bonus weights, in units of the pair's weight (the lesser idf weight of its two words).
ORDERED = 1.0
UNORDERED = 0.5


def positions(searcher, fieldname, texts, docs):
    """docnum -> sorted positions of any of the terms `texts` in `fieldname`, for the
    ascending docnums `docs` that have one."""
    found = {}
    for text in texts:
        try:
            matcher = searcher.postings(fieldname, text)
        except TermNotFound:
            continue
        for d in matcher_at(matcher, docs):
            found.setdefault(d, []).extend(matcher.value_as("positions"))
    for spots in found.values():
        spots.sort()
    return found


def pair_counts(first, second):
    """(ordered, unordered): how often `second` directly follows `first`, and how many
    occurrences of `first` have `second` within WINDOW positions either side."""
    following = set(second)
    ordered = sum(1 for p in first if p + 1 in following)
    unordered = sum(1 for p in first if any(abs(p - q) < WINDOW for q in second))
    return ordered, unordered


def saturate(count):
    return count / (count + 1.0)


def proximity_bonus(searcher, terms, weights, docs):
    """docnum -> bonus for `docs`, from the query's words in order.

    `terms` holds, for each word of the query, the index terms (stem and variant
    spellings) that stand for it; `weights` their idf weights."""
    ordered_docs = sorted(docs)
    bonus = dict.fromkeys(docs, 0.0)
    for fieldname in FIELDS:
        spots = [positions(searcher, fieldname, texts, ordered_docs) for texts in terms]
        for i in range(len(terms) - 1):
            first, second = spots[i], spots[i + 1]
            weight = min(weights[i], weights[i + 1])
            for d in first.keys() & second.keys():
                ordered, unordered = pair_counts(first[d], second[d])
                bonus[d] += weight * (ORDERED * saturate(ordered)
                                      + UNORDERED * saturate(unordered))
    return bonus
