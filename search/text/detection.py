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
"""
import re

import py3langid

from .morphology import ENGLISH, RUSSIAN, STEMMED, UKRAINIAN

MIN_LETTERS = 25           # fewer letters than this: too little to tell
LETTER = re.compile(r"[^\W\d_]")
ONLY_UKRAINIAN = set("іїєґ")
ONLY_RUSSIAN = set("ыэёъ")
CYRILLIC_NEIGHBOURS = {"uk", "ru", "bg", "be", "mk", "sr", "kk", "ky", "mn"}
# How a language code is shown (facet, article page); others are shown as their code.
NAMES = {"en": "English", "uk": "Ukrainian", "ru": "Russian", "de": "German", "fr": "French",
         "es": "Spanish", "pl": "Polish", "be": "Belarusian", "bg": "Bulgarian", "it": "Italian"}


def detect(text, default=ENGLISH):
    """The ISO 639-1 code of `text`'s language, or `default` when it is too short to tell."""
    text = text or ""
    if len(LETTER.findall(text[:5000])) < MIN_LETTERS:
        return default
    return py3langid.classify(text[:5000])[0]


def detect_paragraph(text, article_language):
    """A paragraph's language, read in the light of its article's (module docstring)."""
    letters = set(text.lower())
    guess = detect(text, default=article_language)
    if guess in CYRILLIC_NEIGHBOURS and article_language in (UKRAINIAN, RUSSIAN):
        if letters & ONLY_UKRAINIAN and not letters & ONLY_RUSSIAN:
            return UKRAINIAN
        if letters & ONLY_RUSSIAN and not letters & ONLY_UKRAINIAN:
            return RUSSIAN
        return guess if guess in (UKRAINIAN, RUSSIAN) else article_language
    return guess if guess in STEMMED else article_language


def name(code):
    return NAMES.get(code, code or "unknown")
