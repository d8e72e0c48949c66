"""The engine's ids and marks turned into page data, read from the database.

The only place a search touches the ORM: the engine (search/engine/) works on the index
alone and returns article and paragraph ids; here the page's articles, paragraphs and
public commentary are read by primary key, a few queries per page, and highlighted.

    search(request)            the complete SearchResponse for one page
    iter_paragraphs(request)   (ArticleRef, ParagraphHit) for every matching paragraph
    iter_matches(request)      ExportMatch for every match, with its commentary (exports)
    iter_articles(request)     ArticleRef of every matching article, for reference exports
    article_marks(q, variants) what a query marks on an article page
    recently_changed(request, size)  the matching articles last added or changed (feeds)
    attention(request, ...)    matching articles over time (engine/attention.py)
"""
from dataclasses import replace

import numpy

from django.conf import settings
from django.urls import reverse

from archive.models import Article, Chunk

from ..engine.attention import attention as attention_series
from ..engine.budget import Budget
from ..engine.finding import (Lookups, chosen_page, matching_articles, paragraph_order,
                              query_marks, search_page)
from ..engine.highlight import highlight, visible
from ..index.searcher import searching
from ..types import ArticleRef, ArticleResult, CommentaryHit, CopyRef, ExportMatch, ParagraphHit
from . import page_rows
from .reference import reference

EXPORT_BATCH = 200          # articles loaded from the database at a time by exports
COMMENTARY_SHOWN = 3
ALSO_NAMED = 5              # articles named under a paragraph ("also in 12 articles: ...")


def lookups(budget=None, held=None):
    """What the engine needs from the database (outlet names, paragraph texts, the
    archivists' spelling variants, boilerplate verdicts and people and places: the
    process's Reference, reference.py, or `held`) and this request's work budget
    (engine/budget.py)."""
    held = held or reference()
    return Lookups(outlet_names=held.outlet_names, paragraph_texts=paragraph_texts,
                   variants=held.variants, budget=budget or request_budget(),
                   boilerplate_verdicts=held.verdicts, entities=held.archivists_entities)


def request_budget():
    return Budget.start(seconds=settings.SEARCH_BUDGET_SECONDS,
                        max_terms=settings.SEARCH_MAX_EXPANDED_TERMS)


def verdicts():
    """The archivist's boilerplate verdicts: {(outlet slug, fingerprint): is boilerplate}."""
    return reference().verdicts


def all_entities():
    """The whole gazetteer: the variant table's people and places and the archivists'."""
    return reference().entities


def paragraph_texts(chunk_ids):
    return dict(Chunk.objects.filter(pk__in=chunk_ids).values_list("pk", "text"))


def search(request):
    """The complete response for one page of `request`."""
    held = reference()      # once: outside a web request each call reads its token
    with searching() as s:
        page = search_page(s, request, lookups(held=held))
    page.response.results = load_results(page.items, page.marks, held.outlets)
    return page.response


def iter_paragraphs(request):
    """(ArticleRef, ParagraphHit) for every matching paragraph, in the request's order."""
    for match in iter_matches(request):
        if match.paragraph is not None:
            yield match.article, match.paragraph


def iter_matches(request):
    """An ExportMatch for every matching paragraph, in the request's order, and for
    each article that matched with no paragraph.

    The order is computed from the index at the start (plain integers); paragraphs are
    then read from the database EXPORT_BATCH articles at a time.
    """
    handed = lookups()
    with searching() as s:
        order, marks, copies = paragraph_order(s, request, handed)
    for start in range(0, len(order), EXPORT_BATCH):
        yield from _export_batch(order[start:start + EXPORT_BATCH], marks, copies)


# How many of the most recently changed articles a feed looks through for its entries
# (RECENT_BATCH at a time): a search none of whose matches changed lately has a short feed
# rather than a scan of the whole table.
RECENT_BATCH = 1000
RECENT_LIMIT = 20_000


def recently_changed(request, size):
    """The response of `request`'s matching articles most recently added or changed,
    the last changed first, at most `size`."""
    held = reference()
    handed = lookups(held=held)
    with searching() as s:
        matching = matching_articles(s, request, handed)
        chosen = latest_of(matching, size)
        page = chosen_page(s, request, handed, chosen)
    page.response.results = load_results(page.items, page.marks, held.outlets)
    return page.response


def latest_of(article_pks, size):
    """Up to `size` of `article_pks`, the last changed first (Article.updated)."""
    chosen = []
    newest = Article.objects.order_by("-updated", "-pk").values_list("pk", flat=True)
    for start in range(0, RECENT_LIMIT, RECENT_BATCH):
        batch = numpy.array(list(newest[start:start + RECENT_BATCH]), dtype=numpy.int64)
        if not len(batch):
            break
        chosen += batch[numpy.isin(batch, article_pks)].tolist()
        if len(chosen) >= size:
            break
    return chosen[:size]


def export_matches(request, limit, budget=None):
    """(rows the search matches, an iterator of the first `limit` as ExportMatch), for
    exports: a row per matching paragraph, and one for an article matched with none.
    The order is found now, so an unreadable index is a 503 before anything streams.
    `budget`: the request's budget by default (manage.py export_search: unlimited)."""
    handed = lookups(budget)
    with searching() as s:
        order, marks, copies = paragraph_order(s, request, handed)
    matching = sum(len(pks) or 1 for _, pks in order)
    return matching, _batches(first_rows(order, limit), marks, copies)


def first_rows(order, limit):
    """The order cut after its first `limit` rows."""
    cut = []
    for article_id, pks in order:
        if limit <= 0:
            break
        cut.append((article_id, pks[:limit]))
        limit -= len(pks) or 1
    return cut


def _batches(order, marks, copies):
    # A file holds the whole text: its paragraphs are not highlighted (10,000 rows would
    # cost seconds), only the commentary is marked, to tell which notes the query matched.
    for start in range(0, len(order), EXPORT_BATCH):
        yield from _export_batch(order[start:start + EXPORT_BATCH], marks, copies,
                                 mark_text=False)


def iter_articles(request):
    """ArticleRef of every article the request matches, in its order, EXPORT_BATCH at a
    time from the database (no paragraph is read)."""
    handed = lookups()
    with searching() as s:
        order, _marks, _copies = paragraph_order(s, request, handed)
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


def _export_batch(batch, marks, copies, mark_text=True):
    ids = [a for a, _ in batch]
    articles = page_rows.articles(ids, reference().outlets)
    chunks = page_rows.chunks([c for _, pks in batch for c in pks])
    notes = page_rows.public_notes(ids)
    for article_id, pks in batch:
        article = articles.get(article_id)
        if article is None:
            continue
        ref = replace(article_ref(article), copies=tuple(copies.stories.get(article_id, ())))
        matched = commentary_hits(notes.get(article_id, []), marks, limit=None)
        on_article = [n for n in matched if n.paragraph_id is None]
        hits = [with_signature(paragraph_hit(ref, chunks[pk], marks if mark_text else None),
                               copies.paragraphs.get(pk))
                for pk in pks if pk in chunks]
        if not hits:
            yield ExportMatch(ref, None, on_article)
        for n, hit in enumerate(hits):   # the whole article's go with its first row
            yield ExportMatch(ref, hit, [note for note in matched if note.paragraph_id == hit.id
                                         or (n == 0 and note.paragraph_id is None)])


def with_signature(hit, known):
    """The hit with its fingerprint, cluster and boilerplate flag (engine ExportCopies)."""
    if known is None:
        return hit
    fingerprint, cluster, boilerplate = known
    return replace(hit, fingerprint=hex_id(fingerprint), cluster=hex_id(cluster),
                   boilerplate=boilerplate)


def load_results(items, marks, outlets):
    """ArticleResults for the page's PageItems, text read from the database and marked
    (`outlets`: {id: Outlet}, the Reference's)."""
    ids = [item.article for item in items]
    articles = page_rows.articles(ids, outlets)
    chunks = page_rows.chunks([c for item in items for c in item.chunks if c])
    notes = page_rows.public_notes(ids)
    named = copy_refs(items, outlets)
    results = []
    for item in items:
        article = articles.get(item.article)
        if article is None:       # deleted since the index last caught up
            continue
        ref = article_ref(article)
        hits = ([with_copies(paragraph_hit(ref, chunks[p.chunk], marks), p, named)
                 for p in item.shown if p.chunk in chunks] if item.shown else
                [paragraph_hit(ref, chunks[c], marks) for c in item.chunks if c in chunks])
        results.append(ArticleResult(
            article=ref,
            matching_paragraphs=item.count,
            paragraphs=hits,
            commentary=commentary_hits(notes.get(item.article, []), marks),
            headline_html=highlight(article.headline, marks, max_chars=len(article.headline)),
            folded=[named[a] for a in item.folded if a in named],
            copies=[named[a] for a in item.copies if a in named],
            shown_above=named.get(item.shown_above),
        ))
    return results


def copy_refs(items, outlets):
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
            for a in page_rows.articles(wanted, outlets).values()}


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
        id=article.pk, headline=visible(article.headline), outlet_slug=article.outlet.slug,
        outlet_name=visible(article.outlet.name), authors=visible(article.authors),
        published=article.published,
        precision=article.published_precision, url=article.url,
        permalink=article.get_absolute_url(), added=article.created, changed=article.updated,
        language=article.language,
    )


def paragraph_hit(ref, chunk, marks):
    return ParagraphHit(id=chunk.key, position=chunk.position, heading=visible(chunk.heading),
                        html=highlight(chunk.text, marks),
                        permalink=f"{ref.permalink}#p-{chunk.key}", text=visible(chunk.text),
                        language=chunk.language or ref.language)


def commentary_hits(notes, marks, limit=COMMENTARY_SHOWN):
    """Public commentary on the article that the query matches, marked (at most `limit`)."""
    hits = []
    for note in notes:
        marked = highlight(note.text, marks)
        if marks and "<mark>" not in marked:
            continue
        hits.append(CommentaryHit(note.pk, marked, note.chunk_key, text=note.text))
        if len(hits) == limit:
            break
    return hits
