"""The language of an article and of each of its paragraphs, detected offline.

py3langid (langid.py's model, 97 languages, no network, 4.5 MB) was measured against
lingua on the Cyrillic corpora of ../shared/corpora/cyrillic and the English press
releases (6,523 articles, 28,166 paragraphs of 20 characters or more): py3langid got
6,517 articles and 27,013 paragraphs right in 14 s; lingua 6,498 and 26,499 in 93 s,
with a 96 MB model. Its mistakes on paragraphs were mostly Ukrainian and Russian taken
for each other or for Bulgarian or Belarusian, and short lines (a channel's @name, a
link). So a paragraph is read in the light of its article: too little text to tell, or
a neighbouring Cyrillic language guessed, and the article's language stands, unless
letters only one of Ukrainian and Russian has decide it (і ї є ґ against ы э ё ъ). A
paragraph leaves its article's language only for one of those the archive analyses
(English, Ukrainian, Russian): on paragraphs the detector also names languages such as
Nigerian Pidgin or Tatar for English or Russian text full of names, and a paragraph
wrongly called so would lose its stemming.

The detector chooses only among the languages the archive is set to hold (the setting
ARCHIVE_LANGUAGES, by default English, Ukrainian and Russian, handed in by the caller as
`languages`): unrestricted it called a Kremlin release, English full of Russian names,
Nigerian Pidgin, and Ukrainian news Finnish or Chinese, which the archive cannot analyse
and the language facet showed as such. (Restricted, it is also 18 times faster.) A text
too short to tell is given the caller's default (a paragraph: its article's language),
unless letters only Ukrainian or only Russian has decide it.
"""
import re
from functools import lru_cache
from pathlib import Path

from .morphology import ENGLISH, RUSSIAN, STEMMED, UKRAINIAN

MIN_LETTERS = 25           # fewer letters than this: too little to tell
LETTER = re.compile(r"[^\W\d_]")
ONLY_UKRAINIAN = set("іїєґ")
ONLY_RUSSIAN = set("ыэёъ")
CYRILLIC_NEIGHBOURS = {"uk", "ru", "bg", "be", "mk", "sr", "kk", "ky", "mn"}
ANALYSED = STEMMED          # the languages detected unless the caller says otherwise


def _language_table():
    """({code: English name}, codes the detector gives) from data/languages.tsv."""
    names, detected = {}, set()
    for line in (Path(__file__).parent / "data" / "languages.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name, *marks = line.split("\t")
            names[code] = name
            if marks == ["detected"]:
                detected.add(code)
    return names, frozenset(detected)


# How a language code is shown (facet, pages, API): ISO 639's English names.
NAMES, DETECTABLE = _language_table()


def check_languages(codes):
    """The codes as a tuple, or ValueError naming those the detector cannot give."""
    codes = tuple(dict.fromkeys(c.strip().lower() for c in codes if c.strip()))
    unknown = [c for c in codes if c not in DETECTABLE]
    if unknown or not codes:
        raise ValueError(f"language codes the detector cannot give: {', '.join(unknown) or '(none given)'}"
                         f" (it gives ISO 639 codes such as en, uk, ru, de, pl)")
    return codes


def detect(text, default=ENGLISH, languages=ANALYSED):
    """The ISO 639 code of `text`'s language among `languages`, or, when it is too short
    to tell, the one its letters decide (Ukrainian і ї є ґ, Russian ы э ё ъ) or `default`."""
    text = (text or "")[:5000]
    if len(LETTER.findall(text)) < MIN_LETTERS:
        return by_letters(set(text.lower()), languages) or default
    return identifier(tuple(sorted(set(languages)))).classify(text)[0]


def by_letters(letters, languages=ANALYSED):
    """Ukrainian or Russian when only that language's own letters are among `letters`
    (and it is one of `languages`), else None."""
    if letters & ONLY_UKRAINIAN and not letters & ONLY_RUSSIAN and UKRAINIAN in languages:
        return UKRAINIAN
    if letters & ONLY_RUSSIAN and not letters & ONLY_UKRAINIAN and RUSSIAN in languages:
        return RUSSIAN
    return None


def detect_paragraph(text, article_language, languages=ANALYSED):
    """A paragraph's language, read in the light of its article's (module docstring)."""
    letters = set(text.lower())
    guess = detect(text, article_language, languages)
    if guess in CYRILLIC_NEIGHBOURS and article_language in (UKRAINIAN, RUSSIAN):
        found = by_letters(letters, languages)
        if found:
            return found
        return guess if guess in (UKRAINIAN, RUSSIAN) else article_language
    return guess if guess in languages else article_language


@lru_cache(maxsize=4)
def identifier(languages):
    """py3langid's identifier restricted to `languages` (a sorted tuple of codes).
    ValueError names a code it does not know.

    It keeps only those languages' columns of the model's table: the whole table (all its
    languages, 28 MB) was held by every worker and builder process for the three the
    archive analyses (0.6 MB). Another set of languages reads the model file again
    (about 0.5 s, once per set and process)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    full = LanguageIdentifier.from_model_file(MODEL_FILE)
    full.set_languages(languages)
    return LanguageIdentifier(full.nb_ptc, full.nb_pc, full.nb_classes,
                              full.tk_nextmove, full.tk_output, tk_row=full.tk_row)


def name(code):
    """"Ukrainian" for "uk"; a regional code by its language ("pt-BR": Portuguese
    (pt-BR)); a code ISO 639 does not name, as it is."""
    if not code:
        return "unknown"
    base = code.split("-")[0].split("_")[0].lower()
    if base in NAMES:
        return NAMES[base] if base == code else f"{NAMES[base]} ({code})"
    return code
