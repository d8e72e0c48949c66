"""Citations to download: an article or a paragraph, and a search's results, for a
reference manager (/articles/<id>/cite.<fmt>, /search/export.ris, /search/export.bib).

The formats are written by citations.py; here the database rows become Citables.
"""
from functools import lru_cache

from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from archive.models import Article

from ..service import iter_articles
from . import citations
from .exports import original_url
from .views import download_name, engine_request, public_search_view, read_request


def article_citable(request, article, chunk=None):
    """The Citable of an Article (or of its paragraph `chunk`), with absolute links."""
    link = request.build_absolute_uri(article.get_absolute_url())
    key = f"archive-{article.pk}"
    if chunk is not None:
        link, key = f"{link}#{chunk.anchor}", f"{key}-p-{chunk.key}"
    return citations.Citable(
        key=key, title=article.headline, outlet=article.outlet.name,
        authors=citations.people(article.authors), published=article.published,
        precision=article.published_precision,
        original_url=original_url(article), archive_url=link,
        accessed=timezone.localdate(), paragraph=chunk.position + 1 if chunk else None)


def ref_citable(ref, base_url):
    """The Citable of a search result's ArticleRef."""
    return citations.Citable(
        key=f"archive-{ref.id}", title=ref.headline, outlet=ref.outlet_name,
        authors=citations.people(ref.authors), published=ref.published,
        precision=ref.precision, original_url=original_url(ref),
        archive_url=base_url.rstrip("/") + ref.permalink, accessed=timezone.localdate())


WRITERS = {"bib": citations.bibtex, "ris": citations.ris, "csl.json": citations.csl_json}


def file_response(text, fmt, name):
    response = HttpResponse(text, content_type=f"{citations.FORMATS[fmt][1]}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_GET
def article_citation(request, pk, fmt):
    """One article, or with ?paragraph=KEY one of its paragraphs, in the format `fmt`."""
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=pk)
    chunk = None
    key = request.GET.get("paragraph", "").strip()
    if key:
        chunk = article.chunks.filter(key=key[:16]).first()
        if chunk is None:
            return HttpResponseBadRequest(
                f"paragraph: this article has no paragraph “{key[:40]}”.",
                content_type="text/plain; charset=utf-8")
    item = article_citable(request, article, chunk)
    return file_response(WRITERS[fmt]([item]), fmt, item.key)


@public_search_view
def search_export_ris(request):
    return search_references(request, "ris", citations.ris_entry, "\r\n")


@public_search_view
def search_export_bib(request):
    return search_references(request, "bib", citations.bibtex_entry, "\n")


def search_references(request, fmt, entry, between):
    """One reference per matching article, in the search's order, streamed."""
    req = engine_request(read_request(request))
    base = request.build_absolute_uri("/")
    refs = iter_articles(req)
    first = next(refs, None)      # an unreadable index is a 503 before streaming starts

    def entries():
        if first is None:
            return
        yield entry(ref_citable(first, base))
        for ref in refs:
            yield between + entry(ref_citable(ref, base))

    response = StreamingHttpResponse(
        entries(), content_type=f"{citations.FORMATS[fmt][1]}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{download_name(fmt)}"'
    return response


def article_page_citations(request, article):
    """What the article page shows to cite it: the styled references, the download links,
    and the Highwire meta tags (citation_*) that Zotero's connector and Google Scholar read."""
    item = article_citable(request, article)
    published = ""
    if article.published:
        parts = citations.date_parts(item)
        published = "/".join([f"{parts[0]:04d}"] + [f"{n:02d}" for n in parts[1:]])
    return {
        "styles": [(label, styled(item, name)) for name, (label, _file) in citations.STYLES.items()],
        "formats": [(label, fmt) for fmt, (label, _type) in citations.FORMATS.items()],
        "meta": {"title": citations.plain(article.headline),
                 "authors": [f"{p.family}, {p.given}" if p.given else p.family
                             for p in item.authors],
                 "publication_date": published, "publisher": article.outlet.name},
    }


@lru_cache(maxsize=512)
def styled(item, name):
    """citations.styled, kept: a style takes a few milliseconds to render an item."""
    return citations.styled(item, name)
