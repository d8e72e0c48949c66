"""An article's copies and "other outlets on this story", read for its page.

    article_copies_view(article, chunks)   each paragraph's copies and boilerplate flag,
                                           and the article's syndicated copies with the
                                           paragraphs each one lacks or adds
    other_outlets_on_story(article, chunks)  up to five articles of other outlets on the
                                           same event (engine/related.py)
"""
from dataclasses import dataclass, field

from archive.models import Article, Chunk

from ..engine.article_copies import article_copies
from ..engine.related import other_outlets
from ..index.searcher import searching
from .hydrate import verdicts


@dataclass(frozen=True)
class CopyView:
    article: Article
    only_here: list             # Chunks of this article that the copy lacks
    only_there: list            # Chunks of the copy that this article lacks


@dataclass
class ArticleCopiesView:
    paragraphs: dict = field(default_factory=dict)   # chunk pk -> ParagraphCopies (engine)
    copies: list = field(default_factory=list)       # CopyView, oldest first


def article_copies_view(article, chunks):
    with searching() as s:
        found = article_copies(s, article.pk, verdicts())
    articles = Article.objects.select_related("outlet").in_bulk([c.article for c in found.copies])
    theirs = Chunk.objects.in_bulk([pk for c in found.copies for pk in c.only_there])
    mine = {chunk.pk: chunk for chunk in chunks}
    copies = [CopyView(articles[c.article], [mine[pk] for pk in c.only_here if pk in mine],
                       [theirs[pk] for pk in c.only_there if pk in theirs])
              for c in found.copies if c.article in articles]
    copies.sort(key=lambda v: (v.article.published is None, v.article.published, v.article.pk))
    return ArticleCopiesView(found.paragraphs, copies)


def other_outlets_on_story(article, chunks, skip=(), **options):
    """Articles of other outlets on the same story, best first (its copies left out);
    `options` go to engine/related.py other_outlets (window_days)."""
    texts = [article.headline] + [chunk.text for chunk in chunks]
    with searching() as s:
        pks = other_outlets(s, article.pk, texts, article.published, article.outlet.slug,
                            skip=skip, **options)
    found = Article.objects.select_related("outlet").in_bulk(pks)
    return [found[pk] for pk in pks if pk in found]
