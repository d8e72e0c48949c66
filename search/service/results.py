"""The backend's ids and marks turned into results, read from the database.

The backend works on its index alone and answers article and paragraph ids; here the
page's articles, paragraphs and public commentary are read by primary key (rows.py), a
few queries per page, and marked by the backend's highlighter. Every text is cleaned
of control characters on the way (visible).

    load_results(items, marks, outlets)   ArticleResults of a page's PageItems
    export_batch(batch, marks, copies)    ExportMatches of (article, [chunk]) rows
    article_ref(article)                  an Article as an ArticleRef
"""
from dataclasses import replace

from django.urls import reverse

from ..engine.highlight import visible
from ..types import ArticleRef, ArticleResult, CommentaryHit, CopyRef, ExportMatch, ParagraphHit
from .rows import articles as articles_by_id, chunks as chunks_by_id, public_notes
from .backend import backend
from .reference import reference

COMMENTARY_SHOWN = 3
ALSO_NAMED = 5              # articles named under a paragraph ("also in 12 articles: ...")


def load_results(items, marks, outlets):
    """ArticleResults for the page's PageItems, text read from the database and marked
    (`outlets`: {id: Outlet}, the Reference's)."""
    ids = [item.article for item in items]
    named_ids = copy_ids(items)
    # one query for the page's articles and those it names as holding copies
    articles = articles_by_id(ids + sorted(named_ids - set(ids)), outlets)
    chunks = chunks_by_id([c for item in items for c in item.chunks if c])
    notes = public_notes(ids)
    named = {pk: copy_ref(articles[pk]) for pk in named_ids if pk in articles}
    mark = backend().highlight
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
            headline_html=mark(article.headline, marks, max_chars=len(article.headline)),
            folded=[named[a] for a in item.folded if a in named],
            copies=[named[a] for a in item.copies if a in named],
            shown_above=named.get(item.shown_above),
            glosses=backend().glosses([chunks[c].text for c in item.chunks if c in chunks],
                                      marks) if marks.glosses else [],
        ))
    return results


def copy_ids(items):
    """The pks of every article the page names as holding a copy."""
    wanted = set()
    for item in items:
        wanted.update(item.folded, item.copies)
        if item.shown_above is not None:
            wanted.add(item.shown_above)
        for shown in item.shown:
            wanted.update(shown.also_in[:ALSO_NAMED])
    return wanted


def copy_ref(a):
    return CopyRef(a.pk, a.headline, a.outlet.slug, a.outlet.name, a.published,
                   a.get_absolute_url())


def with_copies(hit, shown, named):
    """The ParagraphHit with what the index knows of its copies (types.Shown)."""
    return replace(hit, fingerprint=hex_id(shown.fingerprint), cluster=hex_id(shown.cluster),
                   boilerplate=shown.boilerplate,
                   also_in=[named[a] for a in shown.also_in[:ALSO_NAMED] if a in named],
                   also_in_count=len(shown.also_in),
                   copies_url=reverse("paragraph_copies", args=[shown.chunk])
                   if shown.also_in else "")


def export_batch(batch, marks, copies, mark_text=True):
    """ExportMatches of `batch`, [(article pk, [chunk pks])]: one per paragraph, or one for
    an article matched with none; `copies`: types.ExportCopies."""
    ids = [a for a, _ in batch]
    articles = articles_by_id(ids, reference().outlets)
    chunks = chunks_by_id([c for _, pks in batch for c in pks])
    notes = public_notes(ids)
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
    """The hit with its fingerprint, cluster and boilerplate flag (types.ExportCopies)."""
    if known is None:
        return hit
    fingerprint, cluster, boilerplate = known
    return replace(hit, fingerprint=hex_id(fingerprint), cluster=hex_id(cluster),
                   boilerplate=boilerplate)


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
                        html=backend().highlight(chunk.text, marks),
                        permalink=f"{ref.permalink}#p-{chunk.key}", text=visible(chunk.text),
                        language=chunk.language or ref.language)


def commentary_hits(notes, marks, limit=COMMENTARY_SHOWN):
    """Public commentary on the article that the query matches, marked (at most `limit`)."""
    hits = []
    mark = backend().highlight
    for note in notes:
        marked = mark(note.text, marks)
        if marks and "<mark>" not in marked:
            continue
        hits.append(CommentaryHit(note.pk, marked, note.chunk_key, text=note.text))
        if len(hits) == limit:
            break
    return hits
