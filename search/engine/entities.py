"""People and places: the spelling-variant table used as a gazetteer, as facets and filters.

The table (data/variants.tsv, the admin's "Spelling variants") names the war's people,
cities, regions and rivers with all their spellings; archivists add more people and
places in the admin (handed in through Lookups.entities). A place counts its forms too
(variants.py: "region of Kharkiv", "adjective of Kharkiv"): an article that says only
Харківщина or харківський mentions Kharkiv, as a search for Kharkiv finds it; a region
is also a place of its own ("Kharkiv region"), its centre's news not counted in it.

Which articles mention an entity is found at query time from the index's own postings,
once per index generation and gazetteer, as one boolean row per entity over article pks:
a one-word Latin spelling from the `spell` field (the plain words of each article, one
document per article: ten times shorter lists than the paragraphs'); a one-word Cyrillic
spelling through its analysed term in the paragraphs' text and headline (the Ukrainian
lemma, the Russian stem), so that every case form counts (Зеленського, Путіна, Путина),
as the search finds them; a longer spelling from the paragraphs' text.
So a new entity takes effect at the next search, with no rebuild; counting and filtering
are then numpy over the matching articles, like outlets.

A spelling of several words is matched when one paragraph (with the article's headline)
has all its words, not necessarily side by side: "Kursk oblast" in a paragraph that says
"Kursk" and "oblast". Checking positions would cost a phrase query per spelling.
"""
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy

from . import docsets
from ..types import EntityCount
from ..text.analysis import WORD, normalise, query_forms
from ..text.analysis import terms as analyzed_terms
from ..text.morphology import ENGLISH, STEMMED
from ..text.transliteration import is_cyrillic
from .variants import load

PEOPLE, PLACES = "person", "place"
PLACE_KINDS = ("city", "region", "river")
# The table's person groups include given names, which are no one in particular.
GIVEN_NAMES = frozenset("""Volodymyr Valerii Oleksii Alexei Oleksandr Aleksandr Serhii Sergei
Andrii Andrei Mykhailo Mikhail Dmytro Dmitry Yurii Vitalii Yevgeny Yevhen Hennadii Yuliia
Nataliia Olena""".split())
FIELDS = ("text", "headline")
SHOWN = 10              # entities listed per facet, besides those selected or excluded
# Counting reads only the 64-bit words of the matching articles when they are under
# 1/FEW_WORDS of all words: gathering them costs less than copying whole rows up to a
# fifth or so (257 places, 110,000 pks: 0.14 against 0.68 ms at 6% of the words, 0.30
# against 0.88 at 16%, 1.08 against 0.72 at 42%).
FEW_WORDS = 4


@dataclass(frozen=True)
class Entity:
    slug: str
    name: str
    kind: str                 # PEOPLE or PLACES
    spellings: tuple          # each the analyzed terms of one spelling
    words: tuple = ()         # the plain word of each one-word Latin spelling (`spell`)

    @property
    def analysed(self):
        """The terms of the one-word Cyrillic spellings: looked up in the paragraphs'
        analysed fields, where each case form is its lemma or stem."""
        return tuple(t[0] for t in self.spellings if len(t) == 1 and is_cyrillic(t[0]))


def slug_of(name):
    return re.sub(r"[^\w]+", "-", name.lower()).strip("-")


def entity(name, kind, spellings):
    """An Entity from a name and its spellings (the name is one of them). A Cyrillic
    spelling, whose language is not said, is read as Ukrainian and as Russian."""
    terms = []
    for text in (name, *spellings):
        languages = STEMMED if is_cyrillic(text) else (ENGLISH,)
        for found in query_forms(text, languages):
            if found not in terms:
                terms.append(found)
    return Entity(slug_of(name), name, kind, tuple(terms), one_words((name, *spellings)))


def one_words(texts):
    """The plain words (as the `spell` field holds them) of the one-word Latin spellings
    (a Cyrillic one is found by its analysed term: Entity.analysed)."""
    words = []
    for text in texts:
        found = WORD.findall(text)
        word = normalise(found[0]) if len(found) == 1 else ""
        if word and not is_cyrillic(word) and word not in words:
            words.append(word)
    return tuple(words)


def table_entities(table=None):
    """The people and places of the variant table (`table`, else the shipped one): each
    named by its first spelling, a place with its forms' spellings too; a region that
    is a place's form is named as such ("Kharkiv region"), an adjective is no place."""
    table = table or load()
    found = []
    for group in table.groups:
        kind = PEOPLE if group.kind == "person" else PLACES if group.kind in PLACE_KINDS else None
        first = group.spellings[0].text
        if kind is None or first in GIVEN_NAMES:
            continue
        spellings = [*group.spellings, *table.forms(group)]
        found.append(Entity(slug_of(first), group.label or first, kind,
                            tuple(dict.fromkeys(s.terms for s in spellings)),
                            one_words([s.text for s in spellings])))
    return found


class Gazetteer(tuple):
    """A tuple of Entities that hashes once: a generation keeps its Mentions by
    gazetteer, and hashing its 322 entities anew took 0.3 ms of every search."""

    def __new__(cls, entities):
        made = super().__new__(cls, entities)
        made._hash = tuple.__hash__(made)
        return made

    def __hash__(self):
        return self._hash


@lru_cache(maxsize=8)
def gazetteer(extra=(), table=None):
    """The entities of the variant table (`table`: the archive's, else the shipped one)
    and the `extra` ones (archivists'), one per slug: an extra entity of the same slug
    replaces the table's; a second entity of one name (Dnipro the city, Dnipro the
    river) gets its kind in its slug."""
    by_slug = {}
    for item in table_entities(table):
        if item.slug in by_slug:
            item = Entity(f"{item.slug}-{kind_word(item)}", item.name, item.kind,
                          item.spellings, item.words)
        by_slug.setdefault(item.slug, item)
    for item in extra:
        by_slug[item.slug] = item
    return Gazetteer(by_slug.values())


def kind_word(item):
    return "river" if item.kind == PLACES else item.kind


# ---------------------------------------------------------------- which articles mention which

@dataclass
class Mentions:
    """For one generation and gazetteer: which article pks mention each entity, a bit
    per pk (numpy.packbits order: pk 0 is the high bit of byte 0), each row a whole
    number of 64-bit words. Counting a facet is then an AND and a popcount per word:
    about a millisecond for 322 entities over 110,000 articles, where a bool per pk cost
    50 ms a search for a common word's 69,000 articles, and 35 MB rather than 4.4."""
    entities: tuple
    bits: numpy.ndarray         # uint8, [entity, pk // 8]
    row_of: dict                # slug -> row

    def mentioned(self, row, articles):
        """Bool for each of the pks `articles`: it mentions entity `row`."""
        return (self.bits[row][articles >> 3] >> (7 - (articles & 7)) & 1).astype(bool)

    def counts(self, rows, articles):
        """For each entity of `rows`: how many of the (distinct) pks `articles` mention it.
        When few words hold one of `articles`, only those are read: a rare word's few
        hundred articles are in a fifth of the words, and copying every word of the 257
        places' rows (3.5 MB) was most of a rare word's facets, 1 ms a search."""
        chosen = numpy.zeros(self.bits.shape[1] * 8, dtype=bool)
        chosen[docsets.index(articles)] = True
        words = numpy.packbits(chosen).view(numpy.uint64)
        table = self.bits.view(numpy.uint64)
        used = numpy.flatnonzero(words)
        if len(used) * FEW_WORDS < len(words):
            return numpy.bitwise_count(table[numpy.ix_(rows, used)] & words[used]).sum(axis=1)
        return numpy.bitwise_count(table[rows] & words).sum(axis=1)


def docs_of(s, fieldname, term):
    return s.term_docs(fieldname, term)


def mentioning(s, item, size):
    """Bool by article pk: the article names `item` in one of its spellings."""
    has = numpy.zeros(size, dtype=bool)
    article = s.info.article_array
    for word in item.words:
        has[article[docs_of(s, "spell", word)]] = True
    for term in item.analysed:          # Cyrillic: every case form, by lemma or stem
        has[article[s.all_terms_docs(FIELDS, (term,))]] = True      # one lookup, both fields
    for terms in item.spellings:
        if len(terms) < 2:
            continue        # one word: found above
        # Several words: all in one paragraph (its document carries the headline too).
        has[article[s.all_terms_docs(FIELDS, terms)]] = True
    return has


def mentions(s, entities):
    """The generation's Mentions of `entities`, built once and kept."""
    def build():
        size = -(-len(s.info.outlet_by_article) // 64) * 64      # whole 64-bit words
        bits = numpy.zeros((len(entities), size // 8), dtype=numpy.uint8)
        for i, item in enumerate(entities):
            bits[i] = numpy.packbits(mentioning(s, item, size))
        return Mentions(entities, bits, {e.slug: i for i, e in enumerate(entities)})
    return s.memo("entities", limit=2).get_or_make(entities, build)


def entity_mask(found, articles, selected, excluded):
    """Which of the article pks `articles` mention every selected entity and no excluded
    one (None: no filter)."""
    if not selected and not excluded:
        return None
    keep = numpy.ones(len(articles), dtype=bool)
    for slug in selected:
        row = found.row_of.get(slug)
        keep &= found.mentioned(row, articles) if row is not None else False
    for slug in excluded:
        row = found.row_of.get(slug)
        if row is not None:
            keep &= ~found.mentioned(row, articles)
    return keep


def entity_counts(found, articles, kind, selected=(), excluded=()):
    """EntityCounts of one kind over the article pks `articles`: the SHOWN most
    mentioned, then any selected or excluded, most articles first."""
    rows = [i for i, e in enumerate(found.entities) if e.kind == kind]
    if not rows:
        return []
    counts = found.counts(rows, articles).tolist()
    listed = sorted(((-n, found.entities[i].name, i) for i, n in zip(rows, counts) if n))
    keep = {i for _n, _name, i in listed[:SHOWN]}
    keep |= {found.row_of[s] for s in (*selected, *excluded) if s in found.row_of}
    result = [EntityCount(found.entities[i].slug, found.entities[i].name, -n,
                          found.entities[i].slug in selected, found.entities[i].slug in excluded)
              for n, _name, i in listed if i in keep]
    result += [EntityCount(found.entities[i].slug, found.entities[i].name, 0,
                           found.entities[i].slug in selected, found.entities[i].slug in excluded)
               for i in sorted(keep - {i for _n, _name, i in listed})]
    return result


def text_mentions(headline, paragraphs, entities, language=""):
    """The entities an article names (its page), in gazetteer order: as the index finds
    them, a spelling's words all in one paragraph or its headline. `paragraphs`: texts or
    (text, language) pairs, each analysed in its language as the index does (the
    headline, and a paragraph without one, in the article's `language`; "": in each
    language the archive analyses)."""
    title = terms_read(headline, language)
    pairs = [part if isinstance(part, tuple) else (part, "") for part in paragraphs]
    parts = [title | terms_read(text, lang or language) for text, lang in pairs] or [title]
    every = set().union(*parts)
    return [e for e in entities
            if any(set(terms) <= every and any(set(terms) <= part for part in parts)
                   for terms in e.spellings)]


def terms_read(text, language):
    """The analysed terms of `text` in `language`, or in every analysed one ("")."""
    languages = (language,) if language else STEMMED
    return set().union(*(analyzed_terms(text, lang) for lang in languages))
