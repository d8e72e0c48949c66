"""A bonus for paragraphs where the query's words stand close together.

Any-word ranking (search/engine/scoring.py) scores each word on its own, so a paragraph that
says "heat transfer" ranks no higher than one with "heat" in one sentence and "transfer"
in another. Following the sequential dependence model (Metzler and Croft, 2005), each
pair of words adjacent in the query earns a bonus in a paragraph where they occur next
to each other in that order, and a smaller one where they occur within a few words of
each other in any order.

Only the best candidates are looked at, from their analysed text (search/engine/candidates.py);
only the paragraph's own text counts (the headline too: Cranfield nDCG@10 -0.001).
"""
from .scoring import K1

# Words within this many positions of each other, in either order, are "close".
WINDOW = 8
# Bonus weights, as the sequential dependence model weighs its three kinds of evidence
# (Metzler and Croft: 0.85 the words, 0.10 ordered pairs, 0.05 pairs in a window), in
# units of the most a word can score (scoring.K1 + 1 times the lesser idf weight of the
# pair's two words), so proximity keeps its share of a score whatever K1 is.
ORDERED = 0.10 / 0.85
UNORDERED = 0.05 / 0.85


def positions(terms, wanted):
    """term -> its positions in the analysed text `terms`, for the terms in `wanted`."""
    found = {}
    for position, term in enumerate(terms):
        if term in wanted:
            found.setdefault(term, []).append(position)
    return found


def word_positions(found, texts):
    """Sorted positions of any of the terms `texts` (a word's stem and variant spellings)."""
    return sorted(p for text in texts for p in found.get(text, ()))


def pair_counts(first, second):
    """(ordered, unordered): how often `second` directly follows `first`, and how many
    occurrences of `first` have `second` within WINDOW positions either side."""
    following = set(second)
    ordered = sum(1 for p in first if p + 1 in following)
    unordered = sum(1 for p in first if any(abs(p - q) < WINDOW for q in second))
    return ordered, unordered


def saturate(count):
    return count / (count + 1.0)


def proximity_bonus(terms_of, words, weights):
    """docnum -> bonus, for the paragraphs of `terms_of` (docnum -> analysed terms).

    `words` holds, for each word of the query in order, the index terms (stem and variant
    spellings) that stand for it; `weights` their idf weights."""
    wanted = {t for texts in words for t in texts}
    bonus = {}
    for d, terms in terms_of.items():
        found = positions(terms, wanted)
        spots = [word_positions(found, texts) for texts in words]
        extra = 0.0
        for i in range(len(words) - 1):
            if spots[i] and spots[i + 1]:
                ordered, unordered = pair_counts(spots[i], spots[i + 1])
                extra += min(weights[i], weights[i + 1]) * (K1 + 1) * (
                    ORDERED * saturate(ordered) + UNORDERED * saturate(unordered))
        bonus[d] = extra
    return bonus
