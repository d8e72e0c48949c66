"""One synonym set per query word: what it is scored as (Pirkola's structured query).

A query word is searched as many index terms: its forms in each language, its variant
spellings, its transliterations, its translations (matching.py). Scored as separate terms,
a word with ten of them would outweigh a word with one, and a translated query would be
ranked by how many translations the lexicon happens to list. So each word is scored, in
each field, as ONE pseudo-term whose members are all of them (Pirkola 1998; INQUERY's #syn):

- its frequency in a document is the sum of its members' frequencies there;
- its document frequency is the number of documents holding any member (the union).

A member is a tuple of index terms: one term, or the words of a phrase (a multi-word
spelling or translation: "протиповітряна оборона"). A phrase counts, in a document that
holds all its words in the field, as often as its rarest word there (an upper bound of how
often it stands there: the matcher, not the scorer, checks that the words stand together),
and not at all in a set that also has one of its words as a member (counted there already).
A translation counts only in documents of its own language: the Ukrainian abbreviation
ТОТ (occupied territory) is the index term of the Russian pronoun тот.
"""
from dataclasses import dataclass

import numpy

from . import docsets


@dataclass(frozen=True)
class Synonyms:
    """A query word's synonym set in one field, scored as one pseudo-term."""
    field: str
    members: tuple          # tuples of index terms, each once
    languages: tuple = ()   # per member, the language of the documents it counts in
                            # ("": any); () : every member counts in any

    @property
    def terms(self):
        """Every index term of the set, each once, in order."""
        return tuple(dict.fromkeys(t for member in self.members for t in member))

    @property
    def single(self):
        """The term, when the set is one word's one term (scored as the term itself)."""
        if len(self.members) == 1 and len(self.members[0]) == 1 and not any(self.languages):
            return self.members[0][0]
        return None

    def language_of(self, i):
        return self.languages[i] if self.languages else ""


def term(fieldname, text):
    """The set of one term: how a word with no other forms is scored."""
    return Synonyms(fieldname, ((text,),))


def synonyms(fieldname, members, languages=None):
    """The set of `members` (term tuples) in `fieldname`, each counting in documents of
    its language in `languages` ("" or None: any); duplicates dropped."""
    languages = languages or [""] * len(members)
    pairs = list(dict.fromkeys((tuple(m), lang) for m, lang in zip(members, languages) if m))
    restricted = tuple(lang for _, lang in pairs) if any(lang for _, lang in pairs) else ()
    return Synonyms(fieldname, tuple(m for m, _ in pairs), restricted)


def pseudo_postings(searching, unit):
    """(docnums ascending, summed frequencies) of the set `unit`: its documents and its
    frequency in each (the module docstring)."""
    everywhere = {m[0] for i, m in enumerate(unit.members)
                  if len(m) == 1 and not unit.language_of(i)}
    parts = []
    for i, member in enumerate(unit.members):
        if len(member) == 1 or everywhere.isdisjoint(member):
            found = member_postings(searching, unit.field, member)
            parts.append(in_language(searching, found, unit.language_of(i)))
    parts = [(ids, weights) for ids, weights in parts if len(ids)]
    if not parts:
        return numpy.zeros(0, dtype=docsets.DTYPE), numpy.zeros(0)
    if len(parts) == 1:
        return parts[0]
    return summed(parts)


def summed(parts):
    """(docnums ascending, summed weights) of several (docnums, weights) posting lists.
    Lists holding many of the docnums up to the last are added into a table over them
    (a common word's forms at a million paragraphs: 7 ms, where sorting them together
    took 43); a few docnums spread wide are sorted together, as docsets.union does."""
    size = int(max(ids[-1] for ids, _ in parts)) + 1
    if docsets.spread_wide(sum(len(ids) for ids, _ in parts), size):
        ids = numpy.concatenate([ids for ids, _ in parts])
        weights = numpy.concatenate([weights for _, weights in parts])
        # each list a sorted run: a stable sort merges them, keeping a docnum's weights in
        # list order (numpy.unique hashes first in numpy 2.4: 4.5 ms, this 0.9, for a
        # common word's headline forms at a million paragraphs)
        order = numpy.argsort(ids, kind="stable")
        ids, weights = ids.take(order), weights.take(order)
        first = numpy.r_[True, ids[1:] != ids[:-1]]
        return ids.compress(first), numpy.bincount(numpy.cumsum(first) - 1, weights=weights)
    totals, present = numpy.zeros(size), numpy.zeros(size, dtype=bool)
    for ids, weights in parts:
        ids = docsets.index(ids)
        numpy.add.at(totals, ids, weights)  # totals[ids] += weights (as scoring.score)
        present[ids] = True
    union = numpy.flatnonzero(present).astype(docsets.DTYPE)
    return union, totals.take(union)


def in_language(searching, postings, lang):
    """(docnums, frequencies) of `postings` in the documents of language `lang` ("": all)."""
    ids, weights = postings
    if not lang or not len(ids):
        return ids, weights
    info = searching.info
    code = info.lang_codes.index(lang) if lang in info.lang_codes else -1
    keep = info.lang_array[ids] == code
    return ids[keep], weights[keep]


def member_postings(searching, fieldname, member):
    """(docnums, frequencies) of one member: a term's posting list; for a phrase's words,
    the documents holding all of them and the least frequency of any of them in each."""
    lists = [searching.postings(fieldname, t) for t in member]
    if len(lists) == 1:
        return lists[0].ids, numpy.asarray(lists[0].weights, dtype=numpy.float64)
    ids = docsets.intersect(*(docsets.of(p.ids) for p in lists))
    if not len(ids):
        return ids, numpy.zeros(0)
    least = numpy.min([numpy.asarray(p.weights, dtype=numpy.float64)[
        numpy.searchsorted(p.ids, ids)] for p in lists], axis=0)
    return ids, least
