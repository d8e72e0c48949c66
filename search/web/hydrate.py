"""The engine's ids and marks turned into page data, read from the database.

The only place a search touches the ORM: the engine (search/engine/) works on the index
alone and returns article and paragraph ids; here the page's articles, paragraphs and
public commentary are read by primary key, a few queries per page, and highlighted.

    search(request)            the complete SearchResponse for one page
    iter_paragraphs(request)   (ArticleRef, ParagraphHit) for every match, for exports
    article_marks(q, variants) what a query marks on an article page
"""
from dataclasses import replace

from django.urls import reverse

from archive.models import Article, Chunk, Commentary, Outlet

from ..engine.finding import Lookups, paragraph_order, query_marks, search_page
from ..engine.highlight import highlight
from ..index.searcher import searching
from ..models import BoilerplateVerdict
from ..types import ArticleRef, ArticleResult, CommentaryHit, CopyRef, ParagraphHit

EXPORT_BATCH = 200          # articles loaded from the database at a time by exports
COMMENTARY_SHOWN = 3
ALSO_NAMED = 5              # articles named under a paragraph ("also in 12 articles: ...")


def lookups():
    """What the engine needs from the database: outlet names, paragraph texts, verdicts."""
    return Lookups(outlet_names=dict(Outlet.objects.values_list("slug", "name")),
                   paragraph_texts=paragraph_texts, boilerplate_verdicts=verdicts())


def verdicts():
    """The archivist's boilerplate verdicts: {(outlet slug, fingerprint): is boilerplate}."""
    return {(slug, int(fingerprint, 16)): verdict for slug, fingerprint, verdict in
            BoilerplateVerdict.objects.values_list("outlet__slug", "fingerprint",
                                                   "is_boilerplate")}


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
        order, marks, copies = paragraph_order(s, request, handed)
    for start in range(0, len(order), EXPORT_BATCH):
        yield from _export_batch(order[start:start + EXPORT_BATCH], marks, copies)


def article_marks(q, variants):
    """The words and phrases the engine marks for `q` (IndexUnavailable if it cannot)."""
    handed = lookups()
    with searching() as s:
        return query_marks(s, q, variants, handed)


def _export_batch(batch, marks, copies):
    ids = [a for a, _ in batch]
    articles = Article.objects.select_related("outlet").in_bulk(ids)
    chunks = Chunk.objects.in_bulk([c for _, pks in batch for c in pks])
    for article_id, pks in batch:
        article = articles.get(article_id)
        if article is None:
            continue
        ref = replace(article_ref(article), copies=tuple(copies.stories.get(article_id, ())))
        for pk in pks:
            chunk = chunks.get(pk)
            if chunk is not None:
                fingerprint, cluster, boilerplate = copies.paragraphs[pk]
                yield ref, replace(paragraph_hit(ref, chunk, marks),
                                   fingerprint=hex_id(fingerprint), cluster=hex_id(cluster),
                                   boilerplate=boilerplate)


def load_results(items, marks):
    """ArticleResults for the page's PageItems, text read from the database and marked."""
    ids = [item.article for item in items]
    articles = Article.objects.select_related("outlet").in_bulk(ids)
    chunks = Chunk.objects.in_bulk([c for item in items for c in item.chunks if c])
    notes = {}
    for note in Commentary.objects.filter(article_id__in=ids, private=False).select_related("chunk"):
        notes.setdefault(note.article_id, []).append(note)
    named = copy_refs(items)
    results = []
    for item in items:
        article = articles.get(item.article)
        if article is None:       # deleted since the index last caught up
            continue
        ref = article_ref(article)
        hits = [with_copies(paragraph_hit(ref, chunks[p.chunk], marks), p, named)
                for p in item.shown if p.chunk in chunks]
        results.append(ArticleResult(
            article=ref,
            matching_paragraphs=item.count,
            paragraphs=hits,
            commentary=commentary_hits(notes.get(item.article, []), marks),
            folded=[named[a] for a in item.folded if a in named],
            copies=[named[a] for a in item.copies if a in named],
            shown_above=named.get(item.shown_above),
        ))
    return results


def copy_refs(items):
    """{article pk: CopyRef} for every article the page names as holding a copy."""
    wanted = set()
    for item in items:
        wanted.update(item.folded, item.copies)
        if item.shown_above is not None:
            wanted.add(item.shown_above)
        for shown in item.shown:
            wanted.update(shown.also_in[:ALSO_NAMED])
    return {a.pk: CopyRef(a.pk, a.headline, a.outlet.slug, a.outlet.name, a.published,
                          a.get_absolute_url())
            for a in Article.objects.select_related("outlet").filter(pk__in=wanted)
            .only("headline", "published", "outlet__slug", "outlet__name")}


def with_copies(hit, shown, named):
    """The ParagraphHit with what the index knows of its copies (engine finding.Shown)."""
    return replace(hit, fingerprint=hex_id(shown.fingerprint), cluster=hex_id(shown.cluster),
                   boilerplate=shown.boilerplate,
                   also_in=[named[a] for a in shown.also_in[:ALSO_NAMED] if a in named],
                   also_in_count=len(shown.also_in),
                   copies_url=reverse("paragraph_copies", args=[shown.chunk])
                   if shown.also_in else "")


def hex_id(number):
    return f"{number:016x}" if number else ""


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
