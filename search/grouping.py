"""Matching paragraphs gathered into articles, ranked, and cut into one page.

An article ranks by its best paragraph's score, lifted a little by how many of its
paragraphs match (a long report that keeps returning to the subject beats a passing
mention of equal strength), or by date for newest/oldest. Ties fall back to the newer
article, then the higher id, so the same request always gives the same pages.
"""
import math
from itertools import groupby, repeat
from dataclasses import dataclass

import numpy

# How much each doubling of matching paragraphs lifts an article: lightly.
COUNT_BOOST = 0.08
SHOWN_PARAGRAPHS = 3


@dataclass(slots=True)
class ArticleGroup:
    article: int
    score: float
    docs: list            # its matching paragraph docnums, in index order
    article_doc: bool     # its own document matched (headline or article commentary)
    count: int            # len(docs), summed over every group of a search: a plain field


def build_groups(docs, info, scores, body=None):
    """article pk -> ArticleGroup of the matching documents.

    Only paragraphs in `body` (those whose own text or commentary matched, when given)
    count as the article's matching paragraphs: the headline is indexed on every
    paragraph, and a word found only there says nothing about the paragraph.

    A common word matches tens of thousands of documents: they are sorted, split by
    article and counted in numpy (C loops); Python only touches each article once."""
    if not docs:
        return {}
    found = numpy.fromiter(docs, dtype=numpy.int64, count=len(docs))
    found.sort()
    articles = info.article_array[found]
    order = numpy.argsort(articles, kind="stable")      # by article, docnum order within
    found, articles = found[order], articles[order]
    starts = numpy.flatnonzero(numpy.r_[True, articles[1:] != articles[:-1]])
    best = numpy.maximum.reduceat(
        scores[found] if scores is not None else numpy.zeros(len(found)), starts)
    own = info.is_article_array[found]
    keep = ~own if body is None else ~own & _in(found, body, info.doc_count)
    counts = numpy.add.reduceat(keep, starts)
    has_own = numpy.logical_or.reduceat(own, starts)
    # the best paragraph, lifted lightly by the count of matching paragraphs
    best *= 1 + COUNT_BOOST * numpy.log2(numpy.maximum(counts, 1))
    paragraphs = found[keep].tolist()    # still by article, so each article's run is a slice
    ends = numpy.cumsum(counts).tolist()
    groups = {}
    for a, score, end, count, article_doc in zip(
            articles[starts].tolist(), best.tolist(), ends, counts.tolist(), has_own.tolist()):
        groups[a] = ArticleGroup(a, score, paragraphs[end - count:end], article_doc, count)
    return groups


def _in(found, docs, doc_count):
    """For each docnum in `found`, whether it is in the set `docs`."""
    mask = numpy.zeros(doc_count, dtype=bool)
    mask[numpy.fromiter(docs, dtype=numpy.int64, count=len(docs))] = True
    return mask[found]


def order_groups(groups, info, sort):
    """ArticleGroups in page order: by score (then newer first), newest, or oldest.

    Sorted by numpy.lexsort over one array per key (last key first): the articles are
    unique, so there are no ties and the order is the same as sorting tuples."""
    ranked = list(groups.values())
    articles = numpy.fromiter(groups, dtype=numpy.int64, count=len(ranked))
    published = numpy.fromiter(map(info.article_published.get, groups, repeat(0)),
                               dtype=numpy.int64, count=len(ranked))
    if sort == "relevance":
        scores = numpy.fromiter((g.score for g in ranked), dtype=float, count=len(ranked))
        order = numpy.lexsort((articles, published, scores))[::-1]
    elif sort == "oldest":
        published[published == 0] = 99999999     # unknown dates last
        order = numpy.lexsort((articles, published))
    else:
        order = numpy.lexsort((articles, published))[::-1]
    return [ranked[i] for i in order.tolist()]


def best_paragraphs(group, scores, limit=SHOWN_PARAGRAPHS):
    """The group's paragraph docnums to show: highest score first, then index order
    (an article's paragraphs are indexed together, in the database's order)."""
    if scores is None:
        return group.docs[:limit]
    return sorted(group.docs, key=lambda d: (-scores[d], d))[:limit]


def page_slice(count, page, per_page):
    """(start, end, pages) for a 1-based page; a page past the end is empty."""
    pages = math.ceil(count / per_page) if count else 0
    start = (page - 1) * per_page
    return start, min(start + per_page, count), pages


