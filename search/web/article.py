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
from django.utils.html import escape

from archive.models import Article, Chunk, Commentary

from ..text.dates import last_day_of_month, published_label
from ..engine.entities import PEOPLE, PLACES, text_mentions
from ..engine.highlight import highlight as mark_text, visible
from ..index.errors import IndexUnavailable
from ..types import SearchRequest
from . import page_urls
from .cite import article_page_citations
from .exports import citation
from .forms import SearchForm
from .hydrate import all_entities, article_marks
from .same_story import article_copies_view, other_outlets_on_story

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
    copies: object = None  # engine/article_copies.ParagraphCopies, None: index unreadable

    @property
    def matched(self):
        return "<mark>" in self.html

    @property
    def boilerplate(self):
        return bool(self.copies and self.copies.boilerplate)


def highlight(texts, q, variants):
    """The texts escaped, the query's words marked by the engine's highlighter (whole text)."""
    escaped = [str(escape(text)) for text in texts]
    if not q:
        return escaped
    try:
        marks = article_marks(q, variants)
    except IndexUnavailable:
        return escaped   # the article stays readable while the index is down, unmarked
    return [mark_text(text, marks, max_chars=len(text) + 1) for text in texts]


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
        "all_url": reverse("search") + page_urls.query_string(listing),
    }


def search_came_from(request):
    """The search the reader came from (the result links carry all of it), for its
    marks and the way back; parameters that do not validate keep only the words."""
    form = SearchForm(request.GET)
    if form.is_valid():
        return form.search_request()
    return SearchRequest(q=request.GET.get("q", ""), variants=request.GET.get("variants") != "off")


def shown_without_controls(article, chunks, notes):
    """The texts the page shows, without control characters (a NUL stored by a bad import
    must not reach the HTML); the objects are only rendered, never saved."""
    article.headline, article.authors = visible(article.headline), visible(article.authors)
    for chunk in chunks:
        chunk.text, chunk.heading = visible(chunk.text), visible(chunk.heading)
    for note in notes:
        note.text = visible(note.text)
def story_context(article, chunks):
    """(ArticleCopiesView or None, other outlets on the story): what the index knows of
    the article's copies; (None, []) while the index cannot be read (the page stays)."""
    try:
        copies = article_copies_view(article, chunks)
        skip = [c.article.pk for c in copies.copies]
        return copies, other_outlets_on_story(article, chunks, skip=skip)
    except IndexUnavailable:
        return None, []


def mentioned(article, chunks):
    """The people and places the article names, as (title, [(name, search url)])."""
    found = text_mentions(article.headline, [(c.text, c.language) for c in chunks],
                          all_entities(), article.language)
    groups = []
    for title, kind, parameter in (("People", PEOPLE, "person"), ("Places", PLACES, "place")):
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
    shown_without_controls(article, chunks, public)
    notes_by_chunk = {}
    for note in public:
        if note.chunk_id is not None:
            notes_by_chunk.setdefault(note.chunk_id, []).append(note)
    copies, same_story = story_context(article, chunks)
    paragraphs = paragraph_views(request, article, chunks,
                                 highlight([c.text for c in chunks], q, variants), notes_by_chunk,
                                 copies.paragraphs if copies else None)
    first_match = next((p.chunk.anchor for p in paragraphs if p.matched), "")
    context = {
        "article": article, "q": q, "paragraphs": paragraphs,
        "article_notes": [note for note in public if note.chunk_id is None],
        "matched_count": sum(p.matched for p in paragraphs),
        "first_match": first_match,
        "back_url": (reverse("search") + page_urls.query_string(search_back)
                     if page_urls.query_pairs(search_back) else ""),
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
