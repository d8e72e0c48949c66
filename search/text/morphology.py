"""Word forms to index terms, one analyser per language: a word only ever meets its own.

- English: Snowball (the Porter2 of NLTK and Whoosh), as the archive always did (analysis.py).
- Russian: Snowball's Russian stemmer through PyStemmer (C; 2.7 µs a word against 56 µs
  for Whoosh's pure-Python copy): Курской, Курская, Курске -> курск.
- Ukrainian: pymorphy3 with its Ukrainian dictionary, a real lemmatiser (Snowball has no
  Ukrainian): Курська, Курській, Курської -> курський; Харкова -> харків. About 60 µs a
  distinct word, paid once per spelling thanks to analysis.py's cache (the Ukrainian
  corpus of 350,000 words has 53,000 distinct ones: about 3 s for all of it). Its
  dictionary tags no place names, and reads Києві, Львові, Харкові first as forms of
  people's names (Кий, Львов, Харко): a reading as a thing is preferred to a person's
  name when there is one (Києві -> київ, Харкові -> харків; Путіна stays путін), and
  any reading to an imperative (війни -> війна, not війнути).
- Any other language: words are normalised (case, accents) but not stemmed.

Latin-script words in a Ukrainian or Russian paragraph (names, acronyms) are normalised
only; Cyrillic words in an English paragraph likewise: text in one language never goes
through another's stemmer. A query word is analysed for every language the archive holds
(analysis.query_forms), so it meets each paragraph's terms.
"""
from functools import lru_cache

from .transliteration import is_cyrillic

ENGLISH, UKRAINIAN, RUSSIAN = "en", "uk", "ru"
STEMMED = (ENGLISH, UKRAINIAN, RUSSIAN)
PERSON = {"Name", "Surn", "Patr"}    # pymorphy3's tags of a person's name
APOSTROPHE = "'"


@lru_cache(maxsize=1)
def _ukrainian():
    import pymorphy3        # loaded on first use: 0.1 s and 20 MB that English-only archives skip
    return pymorphy3.MorphAnalyzer(lang="uk")


@lru_cache(maxsize=1)
def _russian():
    import Stemmer
    return Stemmer.Stemmer("russian")


def lemma_uk(raw):
    """The Ukrainian lemma of `raw` (the word as written), apostrophes dropped."""
    written = raw.lower().replace("\u2019", APOSTROPHE).replace("\u02bc", APOSTROPHE)
    parses = _ukrainian().parse(written)
    # A reading as an imperative is the last a news text means, and it hid nouns: війни
    # (of the war, 807 times in the shared Ukrainian news) read as війнути, води as водити.
    parses = [p for p in parses if "impr" not in p.tag.grammemes] or parses
    chosen = parses[0]
    if PERSON & chosen.tag.grammemes:
        chosen = _not_a_name(parses) or chosen
    return chosen.normal_form.replace(APOSTROPHE, "")


def _not_a_name(parses):
    """The reading of a word first read as a person's name: as an adjective if it has one
    (a surname declined like one: українська, української, українську are all
    український, as Зеленського is зеленський), else as a thing (Києві is київ)."""
    adjective = next((p for p in parses if "ADJF" in p.tag.grammemes), None)
    return adjective or next((p for p in parses if {"NOUN", "inan"} <= p.tag.grammemes), None)


def stem_ru(word):
    return _russian().stemWord(word.replace("ё", "е"))


def is_stemmed_by(lang, word):
    """Whether `lang`'s analyser takes `word`: English Latin words, Ukrainian and
    Russian Cyrillic ones."""
    if lang == ENGLISH:
        return not is_cyrillic(word)
    if lang in (UKRAINIAN, RUSSIAN):
        return is_cyrillic(word)
    return False


@lru_cache(maxsize=1)
def _english():
    # NLTK's Snowball English stemmer: the very algorithm (and quirks) of the copy Whoosh
    # ships, which the archive's English index terms were always made with (equal on all
    # 256,146 distinct words of ../shared/corpora); Snowball's own current English stems
    # 76 of them otherwise (added -> add, organization -> organiz). Loaded on first use.
    from nltk.stem.snowball import EnglishStemmer
    return EnglishStemmer()


def stem_en(word):
    return _english().stem(word)
