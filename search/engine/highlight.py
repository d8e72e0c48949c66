"""Snippets: text HTML-escaped first, then the matched words wrapped in <mark>.

Article text is untrusted, so the only markup that ever leaves here is our own <mark>:
every piece of text between marks goes through html.escape. A word is marked when the
index analysis of it (search/engine/analysis.py: case, accents, apostrophes, stems) gives one
of the query's terms, so "Ukraine's" is marked for ukraine, "defenses" for a variant of
defence; a phrase is marked where its words stand side by side (stop words between
them are skipped, as in the index), as one <mark> from its first word to its last. A word is read in
every language's analysis (engine/morphology.py) at once, so "Зеленського" is marked,
as written, for the Ukrainian lemma зеленський that a query "Zelensky" reached.
Long paragraphs are cut to a window around the first match, at word boundaries.
"""
import html
import re

from ..text.analysis import WORD, terms_in_any_language, whole_word_spans
from ..types import Marks  # noqa: F401  (what a query marks: the engine makes them)

MAX_CHARS = 480        # a longer paragraph is trimmed to about this many characters
# Matches are looked for in this many characters at most: a pasted book as one paragraph
# must not cost a page request its whole work budget (budget.py); the window shown is
# around the first match anyway.
MAX_SCAN = 20_000
LEAD_CHARS = 120       # text kept before the first match when trimming
ELLIPSIS = "\u2026"
# Control characters (NUL and the like; not tab or newline) never reach a page, a feed or
# a file: stored text may hold them (a bad import), and browsers and spreadsheets trip.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def visible(text):
    """`text` without control characters."""
    return CONTROLS.sub("", text) if text else text


def spans(text, marks):
    """(start, end) character spans of `text` to mark, in order, not overlapping: a
    phrase found side by side is one span, from its first word to its last."""
    if not marks.phrases:
        return word_spans(text, marks.words)
    tokens = list(_tokens(text))
    in_phrase = [None] * len(tokens)        # token index -> index of its phrase's end
    for phrase in marks.phrases:
        n, first = len(phrase), phrase[0]
        for i in range(len(tokens) - n + 1):
            # most words are not the phrase's first: only those start the word-by-word check
            if first in tokens[i][0] and all(phrase[k] in tokens[i + k][0] for k in range(1, n)):
                for k in range(n):
                    in_phrase[i + k] = max(in_phrase[i + k] or 0, i + n - 1)
    found, i = [], 0
    while i < len(tokens):
        terms, start, end = tokens[i]
        if in_phrase[i] is not None:
            last = in_phrase[i]
            while last + 1 < len(tokens) and in_phrase[last + 1] is not None:
                last = max(last + 1, in_phrase[last + 1])     # overlapping phrases join
            found.append((start, tokens[last][2]))
            i = last + 1
            continue
        if not terms.isdisjoint(marks.words):
            found.append((start, end))
        i += 1
    return found


def word_spans(text, words):
    """The spans of the words of `text` whose terms are among `words`. No phrases to line
    up, so no token list: a page's snippets are most of its highlighting time, and most of
    a snippet's words are not marked. Each distinct word is read once (WORD.findall, in C),
    and only the marked ones are then looked for (str.find) where they stand whole."""
    found = []
    for word in set(WORD.findall(text)):
        terms = terms_in_any_language(word)
        if terms is not None and not terms.isdisjoint(words):
            found += whole_word_spans(text, word)
    return sorted(found)


def _tokens(text):
    """(terms, start, end) for each word of `text` that the index keeps, as the index
    analysis (search/text/analysis.py) reads it in any language: stop words are
    skipped, so phrase positions line up with the index's."""
    for match in WORD.finditer(text):
        terms = terms_in_any_language(match.group(0))
        if terms is not None:
            yield terms, match.start(), match.end()


def glosses_in(texts, marks):
    """[(term, English meaning, language)] of the translated terms found in `texts` (the shown
    paragraphs of a result; a term of several words where it has them all, as it is
    searched), each once: "дрон = drone" beside a Cyrillic match, for a reader who
    does not read it."""
    found = []
    for text in texts if marks.glosses else ():
        present = set().union(*(terms for terms, _start, _end
                                in _tokens(visible(text or "")[:MAX_SCAN])))
        found += [gloss for key, gloss in marks.glosses.items()
                  if gloss not in found and present.issuperset(key)]
    return found


def highlight(text, marks, max_chars=MAX_CHARS):
    """Escaped `text` with <mark> around the matches, trimmed around them if long."""
    text = visible(text or "")
    scanned = text if max_chars > MAX_SCAN else text[:MAX_SCAN]   # the article page: all
    found = spans(scanned, marks) if marks else []
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
