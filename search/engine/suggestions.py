"""Did you mean: a close, known word for each query word the index has never seen.

Corrections come from the `spell` field, which holds the words as written (unstemmed),
so "goverment" becomes "government", not the stem "govern" that Whoosh's
`correct_query` would offer from a stemmed field.
"""
import re


from .analysis import STOP_WORDS, normalise
from .parsing import And, Or, Phrase, Word

MAX_EDITS = 2
# Words this short are corrected by one edit at most: two edits of "two" reach "the".
SHORT_WORD = 4


def unknown_words(node):
    """The plain words of the query, as typed (not inside NOT)."""
    if isinstance(node, Word) and not node.prefix and not node.fuzzy and node.field != "authors":
        return [node.text]
    if isinstance(node, Phrase):
        return node.text.split()
    if isinstance(node, (And, Or)):
        return [w for item in node.items for w in unknown_words(item)]
    return []


def correction(reader, word):
    """The most frequent known word close to `word` (one edit for a short word, two for
    a longer one), or None. A stop word is never offered: the search drops it."""
    plain = normalise(word)
    if len(plain) < 3 or plain.isdigit() or reader.doc_frequency("spell", plain):
        return None
    most = 1 if len(plain) <= SHORT_WORD else MAX_EDITS
    for edits in range(1, most + 1):
        near = [w.decode("utf-8") if isinstance(w, bytes) else w
                for w in reader.terms_within("spell", plain, edits, prefix=1)]
        near = [w for w in near if w not in STOP_WORDS]
        if near:
            return max(near, key=lambda w: (reader.doc_frequency("spell", w), w))
    return None


def suggest(reader, q, node):
    """The query text with each unknown word corrected, or None if nothing changes."""
    fixed = q
    for word in dict.fromkeys(unknown_words(node)):
        better = correction(reader, word)
        if better:
            fixed = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", in_case_of(word, better),
                           fixed, count=1)
    return fixed if fixed != q else None


def in_case_of(typed, word):
    """`word` (from the lower-cased `spell` field) in the case the user typed:
    "Zelenskyy" -> "Zelensky", "NATOO" -> "NATO"."""
    if typed.isupper() and len(typed) > 1:
        return word.upper()
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
