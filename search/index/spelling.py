"""The spelling lexicon of one index generation: the words of the `spell` field, for
did-you-mean and `word~N`, with their live article counts.

Whoosh keeps a deleted document's terms in its segment's term list until a merge, so
`reader.terms_within()` offers words that only deleted (or since made private)
commentary had, and it compares the word with every term of the same first letter in
pure Python (seconds for a long unknown word). Here the lexicon is the term list grouped
by first letter, compared with rapidfuzz's C++ Levenshtein (about 1,000 times faster),
and every word it returns is confirmed against the live postings: a word no live public
document has is never returned, whatever the segments still list.

Built once per generation (GenerationCache.lexicon), in any script: it holds whatever
words the live documents have, so a Cyrillic typo is corrected against Cyrillic words.
"""
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

# A word longer than this is neither corrected nor expanded by ~N: no real word is,
# and comparing a thousand letters with every term is the cost this module bounds.
MAX_WORD_LENGTH = 32
# Near words confirmed against the live postings at most, nearest first: a short word
# two edits from hundreds of terms must not read hundreds of posting lists.
MAX_CHECKED = 200


class Lexicon:
    def __init__(self, words):
        """`words`: the field's terms (deleted documents' ones included)."""
        self._by_first = {}
        for word in words:
            if word:
                self._by_first.setdefault(word[0], []).append(word)

    def near(self, word, edits, limit, live_count):
        """[(word, edits, live documents)]: at most `limit` live words within `edits` of
        `word` that start with its first letter, nearest then commonest first.
        `live_count(word)` says how many live documents have a word (0 for one only
        deleted documents had); it is asked of the MAX_CHECKED nearest at most."""
        if not word or len(word) > MAX_WORD_LENGTH:
            return []
        choices = self._by_first.get(word[0], ())
        found = process.extract(word, choices, scorer=Levenshtein.distance,
                                score_cutoff=edits, limit=None)
        found.sort(key=lambda n: (n[1], n[0]))
        near = []
        for text, distance, _ in found[:MAX_CHECKED]:
            count = live_count(text)
            if count:
                near.append((text, distance, count))
        near.sort(key=lambda n: (n[1], -n[2], n[0]))
        return near[:limit]

    def __len__(self):
        return sum(len(words) for words in self._by_first.values())


def build_lexicon(reader, fieldname="spell"):
    """The Lexicon of `fieldname`: 50 ms of CPU for the 20,000 words of 20,000 paragraphs
    (their document counts too, from iter_field(), would cost 600 ms)."""
    return Lexicon(w.decode("utf-8") if isinstance(w, bytes) else w
                   for w in reader.lexicon(fieldname))
