"""Matching paragraphs gathered into articles, ranked, and cut into one page.

An article ranks by its best paragraph's score, lifted a little by how many of its
paragraphs match (a long report that keeps returning to the subject beats a passing
mention of equal strength), or by date for newest/oldest. Ties fall back to the newer
article, then the higher id, so the same request always gives the same pages.
"""
import math
from dataclasses import dataclass

# How much each doubling of matching paragraphs lifts an article: lightly.
COUNT_BOOST = 0.08
SHOWN_PARAGRAPHS = 3


@dataclass
class ArticleGroup:
    article: int
    score: float
    docs: list            # its matching paragraph docnums, best first
    article_doc: bool     # its own document matched (headline or article commentary)

    @property
    def count(self):
        return len(self.docs)


def group_by_article(docs, info):
    """article pk -> [docnums] of the matching documents."""
    groups = {}
    article = info.article
    for d in docs:
        a = article[d]
        found = groups.get(a)
        if found is None:
            groups[a] = [d]
        else:
            found.append(d)
    return groups


def rank_groups(groups, info, scores, sort):
    """ArticleGroups in page order. `scores` may be None for newest/oldest."""
    published, is_article = info.article_published, info.is_article
    ranked = []
    for a, docs in groups.items():
        paragraphs = [d for d in docs if not is_article[d]]
        if scores is not None and sort == "relevance":
            best = max(scores.get(d, 0.0) for d in docs)
            value = best * (1 + COUNT_BOOST * math.log2(max(len(paragraphs), 1)))
        else:
            value = 0.0
        ranked.append(ArticleGroup(a, value, paragraphs, len(paragraphs) < len(docs)))
    if sort == "relevance" and scores is not None:
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


