"""The database rows the index documents are built from (documents.py builds them)."""
from django.db.models import Q

from archive.models import Article, Chunk, Commentary

from .documents import ArticleRows, documents_from, id_ranges


def documents_for(article_ids):
    """The Whoosh documents (dicts) of these articles (a few hundred ids at most)."""
    return documents_from(_rows(Q(id__in=article_ids), Q(article_id__in=article_ids)))


def documents_between(first_id, last_id, hashes_only=False):
    """The documents of the articles whose ids are in [first_id, last_id] (rebuilds).

    With hashes_only, just {"id", "article", "hash"} per document, without analysing any text.
    """
    return documents_from(rows_between(first_id, last_id), hashes_only)


def rows_between(first_id, last_id):
    """The rows of the articles whose ids are in [first_id, last_id]."""
    return _rows(Q(id__gte=first_id, id__lte=last_id),
                 Q(article_id__gte=first_id, article_id__lte=last_id))


def _rows(article_q, part_q):
    """Read with plain .values() queries: no model instances, no per-row queries."""
    articles = {
        a["id"]: a for a in Article.objects.filter(article_q).values(
            "id", "headline", "authors", "published", "published_precision", "outlet__slug",
            "language")
    }
    notes_by_chunk, notes_by_article = {}, {}
    for article_id, chunk_id, text in Commentary.objects.filter(
            part_q, private=False).order_by("id").values_list("article_id", "chunk_id", "text"):
        target = notes_by_chunk.setdefault(chunk_id, []) if chunk_id else \
            notes_by_article.setdefault(article_id, [])
        target.append(text)
    # In text order, so an article's paragraphs lie in the index as they read (exports and
    # "newest" paragraph lists follow index order within an article).
    chunks = Chunk.objects.filter(part_q).order_by("article_id", "position").values_list(
        "id", "article_id", "key", "position", "text", "language")
    return ArticleRows(articles, notes_by_chunk, notes_by_article,
                       list(chunks.iterator(chunk_size=2000)))


def article_id_ranges(size):
    """(first, last) article id pairs covering every article, `size` articles each."""
    return id_ranges(list(Article.objects.order_by("id").values_list("id", flat=True)), size)


def article_shares(count):
    """The article ids, in order, cut into `count` contiguous shares of equal size."""
    ids = list(Article.objects.order_by("id").values_list("id", flat=True))
    return [ids[len(ids) * k // count:len(ids) * (k + 1) // count] for k in range(count)]
