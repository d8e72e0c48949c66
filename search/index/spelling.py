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


class Lexicon:
    def __init__(self, words):
        """`words`: (term, documents listing it, deleted ones included)."""
        self._by_first = {}
        self._listed = {}
        for word, listed in words:
            if word:
                self._by_first.setdefault(word[0], []).append(word)
                self._listed[word] = listed

    def near(self, word, edits, limit, live_count):
        """[(word, edits, live documents)]: at most `limit` live words within `edits` of
        `word` that start with its first letter, nearest then commonest first.
        `live_count(word)` says how many live documents have a word (0 for one only
        deleted documents had); only the best few are asked, not every near word."""
        if not word or len(word) > MAX_WORD_LENGTH:
            return []
        choices = self._by_first.get(word[0], ())
        found = process.extract(word, choices, scorer=Levenshtein.distance,
                                score_cutoff=edits, limit=None)
        found.sort(key=lambda n: (n[1], -self._listed[n[0]], n[0]))
        near = []
        for text, distance, _ in found:
            count = live_count(text)
            if count:
                near.append((text, distance, count))
                if len(near) == limit:
                    break
        return near

    def listed(self, word):
        """Whether the segments list `word` at all (live or not)."""
        return word in self._listed

    def __len__(self):
        return sum(len(words) for words in self._by_first.values())


def build_lexicon(reader, fieldname="spell"):
    """The Lexicon of `fieldname` (about 30 ms for 20,000 words)."""
    words = [(w.decode("utf-8") if isinstance(w, bytes) else w, info.doc_frequency())
             for w, info in reader.iter_field(fieldname)]
    return Lexicon(words)
