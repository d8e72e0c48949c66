"""The domain lexicon: the war's concepts with their English, Ukrainian and Russian terms,
and the lookup with which a query is translated.

The lexicon is data (data/lexicon*.tsv, one concept a line: `domain<TAB>en:term<TAB>
uk:term<TAB>ru:term ...`; each file's first comment block gives the format and the rules).
Each term is analysed as text in its language is (English Snowball stems, Ukrainian
lemmas, Russian stems), and the lexicon is keyed by that analysis.

`Lexicon.translations(words, lang, plain)` reads a query's analysed words left to right and
takes the longest term that starts at each word ("air defense" before "air"): per matched
span, the concept(s), their terms in the other languages and the index terms those are
searched as (Pirkola's structured query: the engine makes one synonym set of them).

`plain`, the query's words as typed (English ones normalised as the analysis does), in
step with `words` (stop words left out as the analysis leaves them out; `query_words`
gives both, `Lexicon.translate(text, lang)` does it all), makes the lookup more exact, in
two ways:
- Ukrainian and Russian: a query word also reaches the terms of the dictionary forms of its
  other readings (term_forms.readings): the analysis reads "війни" as the verb війнути,
  but війна is among its readings.
- English: Snowball joins words the press keeps apart ("shell" of shelling, "mobil" of
  mobilization and mobile, "prison" of prisoner), so a query word reaches a term only as
  the term's own word or a regular inflection of it (drones, shelled, casualties): "mobile"
  is not mobilization.
Without `plain` the analysed words are looked up as they are.
"""
import dataclasses
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from . import analysis
from .term_forms import readings, term_forms

LANGUAGES = ("en", "uk", "ru")
NAMES = {"en": "English", "uk": "Ukrainian", "ru": "Russian"}
DOMAINS = ("military", "security", "politics", "diplomacy", "law", "economy", "energy",
           "humanitarian", "society", "media", "geography")
DATA = Path(__file__).resolve().parent / "data"
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
MAX_KEYS = 16          # readings of a span of query words tried, at most
# Letters only one of the two languages has: a term holding the other's is mislabelled.
NOT_IN = {"uk": set("ыэёъ"), "ru": set("іїєґ")}


class LexiconError(ValueError):
    """A malformed line of a lexicon file; the message names the file and the line."""


@dataclass(frozen=True)
class Term:
    lang: str
    text: str             # as the lexicon writes it: "протиповітряна оборона"
    words: tuple          # its analysed words: ("протиповітряний", "оборона")
    plain: tuple = ()     # English: its normalised words without stop words ("prisoner", "war")


@dataclass(frozen=True)
class Concept:
    domain: str
    terms: tuple          # Terms in the file's order
    where: str            # "lexicon.tsv line 12"

    def terms_in(self, lang):
        return tuple(term for term in self.terms if term.lang == lang)

    @property
    def label(self):
        """The concept's first English term: "drone"."""
        return self.terms_in("en")[0].text


@dataclass(frozen=True)
class Translation:
    """Query words start..end are a lexicon term: its concepts and, per other language,
    their terms (each text once) and the index terms to search them as (each once)."""
    start: int
    end: int
    concepts: tuple
    terms: dict           # language -> tuple of Terms
    forms: dict           # language -> tuple of analysed forms (tuples of index terms)


class Lexicon:
    def __init__(self, concepts):
        self._proper = proper_keys(concepts)
        self.concepts = tuple(own_spelling_keys(concepts, self._proper))
        self._entries = entries_of(self.concepts)   # lang -> analysed words -> [(concept, term)]
        self._longest = {lang: longest_from(entries)  # lang -> first word -> longest term's length
                         for lang, entries in self._entries.items()}
        self._forms = {}                             # the inflections' analyses, by word

    def concepts_of(self, words, lang, plain=None):
        """The concepts with a term in `lang` whose analysed words are `words` (given the
        plain English words, a term whose words they inflect), each once."""
        found = self._entries.get(lang, {}).get(tuple(words), ())
        if plain is not None and lang == "en":
            found = [(c, t) for c, t in found if all(map(inflects, plain, t.plain))]
        return tuple(dict.fromkeys(concept for concept, _ in found))

    def translate(self, text, lang):
        """The Translations of the query `text` in `lang` (its words analysed here)."""
        words, plain = query_words(text, lang)
        return self.translations(words, lang, plain)

    def translations(self, words, lang, plain=None):
        """The longest terms among the analysed query `words` in `lang`, left to right,
        as Translations into the other languages (see the module docstring for `plain`)."""
        choices = word_choices(words, lang, plain)
        found, i = [], 0
        while i < len(words):
            longest = max(self._longest.get(lang, {}).get(word, 0) for word in choices[i])
            for end in range(min(len(words), i + longest), i, -1):
                concepts = self._span_concepts(choices[i:end], lang, plain and plain[i:end])
                if concepts:
                    found.append(self._translation(i, end, concepts, lang))
                    i = end
                    break
            else:
                i += 1
        return found

    def _span_concepts(self, choices, lang, plain):
        for key in itertools.islice(itertools.product(*choices), MAX_KEYS):
            concepts = self.concepts_of(key, lang, plain if lang == "en" else None)
            if concepts:
                return concepts
        return ()

    def _translation(self, start, end, concepts, lang):
        terms = other_terms(concepts, lang)
        forms = {other: tuple(dict.fromkeys(form for term in found for form in self.forms(term)))
                 for other, found in terms.items()}
        return Translation(start, end, concepts, terms, forms)

    def forms(self, term):
        """The analysed forms `term` is searched as: its own, then its inflections' others,
        but for those that are another term's own spelling (an inflection of міст, a
        bridge, is analysed as місто, a city: searching it would find every city)."""
        found = (term.words, *term_forms(term.text, term.lang, self._forms))
        return tuple(dict.fromkeys(form for form in found
                                   if form == term.words or (term.lang, form) not in self._proper))


def entries_of(concepts):
    """Language -> analysed words -> [(concept, term)] of every term of `concepts`."""
    entries = {lang: {} for lang in LANGUAGES}
    for concept in concepts:
        for term in concept.terms:
            entries[term.lang].setdefault(term.words, []).append((concept, term))
    return entries


def longest_from(entries):
    """First analysed word -> the length of the longest term that starts with it."""
    longest = {}
    for words in entries:
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return longest


def spelled(term):
    """The term's words as written, normalised, without stop words: ("міст",)."""
    return tuple(word for word in map(analysis.normalise, analysis.WORD.findall(term.text))
                 if word not in analysis.STOP_WORDS)


def proper_keys(concepts):
    """(language, analysed words) of every Ukrainian term analysed as it is spelled: the
    words the lemmatiser takes as themselves."""
    return {("uk", term.words) for concept in concepts for term in concept.terms_in("uk")
            if term.words == spelled(term)}


def own_spelling_keys(concepts, proper):
    """The concepts with each Ukrainian word that the lemmatiser reads as a form of
    another term (міст as a form of місто, a city) keyed by its own spelling instead, the
    lemma its other inflections get (мосту, мости -> міст)."""
    for concept in concepts:
        others = proper - proper_keys([concept])
        terms = tuple(dataclasses.replace(term, words=spelled(term))
                      if term.lang == "uk" and len(term.words) == 1
                      and ("uk", term.words) in others and term.words != spelled(term) else term
                      for term in concept.terms)
        yield dataclasses.replace(concept, terms=terms)


def query_words(text, lang):
    """The analysed words of the query `text` in `lang` and, in step with them, its plain
    words (stop words left out, as the analysis leaves them out): English words
    normalised, Ukrainian and Russian ones as written (their readings need the spelling)."""
    words, plain, analysed_word = [], [], analysis.words_of(lang)
    for raw in analysis.WORD.findall(text):
        word, term = analysed_word(raw)
        if term is not None:
            words.append(term)
            plain.append(word if lang == "en" else raw)
    return words, plain


def word_choices(words, lang, plain):
    """Per query word, the analysed words it may stand for: itself, then (Ukrainian and
    Russian, given its plain form) the dictionary forms of its other readings; first of
    all the word as written when it is itself a dictionary form (міст, not місто)."""
    if plain is None or lang == "en":
        return [(word,) for word in words]
    choices = []
    for word, raw in zip(words, plain):
        read = readings(raw, lang)
        own = read[:1] if read and read[0] == analysis.normalise(raw) else ()
        choices.append(tuple(dict.fromkeys((*own, word, *read))))
    return choices


def other_terms(concepts, lang):
    """Language -> the concepts' terms in it, each text once, for the languages but `lang`."""
    terms = {}
    for other in LANGUAGES:
        if other != lang:
            seen = {term.text.lower(): term for c in concepts for term in c.terms_in(other)}
            terms[other] = tuple(seen.values())
    return terms


def inflects(word, lemma):
    """Whether the English `word` is `lemma` or a regular inflection of it (drones,
    shelled, shelling, casualties, mobilised)."""
    if word == lemma:
        return True
    base = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma + "s", lemma + "es", lemma + "d", lemma + "ed", lemma + "ing",
             base + "ing", base + "ed", lemma + lemma[-1:] + "ed", lemma + lemma[-1:] + "ing"}
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied"})
    return word in forms


def load(paths=None):
    """The Lexicon of `paths` (default: every data/lexicon*.tsv)."""
    paths = sorted(DATA.glob("lexicon*.tsv")) if paths is None else paths
    concepts = []
    for path in paths:
        with open(path, encoding="utf-8") as lines:
            concepts.extend(parse(lines, Path(path).name))
    return Lexicon(concepts)


def parse(lines, source):
    """The Concepts of a lexicon file's lines; LexiconError naming `source` and the line
    at the first malformed one."""
    concepts = []
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{source} line {number}"
        try:
            concepts.append(concept_of(line.split("\t"), where))
        except LexiconError as error:
            raise LexiconError(f"{where}: {error}") from None
    return concepts


def concept_of(fields, where):
    """The Concept of one line's tab-separated fields."""
    domain, *tagged = [field.strip() for field in fields]
    if domain not in DOMAINS:
        raise LexiconError(f"unknown domain {domain!r} (one of: {', '.join(DOMAINS)})")
    terms, seen = [], set()
    for lang, text in map(language_and_text, filter(None, tagged)):
        if (lang, text.lower()) in seen:
            raise LexiconError(f"{lang}:{text} is listed twice")
        seen.add((lang, text.lower()))
        terms.append(term_of(lang, text))
    missing = [NAMES[lang] for lang in LANGUAGES if not any(t.lang == lang for t in terms)]
    if missing:
        raise LexiconError(f"no {' and no '.join(missing)} term "
                           "(each concept needs en:, uk: and ru: terms)")
    return Concept(domain, tuple(terms), where)


def language_and_text(tagged):
    """("uk", "дрон") of "uk:дрон"; LexiconError for a term without a known language."""
    lang, colon, text = tagged.partition(":")
    if not colon or lang not in LANGUAGES:
        raise LexiconError(f"{tagged!r} does not start with a language "
                           "(write en:, uk: or ru: before each term)")
    text = " ".join(text.split())
    if not text:
        raise LexiconError(f"{tagged!r} is an empty term")
    wrong = CYRILLIC.search(text) if lang == "en" else NOT_IN[lang] & set(text.lower())
    if wrong:
        raise LexiconError(f"{tagged!r} has letters that are not {NAMES[lang]}")
    return lang, text


def term_of(lang, text):
    """The Term of `text` in `lang`; LexiconError if the search would drop all its words."""
    words = tuple(analysis.terms(text, lang))
    if not words:
        raise LexiconError(f"{lang}:{text} has no word the search analyses (only stop words?)")
    plain = ()
    if lang == "en":
        plain = tuple(w for w in map(analysis.normalise, analysis.WORD.findall(text))
                      if w not in analysis.STOP_WORDS)
    return Term(lang, text, words, plain)
