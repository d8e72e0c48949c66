"""The engine's ids and marks turned into page data, read from the database.

The only place a search touches the ORM: the engine (search/engine/) works on the index
alone and returns article and paragraph ids; here the page's articles, paragraphs and
public commentary are read by primary key, a few queries per page, and highlighted.

    search(request)            the complete SearchResponse for one page
    iter_paragraphs(request)   (ArticleRef, ParagraphHit) for every match, for exports
    iter_articles(request)     ArticleRef of every matching article, for reference exports
    article_marks(q, variants) what a query marks on an article page
    attention(request, ...)    matching articles over time (engine/attention.py)
"""
from archive.gazetteer.models import Entity
from archive.models import Article, Chunk, Commentary, Outlet

from ..engine.attention import attention as attention_series
from ..engine.entities import entity, gazetteer
from ..engine.finding import Lookups, paragraph_order, query_marks, search_page
from ..engine.highlight import highlight
from ..index.searcher import searching
from ..types import ArticleRef, ArticleResult, CommentaryHit, ParagraphHit

EXPORT_BATCH = 200          # articles loaded from the database at a time by exports
COMMENTARY_SHOWN = 3


def lookups():
    """What the engine needs from the database: outlet names, paragraph texts, and the
    archivists' people and places."""
    return Lookups(outlet_names=dict(Outlet.objects.values_list("slug", "name")),
                   paragraph_texts=paragraph_texts, entities=archivists_entities())


def archivists_entities():
    return tuple(entity(e.name, e.kind, e.spelling_list()) for e in Entity.objects.all())


def all_entities():
    """The whole gazetteer: the variant table's people and places and the archivists'."""
    return gazetteer(archivists_entities())


def paragraph_texts(chunk_ids):
    return dict(Chunk.objects.filter(pk__in=chunk_ids).values_list("pk", "text"))


def search(request):
    """The complete response for one page of `request`."""
    handed = lookups()
    with searching() as s:
        page = search_page(s, request, handed)
    page.response.results = load_results(page.items, page.marks)
    return page.response


def iter_paragraphs(request):
    """(ArticleRef, ParagraphHit) for every matching paragraph, in the request's order.

    The order is computed from the index at the start (plain integers); paragraphs are
    then read from the database EXPORT_BATCH articles at a time.
    """
    handed = lookups()
    with searching() as s:
        order, marks = paragraph_order(s, request, handed)
    for start in range(0, len(order), EXPORT_BATCH):
        yield from _export_batch(order[start:start + EXPORT_BATCH], marks)


def iter_articles(request):
    """ArticleRef of every article the request matches, in its order, EXPORT_BATCH at a
    time from the database (no paragraph is read)."""
    handed = lookups()
    with searching() as s:
        order, _marks = paragraph_order(s, request, handed)
    ids = [article for article, _chunks in order]
    for start in range(0, len(ids), EXPORT_BATCH):
        batch = ids[start:start + EXPORT_BATCH]
        articles = Article.objects.select_related("outlet").in_bulk(batch)
        yield from (article_ref(articles[pk]) for pk in batch if pk in articles)


def article_marks(q, variants):
    """The words and phrases the engine marks for `q` (IndexUnavailable if it cannot)."""
    handed = lookups()
    with searching() as s:
        return query_marks(s, q, variants, handed)


def attention(request, compare=(), interval="", normalize="count"):
    """types.Attention of `request` and the `compare` queries (IndexUnavailable if the
    index cannot be read)."""
    handed = lookups()
    with searching() as s:
        return attention_series(s, request, compare, interval, normalize, handed)


def newest_article():
    """The highest article id the index holds (0 when empty): what a saved search has
    seen, so the next look shows only articles indexed after it."""
    with searching() as s:
        ids = s.info.article_array
        return int(ids.max()) if len(ids) else 0


def _export_batch(batch, marks):
    ids = [a for a, _ in batch]
    articles = Article.objects.select_related("outlet").in_bulk(ids)
    chunks = Chunk.objects.in_bulk([c for _, pks in batch for c in pks])
    for article_id, pks in batch:
        article = articles.get(article_id)
        if article is None:
            continue
        ref = article_ref(article)
        for pk in pks:
            chunk = chunks.get(pk)
            if chunk is not None:
                yield ref, paragraph_hit(ref, chunk, marks)


def load_results(items, marks):
    """ArticleResults for the page's PageItems, text read from the database and marked."""
    ids = [item.article for item in items]
    articles = Article.objects.select_related("outlet").in_bulk(ids)
    chunks = Chunk.objects.in_bulk([c for item in items for c in item.chunks if c])
    notes = {}
    for note in Commentary.objects.filter(article_id__in=ids, private=False).select_related("chunk"):
        notes.setdefault(note.article_id, []).append(note)
    results = []
    for item in items:
        article = articles.get(item.article)
        if article is None:       # deleted since the index last caught up
            continue
        ref = article_ref(article)
        shown = [chunks[c] for c in item.chunks if c in chunks]
        results.append(ArticleResult(
            article=ref,
            matching_paragraphs=item.count,
            paragraphs=[paragraph_hit(ref, chunk, marks) for chunk in shown],
            commentary=commentary_hits(notes.get(item.article, []), marks),
        ))
    return results


def article_ref(article):
    return ArticleRef(
        id=article.pk, headline=article.headline, outlet_slug=article.outlet.slug,
        outlet_name=article.outlet.name, authors=article.authors, published=article.published,
        precision=article.published_precision, url=article.url,
        permalink=article.get_absolute_url(),
    )


def paragraph_hit(ref, chunk, marks):
    return ParagraphHit(id=chunk.key, position=chunk.position, heading=chunk.heading,
                        html=highlight(chunk.text, marks),
                        permalink=f"{ref.permalink}#p-{chunk.key}", text=chunk.text)


def commentary_hits(notes, marks):
    """Public commentary on the article that the query matches, marked."""
    hits = []
    for note in notes:
        marked = highlight(note.text, marks)
        if marks and "<mark>" not in marked:
            continue
        hits.append(CommentaryHit(note.pk, marked, note.chunk.key if note.chunk else None))
        if len(hits) == COMMENTARY_SHOWN:
            break
    return hits
