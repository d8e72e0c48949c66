"""Across scripts: a Latin query word reaches Cyrillic text, and a Cyrillic one Latin text.

Latin to Cyrillic: every Cyrillic term of the `text` field (a Ukrainian lemma, a Russian
stem, an unstemmed word) is romanised both ways (transliteration.py) and folded to a
key, once per index generation; a Latin query word's folded key then names the Cyrillic
terms to search: Kursk -> курськ, курський (Ukrainian lemmas), курск (Russian stem);
Zelensky -> зеленський, зеленск. Only keys of four letters or more are used, so short
words do not meet by chance.

Cyrillic to Latin: the query word and its lemma or stem are romanised by both national
standards and analysed as English: Курськ -> kursk, Путін -> putin, Харкова -> kharkiv
(through the lemma харків).

Names whose spellings differ beyond transliteration (Kharkiv, Kharkov, Харків, Харьков)
are the variant table's (data/variants.tsv); these rules cover the words it does not.
"""
from .analysis import normalise, stem
from .transliteration import fold, is_cyrillic, keys, romanise_ru, romanise_uk

MIN_KEY = 4
MAX_TERMS = 12             # a key shared by more Cyrillic terms than this is too vague
FIRST_CYRILLIC, LAST_CYRILLIC = "\u0400", "\u052f"


def cyrillic_keys(reader, fieldname="text"):
    """{folded key: [Cyrillic terms of the field]} for the reader's generation."""
    found = {}
    for term, _info in reader.iter_field(fieldname, FIRST_CYRILLIC):
        term = term.decode("utf-8") if isinstance(term, bytes) else term
        if term[:1] > LAST_CYRILLIC:
            break
        for key in keys(term):
            if len(key) >= MIN_KEY:
                found.setdefault(key, []).append(term)
    return found


def cyrillic_terms(searching, word):
    """The Cyrillic terms of the `text` field that the Latin `word` transliterates."""
    if is_cyrillic(word):
        return []
    key_map = searching.cache.cross_script.get_or_make(
        "text", lambda: cyrillic_keys(searching.searcher.reader()))
    plain = normalise(word)
    found = []
    for key in {fold(plain), fold(stem(plain))}:
        terms = key_map.get(key, ()) if len(key) >= MIN_KEY else ()
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


def shown_as(reader, term):
    """A word as written for a matched term: a Russian stem (зеленск) shows as a
    real form of it from the `spell` field (зеленский), a lemma as itself."""
    if ("spell", term) in reader:
        return term
    for word, _info in reader.iter_prefix("spell", term):
        return word.decode("utf-8") if isinstance(word, bytes) else word
    return term
