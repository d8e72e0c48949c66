"""Other outlets on the same story: a bounded more-like-this over the index.

Different reports of one event share its key words (names, places, the subject: "Steele",
"Afghanistan", "RNC", "resignation"), not their sentences, so they are never copies and
never folded (copies.py); this finds them instead. The article's key terms are its
KEY_TERMS words with the highest tf-idf (how often the article uses a word, against how
many paragraphs of the archive have it); words in more than COMMON of all paragraphs
say nothing of a story and are skipped (and bound the work: each term reads one posting
list), unless they are in fewer than SMALL paragraphs (a small archive). Every article of ANOTHER outlet published within WINDOW_DAYS of it scores the
sum, over the key terms it has, of the term's weight times a saturating count of its
paragraphs having it (BM25's tf curve over an article's paragraphs), and the best
`limit` are offered. Its own copies (copies.py stories) are left out: they are the
same text, listed apart as copies.

Measured on BASIL (100 events, each reported by the New York Times, Fox News and
HuffPost; `manage.py related_basil ../shared/corpora/basil_news.jsonl`,
search/tools/related_basil.py): both other reports of the event are among the five
offered for 100% of the 300 articles; with no date window, by the key terms alone, 98%.
No BASIL article is taken for a copy of another, nor folded in a search of its headline.
"""
import math
from collections import Counter
from datetime import timedelta

import numpy

from ..text.analysis import analyze
from .feedback import document_frequency

KEY_TERMS = 30
COMMON = 0.05
SMALL = 50          # below this many paragraphs a word is never too common (small archives)
WINDOW_DAYS = 7
K1, B = 1.2, 0.75
RELATED = 5


def key_terms(s, texts):
    """[(term, weight)]: the KEY_TERMS terms of `texts` with the highest tf-idf."""
    counts = Counter()
    for text in texts:
        counts.update(analyze(text)[0])
    documents = max(s.info.doc_count, 1)
    weighted = []
    for term, tf in counts.items():
        df = document_frequency(s, term)
        if 1 < df <= max(COMMON * documents, SMALL):   # elsewhere, and not everywhere
            weighted.append((term, (1 + math.log(tf)) * math.log(documents / df)))
    weighted.sort(key=lambda pair: (-pair[1], pair[0]))
    return weighted[:KEY_TERMS]


def other_outlets(s, article, texts, published, outlet, skip=(), limit=RELATED,
                  window_days=WINDOW_DAYS):
    """The pks of up to `limit` articles of other outlets most like `article`, best first.

    `texts`: its headline and paragraphs; `published` (a date, or None: no window);
    `outlet`: its outlet slug; `skip`: pks never offered (its copies); `window_days`
    None: any date (the measurement's comparison)."""
    info = s.info
    terms = key_terms(s, texts)
    if not terms:
        return []
    size = len(info.outlet_by_article)
    paragraphs = numpy.bincount(info.article_array[~info.is_article_array], minlength=size)
    norm = K1 * (1 - B + B * paragraphs / max(paragraphs[paragraphs > 0].mean(), 1))
    score = numpy.zeros(size)
    for term, weight in terms:
        ids = numpy.frombuffer(s.postings("text", term).ids, dtype=numpy.int32)
        having = numpy.bincount(info.article_array[ids], minlength=size)
        score += weight * having * (K1 + 1) / (having + norm)
    keep = score > 0
    codes = {slug: code for code, slug in enumerate(info.outlet_slugs)}
    keep &= info.outlet_by_article != codes.get(outlet, -1)
    keep &= info.outlet_by_article >= 0          # live articles only
    if published and window_days is not None:
        low, high = (int((published + timedelta(days=d)).strftime("%Y%m%d"))
                     for d in (-window_days, window_days))
        keep &= (info.published_by_article >= low) & (info.published_by_article <= high)
    keep[[a for a in (article, *skip) if a < size]] = False
    found = numpy.flatnonzero(keep)
    order = numpy.lexsort((found, -score[found]))[:limit]
    return found[order].tolist()
