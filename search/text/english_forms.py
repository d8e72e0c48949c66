"""English word forms the stemmer cannot join: irregular verbs and the adjectives of places.

Snowball stems sinking and sinks to sink, but not sank or sunk; it stems Crimea to crimea
and Crimean to crimean. A query word is widened, at query time, by the other members of
its family:

- irregular verb forms (data/irregular_verbs.tsv, made from LemmInflect's table by
  search/tools/irregular_verbs.py): sank, sunk, sink, sinking are one family; a form that
  is also a noun or adjective of its own (left, shot, saw, rose) is in none, so "left
  bank" never finds "leave";
- places and their adjectives and demonyms (data/place_adjectives.tsv): Crimea, Crimean,
  Crimeans, Crimean's; Ukraine, Ukrainian.

`family_terms(word)` gives the English index terms of the word's family other than its
own stem; the engine adds them to the word's synonym set (search/engine/matching.py,
Matcher.word), as it adds variant spellings: scored as the word, marked as the word,
never when the word is quoted. Plain Python and data; no index change.
"""
from functools import lru_cache

from .analysis import DATA, STOP_WORDS, normalise, stem


def read_families(name, every_stem, by_word, by_stem):
    """Add the families of the tab-separated file `name` in data/ (a headword, then its
    other forms, space-separated) to the dicts {word: family} and {stem: family}. Every
    word is a key of `by_word`; the headword's stem (sinking, sinks: sink), or with
    `every_stem` every word's (Ukrainians: ukrainian), a key of `by_stem`. A verb's
    other forms are keys only as written: "founded" stems to "found", which is find's
    past but not of its family. `by_stem` holds [(the word stemmed, family)]: a word
    found by its stem must also begin as that word does (family()), since the stemmer
    joins some words of other families (experiments, experience: experi)."""
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        words = [normalise(w) for w in line.split()]
        members = frozenset(words)
        for word in words:
            by_word[word] = by_word.get(word, frozenset()) | members
        for word in words if every_stem else words[:1]:
            by_stem.setdefault(stem(word), []).append((word, members))


@lru_cache(maxsize=1)
def families():
    """({word: its family}, {stem: its family}), read once."""
    by_word, by_stem = {}, {}
    read_families("irregular_verbs.tsv", False, by_word, by_stem)
    read_families("place_adjectives.tsv", True, by_word, by_stem)
    return by_word, by_stem


def family(word):
    """The words of `word`'s family (itself included), or just the word."""
    word = normalise(word)
    by_word, by_stem = families()
    if word in by_word:
        return by_word[word]
    for keyed, members in by_stem.get(stem(word), ()):
        if word.startswith(keyed[:-1]):     # sinking: sink; Ukrainians: ukrainian
            return members
    return frozenset((word,))


@lru_cache(maxsize=10_000)
def family_terms(word):
    """The English index terms of `word`'s family other than the word's own, sorted:
    "sunk" -> ("sank", "sink"); "Crimean" -> ("crimea",); "bridge" -> ()."""
    own = normalise(word)
    if own in STOP_WORDS:
        return ()
    mine = stem(own)
    return tuple(sorted({stem(w) for w in family(own) if w not in STOP_WORDS} - {mine}))
