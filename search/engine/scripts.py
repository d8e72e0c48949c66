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
from ..text.analysis import SCRIPT_JOINER, normalise, stem
from ..text.transliteration import MIN_KEY, fold, is_cyrillic, romanise_ru, romanise_uk

SCRIPTS = "scripts"        # the index field of "key|term" values (analysis.script_keys)
MAX_TERMS = 12             # a key shared by more Cyrillic terms than this is too vague


def cyrillic_terms(searching, word):
    """The Cyrillic terms of the archive that the Latin `word` transliterates."""
    if is_cyrillic(word):
        return []
    plain = normalise(word)
    found = []
    for key in sorted({fold(plain), fold(stem(plain))}):
        if len(key) < MIN_KEY:
            continue
        prefix = key + SCRIPT_JOINER
        terms = [t[len(prefix):] for t in searching.prefix_terms(SCRIPTS, prefix)]
        if len(terms) <= MAX_TERMS:
            found += [t for t in terms if t not in found]
    return found


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


def shown_as(searching, term):
    """A word as written for a matched term: a Russian stem (зеленск) shows as a
    real form of it from the `spell` field (зеленский), a lemma as itself."""
    if searching.has_term("spell", term):
        return term
    for word, _frequency in searching.prefix_frequencies("spell", term):
        return word
    return term
