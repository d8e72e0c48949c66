"""How news text becomes index terms: one analyzer for indexing and for queries.

Each text is analysed in its language (`analyze(text, lang)`, engine/morphology.py):
English as below, Ukrainian words lemmatised, Russian ones stemmed, other languages
only normalised. A query is read in every language the archive holds (`query_forms`).
What follows is the English analysis, unchanged since before languages.

`NewsAnalyzer(stem=True)` (the `text`, `headline` and `commentary` fields):
  words and numbers -> lower case -> accents folded (Zaporizhzhia = Zaporízhzhia)
  -> apostrophes normalised (Kyiv's = Kyiv’s = Kyiv; Pokrovs'k = Pokrovsk; don't = dont)
  -> a short list of stop words removed, positions RENUMBERED -> English (Snowball) stems.
`NewsAnalyzer(stem=False)` is the same without stop words and stems (the `authors` and
`spell` fields): "did you mean" corrects against real words, not stems ("goverment" ->
"government", where a stemmed field would offer "govern").

It is one Python pass rather than a chain of Whoosh filters because analysis is most of
the indexing time (a chain costs about 6 µs a word). It honours the keyword arguments
Whoosh's query parser and highlighter pass (positions, chars, tokenize, removestops,
no_morph, start_pos, start_char), so it behaves like the equivalent
`RegexTokenizer | LowercaseFilter | CharsetFilter(accent_map) | StopFilter | StemFilter`.

Stop words and phrases: stop words are dropped at index time and at query time with the
same analyzer, and positions are renumbered, so a phrase query sees the same word stream
the index saw: "Bank of England" is the phrase `bank england`, which matches the text
"Bank of England" (and, harmlessly, "bank in England"). The list is short on purpose:
it keeps "us" (the US), "may" (the month), "not", "will" and pronouns, which Whoosh's
default list drops.

`word_pairs(text)` gives the adjacent-pair terms of the `pairs` field ("prime_minist"),
built from the very same analyzed stream, so the query side can turn a two-word phrase
into one term lookup. Only pairs of two COMMON terms are indexed (search/engine/data/
common_terms.txt, 400 stems): those are the phrases whose position checks are slow
(long posting lists); a phrase with a rarer word is cheap as a Whoosh Phrase, because
the rare word's short posting list drives the intersection. Indexing every pair made
the index 4 times bigger and indexing 3 times slower. So, at query time:
`is_paired(a, b)` -> Term("pairs", a + "_" + b); otherwise a Phrase on the field.

Indexing analyses each text once (`analyze()`) and hands the fields PRE-ANALYZED values
(`pre_analyzed(terms)`: a marker character then the terms joined by spaces); the
analyzer passes such values through unchanged. Never build such values from user input.
"""
import re
from pathlib import Path

from whoosh.analysis import Token, Tokenizer
from whoosh.lang import stemmer_for_language
from whoosh.support.charset import accent_map

from . import morphology, transliteration
from .detection import detect
from .morphology import ENGLISH, RUSSIAN, UKRAINIAN

# Apostrophe-like characters that may sit inside a word (’ ‘ ʼ ` ´ and ').
APOSTROPHES = "'\u2019\u2018\u02bc`\u00b4"
# A word: letters/digits, possibly joined by apostrophes (Kyiv's, Pokrovs'k, O'Brien).
WORD = re.compile(rf"[^\W_]+(?:[{APOSTROPHES}][^\W_]+)*")
POSSESSIVE = re.compile(rf"[{APOSTROPHES}]s$")

# Only words that carry no meaning in any news query. Not "us", "may", "not", "will".
STOP_WORDS = frozenset(
    "a an and are as at be been but by for from had has have in is it its of on or "
    "that the their this to was were which with".split()
)

PAIR_JOINER = "_"
COMMON_TERMS = frozenset(
    line.strip() for line in
    (Path(__file__).parent / "data" / "common_terms.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
)
PRE_ANALYZED = "\x1e"   # marks a value whose terms are already analyzed
SCRIPTS_FIELD, SCRIPT_JOINER = "scripts", "|"

_FOLD = dict(accent_map)
_FOLD.update({ord(ch): None for ch in APOSTROPHES})
_stem_word = stemmer_for_language("en")
_stems = {}


def normalise(word):
    """Lower case, accents folded, possessive 's and apostrophes dropped."""
    word = POSSESSIVE.sub("", word.lower())
    return word.translate(_FOLD)


def stem(word):
    try:
        return _stems[word]
    except KeyError:
        if len(_stems) > 200_000:
            _stems.clear()
        result = _stems[word] = _stem_word(word)
        return result


class NewsAnalyzer(Tokenizer):
    """The whole analysis in one pass; see the module docstring."""

    def __init__(self, stem=True):
        self.stem = stem
        self.is_morph = stem

    def __eq__(self, other):
        return type(other) is type(self) and other.stem == self.stem

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True,
                 mode="", no_morph=False, **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.boost = 1.0
        if value.startswith(PRE_ANALYZED):
            for pos, text in enumerate(value[1:].split()):
                t.text, t.stopped, t.pos = text, False, start_pos + pos
                yield t
            return
        matches = WORD.finditer(value) if tokenize else [_Whole(value)]
        use_stops = self.stem and removestops
        use_stem = self.stem and not no_morph
        pos = start_pos
        for match in matches:
            word = normalise(match.group(0))
            if not word:
                continue
            if use_stops and word in STOP_WORDS:
                continue
            t.text = stem(word) if use_stem else word
            if keeporiginal:
                t.original = match.group(0)
            t.stopped = False
            t.pos = pos
            pos += 1
            if chars:
                t.startchar = start_char + match.start()
                t.endchar = start_char + match.end()
            yield t


class _Whole:
    """A stand-in regex match for tokenize=False: the whole value is one token."""

    def __init__(self, value):
        self.value = value

    def group(self, _):
        return self.value

    def start(self):
        return 0

    def end(self):
        return len(self.value)


def analyze(text, lang=ENGLISH):
    """One pass over `text` in language `lang`: (analyzed terms in order, set of plain words)."""
    terms, plain = [], set()
    known = _analysed.get(lang) or _analysed.setdefault(lang, {})
    for raw in WORD.findall(text or ""):
        found = known.get(raw)
        if found is None:
            found = _analyse_word(raw, lang, known)
        word, term = found
        if word:
            plain.add(word)
            if term is not None:
                terms.append(term)
    return terms, plain


# language -> {raw word -> (plain word, term or None for a stop word)}: news text repeats
# its words, so each distinct spelling is normalised and stemmed once (most of the
# indexing time). "" (not yet detected) is read as English, as before languages.
_analysed = {}


def _analyse_word(raw, lang, known):
    word = normalise(raw)
    found = (word, term_of(raw, word, lang) if word and word not in STOP_WORDS else None)
    if len(known) > 200_000:
        known.clear()
    known[raw] = found
    return found


def term_of(raw, word, lang):
    """The index term of one word (`raw` as written, `word` normalised) in language `lang`."""
    if not morphology.is_stemmed_by(lang or ENGLISH, word):
        return word
    if lang == UKRAINIAN:
        return morphology.lemma_uk(raw)
    if lang == RUSSIAN:
        return morphology.stem_ru(word)
    return stem(word)


def terms(text, lang=ENGLISH):
    """The analyzed terms of `text`, in order, as the `text` field indexes them."""
    return analyze(text, lang)[0]


def script_keys(terms_list):
    """The `scripts` field's "key|term" values for the Cyrillic terms among `terms_list`:
    how a Latin query word finds them (engine/scripts.py)."""
    found = set()
    for term in set(terms_list):
        if transliteration.is_cyrillic(term):
            found.update(key + SCRIPT_JOINER + term for key in transliteration.keys(term)
                         if len(key) >= transliteration.MIN_KEY)
    return found


def language_of(text, default=ENGLISH):
    """The language `text` is analysed in when nothing else says (engine/detection.py)."""
    return detect(text, default)


def query_forms(text, languages=(ENGLISH,)):
    """The term sequences `text` stands for in each of `languages` (those the archive
    holds), each once, English first: "Курська" -> [("курська",), ("курський",), ("курськ",)]."""
    found = []
    for lang in sorted(set(languages) or {ENGLISH}, key=_language_order):
        forms = tuple(terms(text, lang))
        if forms and forms not in found:
            found.append(forms)
    return found


def _language_order(lang):
    return (morphology.STEMMED + (lang,)).index(lang or ENGLISH)


def is_paired(a, b):
    """Whether the pair of analyzed terms a, b is indexed in the `pairs` field."""
    return a in COMMON_TERMS and b in COMMON_TERMS


def pairs_of(terms_list):
    """The indexed pairs among adjacent terms (both terms common), joined by "_"."""
    return [a + PAIR_JOINER + b for a, b in zip(terms_list, terms_list[1:]) if is_paired(a, b)]


def word_pairs(text):
    """Indexed adjacent pairs of `text`: "the Prime Minister's" -> ["prime_minist"]."""
    return pairs_of(terms(text))


def pre_analyzed(terms_list):
    """A field value the analyzer passes through as these terms (indexing only)."""
    return PRE_ANALYZED + " ".join(terms_list)
