"""The index's Whoosh analyzer: search/text/analysis.py's analysis as a Whoosh Tokenizer.

`NewsAnalyzer(stem=True)` (the `text`, `headline` and `commentary` fields) is analysis.py's
English analysis in one pass; `NewsAnalyzer(stem=False)` the same without stop words and
stems (the `authors` and `spell` fields). It is one Python pass rather than a chain of
Whoosh filters because analysis is most of the indexing time (a chain costs about 6 µs a
word). It honours the keyword arguments Whoosh's query parser and highlighter pass
(positions, chars, tokenize, removestops, no_morph, start_pos, start_char), so it behaves
like the equivalent `RegexTokenizer | LowercaseFilter | CharsetFilter(accent_map) |
StopFilter | StemFilter`.

Indexing analyses each text once in its language (analysis.analyze()) and hands the
fields PRE-ANALYZED values (`pre_analyzed(terms)`: a marker character then the terms
joined by spaces); the analyzer passes such values through unchanged. Never build such
values from user input.
"""
from whoosh.analysis import Token, Tokenizer

from ..text.analysis import STOP_WORDS, WORD, normalise, stem

PRE_ANALYZED = "\x1e"   # marks a value whose terms are already analyzed


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


def pre_analyzed(terms_list):
    """A field value the analyzer passes through as these terms (indexing only)."""
    return PRE_ANALYZED + " ".join(terms_list)
