"""The index terms a lexicon term stands for: its own analysis, and the analyses of its
inflected forms where they differ.

A lexicon term is written in its dictionary form (війна, противовоздушная оборона), but the
index holds what the archive's analysis makes of each inflected form, and that is not
always the analysis of the dictionary form: pymorphy3's first reading of "війни" is the
verb війнути and of "танки" the noun танок (a dance), so those forms are indexed under
those lemmas; Snowball stems "огонь" to огон but "огня" to огн. So each Ukrainian and
Russian word of a term is inflected through its paradigm (pymorphy3's lexeme; the Russian
dictionary comes with pymorphy3) and each form is analysed as text in that language is.
A term then stands for every combination of its words' analyses (at most MAX_FORMS).

English terms are analysed as written: Snowball joins the regular inflections, and the
irregular ones it does not join are written in the lexicon as terms of their own
(servicemen). Abbreviations (ЗСУ, ППО) and words the dictionaries do not know are taken as
written.
"""
import itertools
from functools import lru_cache

# Written against today's modules; issue 21 moves them to search/text/ (then: from . import ...).
from search.engine import analysis, morphology

MAX_FORMS = 8
# Comparative and superlative forms (pymorphy3 lists them in an adjective's lexeme) are not
# inflections a term's text takes: попротивовоздушнее is no form of противовоздушная.
DEGREES = {"COMP", "Supr", "Cmp2"}


def term_forms(text, lang, memo):
    """The analysed forms of the term `text` in `lang`, its own analysis first: tuples of
    analysed words ("протиповітряна оборона" -> [("протиповітряний", "оборона"), ...]).
    `memo` is a dict kept by the caller across the terms of one lexicon."""
    own = tuple(analysis.terms(text, lang))
    if lang not in (morphology.UKRAINIAN, morphology.RUSSIAN) or not own:
        return (own,) if own else ()
    per_word = [word_forms(raw, lang, memo) for raw in analysis.WORD.findall(text)]
    per_word = [forms for forms in per_word if forms]        # stop words have none
    combinations = itertools.islice(itertools.product(*per_word), MAX_FORMS)
    return tuple(dict.fromkeys(itertools.chain([own], combinations)))


def word_forms(raw, lang, memo):
    """The analyses of the word `raw` and of its inflected forms, its own first; () for a
    word the analysis drops."""
    key = (lang, raw)
    if key not in memo:
        memo[key] = _word_forms(raw, lang)
    return memo[key]


def _word_forms(raw, lang):
    own = analysis.terms(raw, lang)
    if not own:
        return ()
    if raw.isupper() and len(raw) > 1:
        return tuple(own)                 # an abbreviation: ЗСУ, ППО, БПЛА do not inflect
    analyse = morphology.lemma_uk if lang == morphology.UKRAINIAN else _stem_ru
    return tuple(dict.fromkeys(own + [analyse(form) for form in inflections(raw, lang)]))


def _stem_ru(form):
    return morphology.stem_ru(analysis.normalise(form))


def inflections(raw, lang):
    """The forms of the word `raw` in its dictionary's paradigm (none if it is unknown)."""
    analyser = morphological_analyser(lang)
    word = raw.lower().replace("\u2019", "'").replace("\u02bc", "'")
    if not analyser.word_is_known(word):
        return []
    parses = analyser.parse(word)
    lemma = parses[0].normal_form
    return [form.word for parse in parses if parse.normal_form == lemma
            for form in parse.lexeme if not DEGREES & form.tag.grammemes]


def morphological_analyser(lang):
    """pymorphy3's analyser of Ukrainian or Russian, loaded once."""
    if lang == morphology.UKRAINIAN:
        # the archive's own Ukrainian analyser, loaded once (private today; issue 21 moves
        # morphology here, where it is this package's own)
        return morphology._ukrainian()
    return _russian()


@lru_cache(maxsize=1)
def _russian():
    import pymorphy3        # its Russian dictionary is a dependency of pymorphy3 itself
    return pymorphy3.MorphAnalyzer(lang="ru")
