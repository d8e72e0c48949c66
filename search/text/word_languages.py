"""Which language a query word is in, and whether it is an ordinary English word.

A query word is translated from its own language (lexicon.py) and ranked toward documents
in that language (engine/language_ranking.py), so the engine asks here:

- `languages_of(word)`: Latin letters are English; Cyrillic letters are Ukrainian or
  Russian by the letters only one of them has (і ї є ґ and the apostrophe, against ы э ё ъ),
  else by which dictionary knows the word (pymorphy3's Ukrainian and Russian ones: обстріл
  is Ukrainian, беспилотник Russian, дрон and танки both), else both.
- `is_ordinary_english(word)`: whether the word is in an English dictionary (lemminflect's,
  which knows every inflection of a word: drones, struck, crimes), so that it is never
  taken for a transliterated name: crime is not Крим, tank not танк. Names are not in it
  (Kharkiv, Crimea, Zelensky, Kyiv, Bakhmut are not), whatever their spelling.
- `is_function_word(word)`: whether a Cyrillic word is a preposition, conjunction,
  particle, pronoun, interjection or numeral, never a name (крім is "except", not Krim).
"""
from functools import lru_cache

from .morphology import ENGLISH, RUSSIAN, UKRAINIAN
from .term_forms import dictionary_spelling, morphological_analyser
from .transliteration import is_cyrillic

ONLY_UKRAINIAN = set("іїєґ'\u2019\u02bc")
ONLY_RUSSIAN = set("ыэёъ")
CYRILLIC_LANGUAGES = (UKRAINIAN, RUSSIAN)


@lru_cache(maxsize=20_000)
def languages_of(word):
    """The languages the query word `word` (as typed) may be in: ("en",) for a Latin
    word, ("uk",), ("ru",) or ("uk", "ru") for a Cyrillic one, () for no letters."""
    if not any(ch.isalpha() for ch in word):
        return ()
    if not is_cyrillic(word):
        return (ENGLISH,)
    letters = set(word.lower())
    if letters & ONLY_UKRAINIAN and not letters & ONLY_RUSSIAN:
        return (UKRAINIAN,)
    if letters & ONLY_RUSSIAN and not letters & ONLY_UKRAINIAN:
        return (RUSSIAN,)
    known = tuple(lang for lang in CYRILLIC_LANGUAGES if is_known(word, lang))
    return known or CYRILLIC_LANGUAGES


def is_known(word, lang):
    """Whether `lang`'s dictionary (pymorphy3) holds the Cyrillic `word`."""
    return morphological_analyser(lang).word_is_known(dictionary_spelling(word))


# Parts of speech (pymorphy3's) of words that are never a name: prepositions, conjunctions,
# particles, pronouns, interjections, numerals.
FUNCTION_POS = {"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "NUMR"}


@lru_cache(maxsize=20_000)
def is_function_word(word):
    """Whether the Cyrillic `word` is read first as a function word in Ukrainian or in
    Russian (крім, "except", which the German Krim romanises to)."""
    spelling = dictionary_spelling(word)
    return any(analyser.word_is_known(spelling)
               and analyser.parse(spelling)[0].tag.POS in FUNCTION_POS
               for analyser in map(morphological_analyser, CYRILLIC_LANGUAGES))


@lru_cache(maxsize=1)
def _lemmas():
    import lemminflect      # loaded on first use: 1 MB of tables, about 0.1 s
    return lemminflect.getAllLemmas


@lru_cache(maxsize=20_000)
def english_lemmas(word):
    """The dictionary forms of the Latin `word` (lower case), each once: drones ->
    ("drone",), struck -> ("strike",); () for a word no English dictionary holds."""
    if not word or is_cyrillic(word):
        return ()
    return tuple(dict.fromkeys(lemma for lemmas in _lemmas()(word).values()
                               for lemma in lemmas))


def is_ordinary_english(word):
    """Whether the Latin `word` (lower case) is a word of the English dictionary, in any
    of its inflections."""
    return bool(english_lemmas(word))
