"""Snippets: text HTML-escaped first, then the matched words wrapped in <mark>.

Article text is untrusted, so the only markup that ever leaves here is our own <mark>:
every piece of text between marks goes through html.escape. A word is marked when the
index analysis of it (search/engine/analysis.py: case, accents, apostrophes, stems) gives one
of the query's terms, so "Ukraine's" is marked for ukraine, "defenses" for a variant of
defence; a phrase is marked where its words stand side by side (stop words between
them are skipped, as in the index), and every word of it is marked. A word is read in
every language's analysis (engine/morphology.py) at once, so "Зеленського" is marked,
as written, for the Ukrainian lemma зеленський that a query "Zelensky" reached.
Long paragraphs are cut to a window around the first match, at word boundaries.
"""
import html
from dataclasses import dataclass, field

from .analysis import STOP_WORDS, WORD, normalise, term_of
from .morphology import STEMMED

MAX_CHARS = 480        # a longer paragraph is trimmed to about this many characters
LEAD_CHARS = 120       # text kept before the first match when trimming
ELLIPSIS = "\u2026"

# raw word -> its index terms in each language (None for a stop word): words repeat
# across snippets, and analysing each one again was most of a page's highlighting time.
_terms = {}
TERMS_KEPT = 100_000


@dataclass
class Marks:
    """What to mark: single terms anywhere, and term sequences where they are adjacent."""
    words: set = field(default_factory=set)
    phrases: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.words or self.phrases)


def spans(text, marks):
    """(start, end) character spans of `text` to mark, in order, not overlapping."""
    tokens = list(_tokens(text))
    marked = [not terms.isdisjoint(marks.words) for terms, _, _ in tokens]
    for phrase in marks.phrases:
        n = len(phrase)
        for i in range(len(tokens) - n + 1):
            if all(phrase[k] in tokens[i + k][0] for k in range(n)):
                for k in range(n):
                    marked[i + k] = True
    return [(start, end) for (_, start, end), on in zip(tokens, marked) if on]


def _tokens(text):
    """(terms, start, end) for each word of `text` that the index keeps, as the index
    analyzer (search/engine/analysis.py) reads it in any language: stop words are
    skipped, so phrase positions line up with the index's."""
    for match in WORD.finditer(text):
        raw = match.group(0)
        terms = _terms.get(raw, "")
        if terms == "":
            word = normalise(raw)
            terms = None if not word or word in STOP_WORDS else \
                frozenset(term_of(raw, word, lang) for lang in STEMMED)
            if len(_terms) > TERMS_KEPT:
                _terms.clear()
            _terms[raw] = terms
        if terms is not None:
            yield terms, match.start(), match.end()


def highlight(text, marks, max_chars=MAX_CHARS):
    """Escaped `text` with <mark> around the matches, trimmed around them if long."""
    text = text or ""
    found = spans(text, marks) if marks else []
    start, end = window(text, found, max_chars)
    pieces = [ELLIPSIS] if start > 0 else []
    cursor = start
    for a, b in found:
        if a < start or b > end:
            continue
        pieces.append(html.escape(text[cursor:a]))
        pieces.append("<mark>" + html.escape(text[a:b]) + "</mark>")
        cursor = b
    pieces.append(html.escape(text[cursor:end]))
    if end < len(text):
        pieces.append(ELLIPSIS)
    return "".join(pieces)


def window(text, found, max_chars):
    """The (start, end) of the part of `text` to show: all of it if short enough."""
    if len(text) <= max_chars:
        return 0, len(text)
    first = found[0][0] if found else 0
    start = max(0, first - LEAD_CHARS)
    end = min(len(text), start + max_chars)
    start = max(0, min(start, end - max_chars))
    if start > 0:   # begin at a word: after the first space in the window
        space = text.find(" ", start, first if found else end)
        start = space + 1 if space != -1 else start
    if end < len(text):   # end at a word: before the last space
        space = text.rfind(" ", max(start, found[-1][1] if found else start), end)
        end = space if space > start else end
    return start, end
