"""Query translation with the domain lexicon: each word reaches the other two languages.

An analyst types "drone attack" and wants the Ukrainian and Russian reporting too. Each
plain word of the query (not quoted, not in a field) is looked up in the lexicon
(search/text/lexicon.py) in its own language (text/word_languages.py: Latin is English,
Cyrillic Ukrainian and/or Russian), longest term first, and the concept's terms in the
other two languages are added to that word's synonym set (synonyms.py, matching.py):

- a word is translated on its own ("drone" -> дрон, безпілотник, БПЛА, беспилотник);
- a run of words that is a lexicon term ("air defense") is translated as that term, and
  its translations (протиповітряна оборона, ППО, ПВО: multi-word ones as phrases) join
  the set of EACH word of the run, so a Ukrainian paragraph saying ППО answers both
  "air" and "defense", as an English one must say both words.

What is added is said to the reader per language (finding.py) and glossed beside the
matches (the concept's English label: "дрон = drone").
"""
from dataclasses import dataclass
from functools import lru_cache

from ..text import lexicon as lexicon_data
from ..text.analysis import normalise, terms as analysed_terms
from ..text.word_languages import is_ordinary_english, languages_of


@dataclass(frozen=True)
class Added:
    """One lexicon term a query word was translated into."""
    lang: str               # its language
    text: str               # as the lexicon writes it: "протиповітряна оборона"
    forms: tuple            # the analysed forms it is searched as (tuples of index terms)
    label: str              # its concept's English label ("air defense"): the gloss


@lru_cache(maxsize=1)
def shipped():
    """The lexicon the project ships (search/text/data/lexicon*.tsv), loaded once."""
    return lexicon_data.load()


def prepare():
    """Load what translating a query needs (the lexicon, the Russian and Ukrainian
    dictionaries, the English one): a worker's warm-up, not its first search, pays."""
    shipped()
    languages_of("дрон")
    is_ordinary_english("drone")


def word_translations(lexicon, words):
    """For each of the query's plain words (as typed), the Added terms of its own
    translation and of the longest lexicon term it is part of, each once."""
    added = [[] for _ in words]
    for start, end, found in spans(lexicon, words):
        for i in range(start, end):
            added[i] += found
        if end - start > 1:         # each word of a run on its own too
            for i in range(start, end):
                added[i] += [a for s, e, alone in spans(lexicon, words[i:i + 1])
                             for a in alone]
    return [tuple(dict.fromkeys(found)) for found in added]


def whole_translations(lexicon, words):
    """The Added terms of a lexicon term that is all of `words` (a hyphenated word)."""
    return tuple(dict.fromkeys(a for start, end, found in spans(lexicon, words)
                               if (start, end) == (0, len(words)) for a in found))


def spans(lexicon, words):
    """[(start, end, [Added])] of the lexicon terms among `words`, in each language the
    words may be in, longest first (Lexicon.translations)."""
    found = []
    for lang in dict.fromkeys(lang for w in words for lang in languages_of(w)):
        analysed, plain = read_in(words, lang)
        for translation in lexicon.translations(analysed, lang, plain):
            found.append((translation.start, translation.end,
                          added_terms(lexicon, translation.concepts, lang)))
    return found


def read_in(words, lang):
    """(analysed words, plain words) of `words` read in `lang`; a word that is not in it
    (or analyses to more or fewer than one term) is "", which no term has."""
    analysed, plain = [], []
    for word in words:
        terms = analysed_terms(word, lang) if lang in languages_of(word) else []
        one = len(terms) == 1
        analysed.append(terms[0] if one else "")
        plain.append((normalise(word) if lang == "en" else word) if one else "")
    return analysed, plain


def added_terms(lexicon, concepts, lang):
    """The Added terms of `concepts` in the languages other than `lang`, each text once."""
    found, seen = [], set()
    for concept in concepts:
        for other in lexicon_data.LANGUAGES:
            if other == lang:
                continue
            for term in concept.terms_in(other):
                if (other, term.text.lower()) not in seen:
                    seen.add((other, term.text.lower()))
                    found.append(Added(other, term.text, lexicon.forms(term), concept.label))
    return found
