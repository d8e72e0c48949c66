"""Matching paragraphs gathered into articles, ranked, and cut into one page.

An article ranks by its best paragraph's score, lifted a little by how many of its
paragraphs match (a long report that keeps returning to the subject beats a passing
mention of equal strength), or by date for newest/oldest. Ties fall back to the newer
article, then the higher id, so the same request always gives the same pages.
"""
import math
from itertools import groupby, repeat
from dataclasses import dataclass

# How much each doubling of matching paragraphs lifts an article: lightly.
COUNT_BOOST = 0.08
SHOWN_PARAGRAPHS = 3


@dataclass
class ArticleGroup:
    article: int
    score: float
    docs: list            # its matching paragraph docnums, in index order
    article_doc: bool     # its own document matched (headline or article commentary)

    @property
    def count(self):
        return len(self.docs)


def build_groups(docs, info, scores, body=None):
    """article pk -> ArticleGroup of the matching documents.

    Only paragraphs in `body` (those whose own text or commentary matched, when given)
    count as the article's matching paragraphs: the headline is indexed on every
    paragraph, and a word found only there says nothing about the paragraph."""
    article, is_article = info.article, info.is_article
    ordered = sorted(docs)
    ordered.sort(key=article.__getitem__)    # by article; stable, so docnum order within
    get = (scores or {}).get
    groups = {}
    for a, found in groupby(ordered, key=article.__getitem__):
        found = list(found)
        paragraphs = [d for d in found if not is_article[d] and (body is None or d in body)]
        best = max(map(get, found, repeat(0.0)))
        # the best paragraph, lifted lightly by the count of matching paragraphs
        best *= 1 + COUNT_BOOST * math.log2(max(len(paragraphs), 1))
        groups[a] = ArticleGroup(a, best, paragraphs, any(is_article[d] for d in found))
    return groups


def order_groups(groups, info, sort):
    """ArticleGroups in page order: by score (then newer first), newest, or oldest."""
    published = info.article_published
    ranked = list(groups.values())
    if sort == "relevance":
        ranked.sort(key=lambda g: (g.score, published.get(g.article, 0), g.article), reverse=True)
    elif sort == "oldest":
        ranked.sort(key=lambda g: (published.get(g.article, 0) or 99999999, g.article))
    else:
        ranked.sort(key=lambda g: (published.get(g.article, 0), g.article), reverse=True)
    return ranked


def best_paragraphs(group, scores, limit=SHOWN_PARAGRAPHS):
    """The group's paragraph docnums to show: highest score first, then index order
    (an article's paragraphs are indexed together, in the database's order)."""
    scores = scores or {}
    return sorted(group.docs, key=lambda d: (-scores.get(d, 0.0), d))[:limit]


def page_slice(count, page, per_page):
    """(start, end, pages) for a 1-based page; a page past the end is empty."""
    pages = math.ceil(count / per_page) if count else 0
    start = (page - 1) * per_page
    return start, min(start + per_page, count), pages


