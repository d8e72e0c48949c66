"""How news text becomes index terms: one analyzer for indexing and for queries.

Each text is analysed in its language (`analyze(text, lang)`, engine/morphology.py):
English as below, Ukrainian words lemmatised, Russian ones stemmed, other languages
only normalised. A query is read in every language the archive holds (`query_forms`).
What follows is the English analysis, unchanged since before languages.

Each word: letters and digits -> lower case -> accents folded (Zaporizhzhia = Zaporízhzhia)
-> apostrophes normalised (Kyiv's = Kyiv’s = Kyiv; Pokrovs'k = Pokrovsk; don't = dont)
-> a short list of stop words removed -> English (Snowball) stems. Plain words (the
index's `authors` and `spell` fields) are the same without stop words and stems: "did
you mean" corrects against real words, not stems ("goverment" -> "government", where a
stemmed field would offer "govern"). The index's Whoosh analyzer (search/index/
analyzer.py) runs these very functions, for indexing and for Whoosh's own parsers.

Stop words and phrases: stop words are dropped at index time and at query time with the
same analyzer, and positions are renumbered, so a phrase query sees the same word stream
the index saw: "Bank of England" is the phrase `bank england`, which matches the text
"Bank of England" (and, harmlessly, "bank in England"). The list is short on purpose:
it keeps "us" (the US), "may" (the month), "not", "will" and pronouns, which Whoosh's
default list drops.

`word_pairs(text)` gives the adjacent-pair terms of the `pairs` field ("prime_minist"),
built from the very same analyzed stream, so the query side can turn a two-word phrase
into one term lookup. Only pairs of two COMMON terms are indexed (search/text/data/
common_terms.txt, 400 stems): those are the phrases whose position checks are slow
(long posting lists); a phrase with a rarer word is cheap as a Whoosh Phrase, because
the rare word's short posting list drives the intersection. Indexing every pair made
the index 4 times bigger and indexing 3 times slower. So, at query time:
`is_paired(a, b)` -> Term("pairs", a + "_" + b); otherwise a Phrase on the field.

Plain Python, no Whoosh: the folding table is Whoosh's accent_map kept as data
(data/accents.tsv), and the English stemmer is the one Whoosh's was (morphology.py).
"""
import re
from functools import lru_cache
from pathlib import Path

from . import morphology, transliteration
from .detection import detect
from .morphology import ENGLISH, RUSSIAN, STEMMED, UKRAINIAN

# Apostrophe-like characters that may sit inside a word (’ ‘ ʼ ` ´ and ').
APOSTROPHES = "'\u2019\u2018\u02bc`\u00b4"
# A word: letters/digits, possibly joined by apostrophes (Kyiv's, Pokrovs'k, O'Brien).
WORD = re.compile(rf"[^\W_]+(?:[{APOSTROPHES}][^\W_]+)*")
POSSESSIVE = re.compile(rf"[{APOSTROPHES}]s$")


def whole_word_spans(text, word):
    """Where `word` (a WORD match) stands in `text` as WORD reads it: not inside a longer
    word, nor joined to one by an apostrophe ("Kyiv" is not in "Kyiv's"). The same
    reading as WORD.finditer, found with str.find (the highlighter's marked words)."""
    found, start = [], text.find(word)
    while start != -1:
        end = start + len(word)
        if _word_ends(text, start - 1, -1) and _word_ends(text, end, 1):
            found.append((start, end))
        start = text.find(word, start + 1)
    return found


def _word_ends(text, i, step):
    """Whether the character at `i`, just outside a word, does not carry it on as WORD
    would: no letter or digit ([^\\W_] is exactly str.isalnum), nor an apostrophe with one
    beyond it (`step` away from the word)."""
    if not 0 <= i < len(text):
        return True
    if text[i].isalnum():
        return False
    beyond = i + step
    return not (text[i] in APOSTROPHES and 0 <= beyond < len(text) and text[beyond].isalnum())

# Only words that carry no meaning in any news query. Not "us", "may", "not", "will".
STOP_WORDS = frozenset(
    "a an and are as at be been but by for from had has have in is it its of on or "
    "that the their this to was were which with".split()
)

DATA = Path(__file__).parent / "data"
PAIR_JOINER = "_"
COMMON_TERMS = frozenset(
    line.strip() for line in
    (DATA / "common_terms.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
)
SCRIPT_JOINER = "|"      # "key|term": a Cyrillic term under a Latin key (script_keys)


def _folding_table():
    """Accented letter -> plain (data/accents.tsv), apostrophes -> nothing."""
    table = {}
    for line in (DATA / "accents.tsv").read_text().splitlines():
        if line and not line.startswith("#"):
            char, folded = line.split("\t")
            table[int(char, 16)] = "".join(chr(int(c, 16)) for c in folded.split())
    table.update({ord(ch): None for ch in APOSTROPHES})
    return table


_FOLD = _folding_table()


def normalise(word):
    """Lower case, accents folded, possessive 's and apostrophes dropped."""
    word = POSSESSIVE.sub("", word.lower())
    return word.translate(_FOLD)


@lru_cache(maxsize=200_000)     # news text repeats its words: each is stemmed once
def stem(word):
    """The English stem of a normalised word."""
    return morphology.stem_en(word)


def analyze(text, lang=ENGLISH):
    """One pass over `text` in language `lang`: (analyzed terms in order, set of plain words)."""
    terms, plain = [], set()
    analysed_word = words_of(lang)
    for raw in WORD.findall(text or ""):
        word, term = analysed_word(raw)
        if word:
            plain.add(word)
            if term is not None:
                terms.append(term)
    return terms, plain


@lru_cache(maxsize=None)            # one a language
def words_of(lang):
    """raw word -> (plain word, term or None for a stop word) in language `lang`: news
    text repeats its words, so each distinct spelling is normalised and stemmed once (most
    of the indexing time). "" (not yet detected) is read as English."""
    @lru_cache(maxsize=200_000)
    def analysed_word(raw):
        word = normalise(raw)
        return word, term_of(raw, word, lang) if word and word not in STOP_WORDS else None
    return analysed_word


# Words repeat across snippets, and analysing each one again was most of a page's
# highlighting time.
@lru_cache(maxsize=100_000)
def terms_in_any_language(raw):
    """The index terms of the word `raw` (as written) in each analysed language, a
    frozenset; None for a stop word or no word (the highlighter's reading)."""
    word = normalise(raw)
    if not word or word in STOP_WORDS:
        return None
    return frozenset(term_of(raw, word, lang) for lang in morphology.STEMMED)


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
    how a Latin query word finds them (search/engine/scripts.py)."""
    found = set()
    for term in set(terms_list):
        if transliteration.is_cyrillic(term):
            found.update(key + SCRIPT_JOINER + term for key in transliteration.keys(term)
                         if len(key) >= transliteration.MIN_KEY)
    return found


def language_of(text, default=ENGLISH, languages=STEMMED):
    """The language `text` is analysed in when nothing else says, among `languages`
    (detection.py)."""
    return detect(text, default, languages)


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
