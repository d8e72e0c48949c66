"""How a lexicon term meets the index: the index terms its inflected forms are analysed to,
and the dictionary forms a query word may be a form of.

A lexicon term is written in its dictionary form (війна, противовоздушная оборона), but the
index holds what the archive's analysis makes of each inflected form, and that is not
always the analysis of the dictionary form: pymorphy3's first reading of "війни" is the
verb війнути and of "танки" the noun танок (a dance), so those forms are indexed under
those lemmas; Snowball stems "огонь" to огон but "огня" to огн. So:
- `term_forms`: to search a Ukrainian or Russian term, each of its words is inflected
  through its paradigm (pymorphy3's lexeme; the Russian dictionary comes with pymorphy3)
  and each form analysed as text in that language is; the term stands for every
  combination of its words' analyses (at most MAX_FORMS). About 2 ms a word, so it is done
  for the terms a query is translated into, not for the whole lexicon at once.
- `readings`: to find the term a query word is a form of, the query word's readings are
  taken back to their dictionary forms, analysed ("війни" -> війнути and війна;
  "огня" -> огон), so the lexicon is keyed by each term's own analysis only.

English terms are analysed as written: Snowball joins the regular inflections, and the
irregular ones it does not join are written in the lexicon as terms of their own
(servicemen). Abbreviations (ЗСУ, ППО) and words the dictionaries do not know are taken as
written.
"""
import itertools
from functools import lru_cache

from . import analysis, morphology

MAX_FORMS = 8
CYRILLIC_ANALYSED = (morphology.UKRAINIAN, morphology.RUSSIAN)
# Comparative and superlative forms (pymorphy3 lists them in an adjective's lexeme) are not
# inflections a term's text takes: попротивовоздушнее is no form of противовоздушная.
DEGREES = {"COMP", "Supr", "Cmp2"}


def term_forms(text, lang, memo):
    """The analysed forms of the term `text` in `lang`, its own analysis first: tuples of
    analysed words ("війна" -> [("війна",), ("війнути",)]). `memo` is a dict the caller
    keeps across terms."""
    own = tuple(analysis.terms(text, lang))
    if lang not in CYRILLIC_ANALYSED or not own:
        return (own,) if own else ()
    per_word = [word_forms(raw, lang, memo) for raw in analysis.WORD.findall(text)]
    per_word = [forms for forms in per_word if forms]        # stop words have none
    combinations = itertools.islice(itertools.product(*per_word), MAX_FORMS)
    return tuple(dict.fromkeys(itertools.chain([own], combinations)))


@lru_cache(maxsize=20_000)
def paradigm(text, lang):
    """term_forms of `text` in `lang`, kept for the process: a query word's or a variant
    spelling's forms (Snowball stems Харьков to харьк and Харькова to харьков)."""
    return term_forms(text, lang, {})


def word_forms(raw, lang, memo):
    """The analyses of the word `raw` and of its inflected forms, its own first; () for a
    word the analysis drops."""
    key = (lang, raw)
    if key not in memo:
        memo[key] = _word_forms(raw, lang)
    return memo[key]


def _word_forms(raw, lang):
    own = analysis.terms(raw, lang)
    if not own or is_abbreviation(raw):
        return tuple(own)
    return tuple(dict.fromkeys(own + [term for form in inflections(raw, lang)
                                      for term in analysis.terms(form, lang)]))


def inflections(raw, lang):
    """The forms of the word `raw` in its dictionary's paradigm (none if it is unknown)."""
    analyser = morphological_analyser(lang)
    word = dictionary_spelling(raw)
    if not analyser.word_is_known(word):
        return []
    parses = analyser.parse(word)
    lemma = parses[0].normal_form
    return list(dict.fromkeys(form.word for parse in parses if parse.normal_form == lemma
                              for form in parse.lexeme if not DEGREES & form.tag.grammemes))


@lru_cache(maxsize=100_000)
def readings(word, lang):
    """The analysed dictionary forms of every reading of the query word `word` (as
    written or normalised) in `lang`, Ukrainian or Russian, the word's own first when it
    is one: "війни" -> ("війнути", "війна"); "міст" -> ("міст", "місто")."""
    if lang not in CYRILLIC_ANALYSED or is_abbreviation(word):
        return ()
    spelling = dictionary_spelling(word)
    lemmas = [p.normal_form for p in morphological_analyser(lang).parse(spelling)]
    lemmas.sort(key=lambda lemma: lemma != spelling)           # stable: the rest keep order
    found = (analysed_lemma(lemma, lang) for lemma in lemmas)
    return tuple(dict.fromkeys(term for term in found if term))


def analysed_lemma(lemma, lang):
    """A dictionary form as the lexicon keys it: a Ukrainian lemma as it is spelled (not
    re-lemmatised: міст stays міст), a Russian one stemmed."""
    if lang == morphology.UKRAINIAN:
        return analysis.normalise(lemma)
    terms = analysis.terms(lemma, lang)
    return terms[0] if terms else ""


def is_abbreviation(raw):
    """ЗСУ, ППО, БПЛА: written in capitals, and not inflected."""
    return raw.isupper() and len(raw) > 1


def dictionary_spelling(raw):
    """`raw` as pymorphy3's dictionaries spell it: lower case, the typewriter apostrophe."""
    return raw.lower().replace("\u2019", "'").replace("\u02bc", "'")


def morphological_analyser(lang):
    """pymorphy3's analyser of Ukrainian or Russian, loaded once."""
    if lang == morphology.UKRAINIAN:
        return morphology._ukrainian()        # the archive's own, loaded once
    return _russian()


@lru_cache(maxsize=1)
def _russian():
    import pymorphy3        # its Russian dictionary is a dependency of pymorphy3 itself
    return pymorphy3.MorphAnalyzer(lang="ru")
