"""What the search knows of one article, for its reading page.

    marked_texts(texts, q, variants)     the texts escaped, the query's words marked
    story(article, chunks)               its copies (ArticleCopiesView) and other outlets'
                                         articles on the same story
    article_copies_view(article, chunks) each paragraph's copies, and the article's
                                         syndicated copies with the paragraphs each lacks
    other_outlets_on_story(article, chunks)  up to five articles of other outlets
    mentioned(article, chunks)           the people and places it names (EntityRefs)
    without_controls(article, chunks, notes)  its texts without control characters

A feature the backend does not offer (copies, related, entities) answers nothing, and
the page leaves its part out; an index that cannot be read leaves the page readable.
"""
from dataclasses import dataclass, field

from django.utils.html import escape

from archive.models import Article, Chunk

from ..engine.highlight import visible
from ..types import IndexUnavailable
from .backend import backend, offers
from .reference import reference


@dataclass(frozen=True)
class CopyView:
    article: Article
    only_here: list             # Chunks of this article that the copy lacks
    only_there: list            # Chunks of the copy that this article lacks


@dataclass
class ArticleCopiesView:
    paragraphs: dict = field(default_factory=dict)   # chunk pk -> types.ParagraphCopies
    copies: list = field(default_factory=list)       # CopyView, oldest first


def article_marks(q, variants=True, translate=True):
    """The words and phrases `q` marks on an article page (IndexUnavailable if it cannot)."""
    return backend().marks(q, variants, reference().tables, translate)


def marked_texts(texts, q, variants, translate=True):
    """The texts escaped, the query's words marked by the backend's highlighter (whole
    texts); only escaped while the index cannot be read."""
    escaped = [str(escape(text)) for text in texts]
    if not q:
        return escaped
    try:
        marks = article_marks(q, variants, translate)
    except IndexUnavailable:
        return escaped   # the article stays readable while the index is down, unmarked
    mark = backend().highlight
    return [mark(text, marks, max_chars=len(text) + 1) for text in texts]


def story(article, chunks):
    """(ArticleCopiesView or None, other outlets on the story): what the index knows of
    the article's copies; (None, []) while the index cannot be read (the page stays)."""
    try:
        copies = article_copies_view(article, chunks)
        skip = [c.article.pk for c in copies.copies] if copies else []
        return copies, other_outlets_on_story(article, chunks, skip=skip)
    except IndexUnavailable:
        return None, []


def article_copies_view(article, chunks):
    """The ArticleCopiesView of `article` (None when the backend has no copies)."""
    if not offers("copies"):
        return None
    found = backend().article_copies(article.pk, reference().tables)
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
    `options` go to the backend's `related` (window_days)."""
    if not offers("related"):
        return []
    texts = [article.headline] + [chunk.text for chunk in chunks]
    pks = backend().related(article.pk, texts, article.published, article.outlet.slug,
                            skip=skip, **options)
    found = Article.objects.select_related("outlet").in_bulk(pks)
    return [found[pk] for pk in pks if pk in found]


def mentioned(article, chunks):
    """EntityRefs of the people and places the article names, in gazetteer order."""
    if not offers("entities"):
        return []
    return backend().mentions(article.headline, [c.text for c in chunks], reference().tables)


def gazetteer():
    """EntityRefs of every person and place the search knows ([] without the feature)."""
    return backend().entities(reference().tables) if offers("entities") else []


def without_controls(article, chunks, notes):
    """The texts a page shows, without control characters (a NUL stored by a bad import
    must not reach the HTML); the objects are only rendered, never saved."""
    article.headline, article.authors = visible(article.headline), visible(article.authors)
    for chunk in chunks:
        chunk.text, chunk.heading = visible(chunk.text), visible(chunk.heading)
    for note in notes:
        note.text = visible(note.text)
