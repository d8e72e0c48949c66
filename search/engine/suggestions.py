"""Did you mean: a close, known word for each query word the index has never seen.

Corrections come from the `spell` field, which holds the words as written (unstemmed),
so "goverment" becomes "government", not the stem "govern" that Whoosh's
`correct_query` would offer from a stemmed field; they are looked up in the generation's
lexicon (search/index/spelling.py, through the Searching), never in Whoosh's term
lists, which still hold the words of deleted documents. A suggestion is offered only
when it finds something (finding.suggestion).
"""
import re


from ..text.analysis import STOP_WORDS, normalise
from .parsing import And, Or, Phrase, Word

MAX_EDITS = 2
# Words this short are corrected by one edit at most: two edits of "two" reach "the".
SHORT_WORD = 4
NEAR_WORDS = 8             # near words confirmed live, of which the nearest commonest wins


def unknown_words(node):
    """The plain words of the query, as typed (not inside NOT)."""
    if isinstance(node, Word) and not node.prefix and not node.fuzzy and node.field != "authors":
        return [node.text]
    if isinstance(node, Phrase):
        return node.text.split()
    if isinstance(node, (And, Or)):
        return [w for item in node.items for w in unknown_words(item)]
    return []


def correction(s, word):
    """The most frequent live word close to `word` (one edit for a short word, two for
    a longer one), or None. A stop word is never offered: the search drops it. Words
    come from the generation's lexicon (search/index/spelling.py), which confirms each
    against the live documents: a word only deleted or private text had is unknown."""
    plain = normalise(word)
    if len(plain) < 3 or plain.isdigit() or s.has_live("spell", plain):
        return None
    most = 1 if len(plain) <= SHORT_WORD else MAX_EDITS
    near = s.near_words(plain, most, NEAR_WORDS)
    near = [(edits, -count, w) for w, edits, count in near if w not in STOP_WORDS]
    return min(near)[2] if near else None


def suggest(s, q, node, budget):
    """The query text with each unknown word corrected, or None if nothing changes."""
    fixed = q
    for word in dict.fromkeys(unknown_words(node)):
        if budget.expired("“did you mean”"):
            break
        better = correction(s, word)
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
