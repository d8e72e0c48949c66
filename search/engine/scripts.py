"""Across scripts: a Latin query word reaches Cyrillic text, and a Cyrillic one Latin text.

Latin to Cyrillic: at indexing, every Cyrillic term of an article (a Ukrainian lemma, a
Russian stem, an unstemmed word) is romanised both ways (transliteration.py), folded to
a key, and written as "key|term" in the article document's `scripts` field
(analysis.script_keys). A Latin query word's folded key is then a prefix lookup in that
field's lexicon, which names the Cyrillic terms to search: Kursk -> курськ, курський
(Ukrainian lemmas), курск (Russian stem); Zelensky -> зеленський, зеленск. (Scanning
the `text` lexicon for its Cyrillic terms instead took 4 s per index generation on the
Cyrillic corpora.) Only keys of four letters or more are used, so short words do not
meet by chance.

Cyrillic to Latin: the query word and its lemma or stem are romanised by both national
standards and analysed as English: Курськ -> kursk, Путін -> putin, Харкова -> kharkiv
(through the lemma харків).

Names whose spellings differ beyond transliteration (Kharkiv, Kharkov, Харків, Харьков)
are the variant table's (data/variants.tsv); these rules cover the words it does not.
"""
from bisect import bisect_left
from dataclasses import dataclass
from itertools import islice

from .analysis import SCRIPT_JOINER, SCRIPTS_FIELD, normalise, stem
from .transliteration import MIN_KEY, fold, is_cyrillic, romanise_ru, romanise_uk

MAX_TERMS = 12             # a key shared by more Cyrillic terms than this is too vague
# An archive of little Cyrillic text has a few hundred `scripts` terms in all: the
# generation keeps them in memory, and a Latin word's keys are looked up there instead of
# walking every segment's term index (two prefix walks over 17 segments were 1.3 ms of
# every one-word search at a million paragraphs, 37 terms in all). Past this many terms
# the reader is asked, as before; finding out costs at most about 2 ms a generation.
FEW_TERMS = 2000


def cyrillic_terms(searching, word):
    """The Cyrillic terms of the archive that the Latin `word` transliterates."""
    reader = searching.searcher.reader()
    if is_cyrillic(word) or SCRIPTS_FIELD not in reader.schema:   # an index built before
        return []
    plain = normalise(word)
    found = []
    for key in sorted({fold(plain), fold(stem(plain))}):
        if len(key) < MIN_KEY:
            continue
        prefix = key + SCRIPT_JOINER
        terms = [t[len(prefix):] for t in _prefixed(searching, reader, prefix)]
        if len(terms) <= MAX_TERMS:
            found += [t for t in terms if t not in found]
    return found


@dataclass(frozen=True)
class KeptTerms:
    terms: tuple | None     # the generation's `scripts` terms, sorted; None: too many


def _prefixed(searching, reader, prefix):
    """The `scripts` terms starting with `prefix`, in order (as reader.iter_prefix)."""
    kept = searching.cache.script_terms_or_make(lambda: _few_terms(reader))
    if kept.terms is None:
        return [_text(t) for t, _ in reader.iter_prefix(SCRIPTS_FIELD, prefix)]
    terms = kept.terms
    start = end = bisect_left(terms, prefix)
    while end < len(terms) and terms[end].startswith(prefix):
        end += 1
    return list(terms[start:end])


def _few_terms(reader):
    """KeptTerms of the reader: each segment's lexicon read apart (merging the segments'
    lexicons in Whoosh's MultiReader costs 50 times as much a term), until more than
    FEW_TERMS."""
    found = set()
    for segment, _offset in reader.leaf_readers():
        found.update(islice(segment.lexicon(SCRIPTS_FIELD), FEW_TERMS + 1))
        if len(found) > FEW_TERMS:
            return KeptTerms(None)
    return KeptTerms(tuple(sorted(_text(t) for t in found)))


def _text(term):
    return term.decode("utf-8") if isinstance(term, bytes) else term


def latin_terms(word, forms):
    """English terms for the Cyrillic `word`, from it and its analysed `forms` romanised."""
    if not is_cyrillic(word):
        return []
    spellings = {normalise(word)} | {f for f in forms if is_cyrillic(f)}
    found = []
    for spelling in sorted(spellings):
        for latin in (romanise_uk(spelling), romanise_ru(spelling)):
            term = stem(latin)
            if len(fold(term)) >= MIN_KEY and term not in found:
                found.append(term)
    return found


def shown_as(reader, term):
    """A word as written for a matched term: a Russian stem (зеленск) shows as a
    real form of it from the `spell` field (зеленский), a lemma as itself."""
    if ("spell", term) in reader:
        return term
    for word, _info in reader.iter_prefix("spell", term):
        return word.decode("utf-8") if isinstance(word, bytes) else word
    return term
