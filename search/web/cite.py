"""Citations to download: an article or a paragraph, and a search's results, for a
reference manager (/articles/<id>/cite.<fmt>, /search/export.ris, /search/export.bib).

The formats are written by citations.py; here the database rows become Citables.
"""
import json
from functools import lru_cache

from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

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
        authors=citations.people(article.authors, article.outlet.name),
        published=article.published, precision=article.published_precision,
        original_url=original_url(article), archive_url=link,
        accessed=timezone.localdate(), paragraph=chunk.position + 1 if chunk else None,
        language=article.language or "")


def ref_citable(ref, base_url):
    """The Citable of a search result's ArticleRef."""
    return citations.Citable(
        key=f"archive-{ref.id}", title=ref.headline, outlet=ref.outlet_name,
        authors=citations.people(ref.authors, ref.outlet_name), published=ref.published,
        precision=ref.precision, original_url=original_url(ref),
        archive_url=base_url.rstrip("/") + ref.permalink, accessed=timezone.localdate(),
        language=ref.language or "")


WRITERS = {"bib": citations.bibtex, "ris": citations.ris, "csl.json": citations.csl_json}


def file_response(text, fmt, name):
    response = HttpResponse(text, content_type=f"{citations.FORMATS[fmt][1]}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_safe
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


@public_search_view(kind="text")
def search_export_ris(request):
    return search_references(request, "ris", citations.ris_entry, "\r\n")


@public_search_view(kind="text")
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
    and the metadata reference managers and crawlers read from its <head>."""
    item = article_citable(request, article)
    return {
        "styles": [(label, styled(item, name)) for name, (label, _file) in citations.STYLES.items()],
        # (label, address): the article's reference, and each paragraph's with ?paragraph=
        "downloads": [(label, reverse("article_citation", args=[article.pk, fmt]))
                      for fmt, (label, _type) in citations.FORMATS.items()],
        "meta": page_metadata(item, article),
        "json_ld": json_ld(item, article),
    }


def page_metadata(item, article):
    """The <meta> tags of the article page, as Zotero's "Embedded Metadata" translator
    reads them (zotero/translators, Embedded Metadata.js and RDF.js):

    - Highwire's citation_* tags, but not citation_journal_title: the translator makes any
      page that has it a "Journal Article". DC.type names Zotero's "newspaperArticle" (its
      RDF reading takes a Dublin Core type that is a Zotero item type) and DC.source the
      newspaper, which becomes the item's publication (og:site_name stays the archive's).
    - An organisation's credit is left out of citation_author: the translator splits any
      name it is given into first and last ("Welle, Deutsche"); JSON-LD names it whole.
    - Open Graph (og:*, article:*) for every other reader of page metadata.
    """
    date_text = iso_date(item)
    return {
        "title": citations.plain(article.headline),
        "authors": [f"{p.family}, {p.given}" if p.given else p.family
                    for p in item.authors if p.given or " " not in p.family],
        "publication_date": date_text.replace("-", "/"),
        "published_iso": date_text,
        "language": item.language,
        "publisher": citations.plain(article.outlet.name),
        "url": item.archive_url,
        "original_url": item.original_url,
    }


def iso_date(item):
    """2024, 2024-08 or 2024-08-14, as precisely as the date is known ("" when unknown)."""
    if not item.published:
        return ""
    parts = citations.date_parts(item)
    return "-".join([f"{parts[0]:04d}"] + [f"{n:02d}" for n in parts[1:]])


def json_ld(item, article) -> str:
    """schema.org NewsArticle as JSON for <script type="application/ld+json">, with "<",
    ">" and "&" escaped so no text can end the script element."""
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": citations.plain(article.headline), "url": item.archive_url,
        "mainEntityOfPage": item.archive_url,
        "publisher": {"@type": "Organization", "name": citations.plain(article.outlet.name)},
        # a credit with no given name is an outlet's or an agency's ("Reuters")
        "author": [{"@type": "Person", "name": f"{p.given} {p.family}"} if p.given
                   else {"@type": "Organization", "name": p.family} for p in item.authors],
        "dateModified": article.updated.isoformat() if article.updated else None,
    }
    published = iso_date(item)
    if published:
        data["datePublished"] = published
    if item.language:
        data["inLanguage"] = item.language
    if item.original_url:
        data["isBasedOn"] = item.original_url
    if not data["author"]:
        del data["author"]
    text = json.dumps({k: v for k, v in data.items() if v is not None}, ensure_ascii=False)
    return text.translate({ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"})


@lru_cache(maxsize=512)
def styled(item, name):
    """citations.styled, kept: a style takes a few milliseconds to render an item."""
    return citations.styled(item, name)
