"""Whether a phrase's words stand in order in a document, from their positions there.

A phrase with a word that is not common is not in the `pairs` field (analysis.is_paired),
so its words' positions are checked. Whoosh's own Phrase query does that by stepping
through the words' posting lists in Python, field by field, over the whole index:
"humanitarian aid to ukraine" cost 21 ms at 50,000 paragraphs, ten times a phrase of
paired words, and it grows with the commonest word's list. Here the candidates are the
intersection of the words' posting arrays in the field (docsets.py, from lists already
read to match the words), and positions are read only for them (Searching.positions).

The test is Whoosh 2.7.4's own (query.Phrase -> SpanNear2, ordered, mindist 1), on
its own Span objects, so a phrase finds exactly the documents it found before.
"""
from whoosh.query.spans import Span, bisect_spans


def in_order(positions, slop):
    """Whether the words, whose positions in one document are the lists `positions`
    (in the phrase's order), follow one another, each at most `slop` positions after
    the span of the words before it (Whoosh's slop: 1 means side by side)."""
    spans = [Span(p) for p in positions[0]]
    for following in positions[1:]:
        if not spans:
            return False
        spans = sorted(joined(spans, [Span(p) for p in following], slop))
    return bool(spans)


def joined(spans, following, slop):
    """SpanNear2Matcher._get_spans's step (ordered, mindist 1): each span of the words so
    far joined to each position of the next word that stands 1 to `slop` after it."""
    found = set()
    for span in spans:
        j = bisect_spans(following, span.start)
        while j < len(following):
            other = following[j]
            j += 1
            if other.end < span.start - slop or span.start > other.start:
                continue
            if other.start > span.end + slop:
                break
            if 1 <= span.distance_to(other) <= slop:
                found.add(span.to(other))
    return found
