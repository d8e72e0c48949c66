"""Public pages of the archive: the article reading page.

An article is shown paragraph by paragraph, each with its permanent anchor (#p-KEY), a
citation to copy, and the archivist's public commentary beside it. Arriving from a search
(?q=...), the query's words are marked by the search engine's own highlighter.
"""
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from archive.models import Article, Chunk, Commentary

from ..service import (marked_texts, mentioned as mentions, query_pairs, query_string,
                       read_parameters, story, without_controls)
from ..service.facets import ENTITY_FACETS
from ..text.dates import last_day_of_month, published_label
from ..types import SearchRequest
from .cite import article_page_citations
from .exports import citation

RELATED_LIMIT = 8
MAX_QUERY = 1000


@dataclass(frozen=True)
class ParagraphView:
    chunk: Chunk
    number: int           # 1-based, as readers count
    html: str             # escaped text, with <mark> around the query's words
    starts_section: bool  # its heading differs from the paragraph before
    notes: list
    citation: str
    copies: object = None  # types.ParagraphCopies, None: index unreadable (or no copies)

    @property
    def matched(self):
        return "<mark>" in self.html

    @property
    def boilerplate(self):
        return bool(self.copies and self.copies.boilerplate)


def paragraph_views(request, article, chunks, html, notes_by_chunk, copies=None):
    page_url = request.build_absolute_uri(article.get_absolute_url())
    outlet, date_text = article.outlet.name, published_label(
        article.published, article.published_precision)
    url = article.url if article.url.lower().startswith(("http://", "https://")) else ""
    views, previous_heading = [], ""
    for chunk, text_html in zip(chunks, html):
        views.append(ParagraphView(
            chunk=chunk, number=chunk.position + 1, html=text_html,
            starts_section=bool(chunk.heading) and chunk.heading != previous_heading,
            notes=notes_by_chunk.get(chunk.pk, []),
            citation=citation(outlet, article.authors, article.headline, date_text, url,
                              chunk.position, f"{page_url}#{chunk.anchor}"),
            copies=(copies or {}).get(chunk.pk),
        ))
        previous_heading = chunk.heading
    return views


def period_of(article):
    """The month the article appeared in (its year, when only the year is known)."""
    start = article.published
    if article.published_precision == Article.Precision.YEAR:
        return date(start.year, 1, 1), date(start.year, 12, 31)
    return start.replace(day=1), last_day_of_month(start)


def related_articles(article):
    """Other articles from the same outlet and month, with the search that lists them all."""
    if not article.published:
        return None
    start, end = period_of(article)
    others = (Article.objects.filter(outlet=article.outlet, published__range=(start, end))
              .exclude(pk=article.pk).order_by("published", "pk")
              .only("headline", "published", "published_precision"))
    listing = SearchRequest(outlets=(article.outlet.slug,), date_from=start, date_to=end)
    return {
        "articles": list(others[:RELATED_LIMIT]),
        "period": published_label(start, "year" if article.published_precision == "year"
                                  else "month"),
        "all_url": reverse("search") + query_string(listing),
    }


def search_came_from(request):
    """The search the reader came from (the result links carry all of it), for its
    marks and the way back; parameters that do not validate keep only the words."""
    req, _problems = read_parameters(request.GET)
    if req is not None:
        return req
    return SearchRequest(q=request.GET.get("q", ""), variants=request.GET.get("variants") != "off")


def mentioned(article, chunks):
    """The people and places the article names, as (title, [(name, search url)])."""
    found = mentions(article, chunks)
    groups = []
    for title, kind in (("People", "person"), ("Places", "place")):
        parameter = ENTITY_FACETS[kind].chosen
        links = [(e.name, reverse("search") + "?" + urlencode({parameter: e.slug}))
                 for e in found if e.kind == kind]
        if links:
            groups.append((title, links))
    return groups


def article_page(request, pk):
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=pk)
    search_back = search_came_from(request)
    q, variants = search_back.q.strip()[:MAX_QUERY], search_back.variants
    chunks = list(article.chunks.order_by("position"))
    public = list(Commentary.objects.filter(article=article, private=False)
                  .select_related("chunk").order_by("created", "pk"))
    without_controls(article, chunks, public)
    notes_by_chunk = {}
    for note in public:
        if note.chunk_id is not None:
            notes_by_chunk.setdefault(note.chunk_id, []).append(note)
    copies, same_story = story(article, chunks)
    paragraphs = paragraph_views(request, article, chunks,
                                 marked_texts([c.text for c in chunks], q, variants,
                                              search_back.translate), notes_by_chunk,
                                 copies.paragraphs if copies else None)
    first_match = next((p.chunk.anchor for p in paragraphs if p.matched), "")
    context = {
        "article": article, "q": q, "paragraphs": paragraphs,
        "article_notes": [note for note in public if note.chunk_id is None],
        "matched_count": sum(p.matched for p in paragraphs),
        "first_match": first_match,
        "back_url": (reverse("search") + query_string(search_back)
                     if query_pairs(search_back) else ""),
        "related": related_articles(article),
        # site.js says so when the link named one of these (#p-KEY): not silently the top
        "removed_paragraphs": {r.key: f"{r.removed:%Y-%m-%d}"
                               for r in article.removed_paragraphs.all()},
        "copies": copies.copies if copies else [],
        "same_story": same_story,
        "cite": article_page_citations(request, article),
        "mentioned": mentioned(article, chunks),
    }
    return render(request, "archive/article.html", context)
