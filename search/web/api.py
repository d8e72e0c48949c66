"""GET /api/search: the search as JSON, with the same parameters as the search page.

Bad parameters give a 400 whose JSON names each parameter that is wrong; an index that
cannot be read gives a 503 with a plain message (what to run goes to the server log). Only the `html` fields carry
markup, and that is escaped text plus <mark>.
"""
from django.http import JsonResponse

from ..index.errors import IndexUnavailable, logged
from .answers import json_api
from .exports import original_url
from .forms import SearchForm
from .hydrate import search


@json_api
def search_api(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        errors = {name: " ".join(messages) for name, messages in form.errors.items()}
        return JsonResponse({"error": "bad parameters", "parameters": errors}, status=400)
    try:
        response = search(form.search_request())
    except IndexUnavailable as error:
        reply = JsonResponse({"error": "index unavailable", "message": logged(error)}, status=503)
        reply["Retry-After"] = "60"
        return reply
    return JsonResponse(as_json(response, request), json_dumps_params={"ensure_ascii": False})


def as_json(response, request):
    req = response.request
    facets = response.facets
    return {
        "query": req.q,
        "interpreted": response.interpreted,
        "notices": response.notices,
        "relaxed": response.relaxed,
        "variants_used": response.variants_used,
        "scripts_used": response.scripts_used,
        "total_articles": response.total_articles,
        "total_paragraphs": response.total_paragraphs,
        "folded": response.folded,
        "boilerplate_hidden": response.boilerplate_hidden,
        "page": response.page,
        "pages": response.pages,
        "results": [result_json(r, request) for r in response.results],
        "facets": {
            "outlet": [{"slug": o.slug, "name": o.name, "count": o.count,
                        "selected": o.selected, "excluded": o.excluded}
                       for o in (facets.outlets if facets else [])],
            "published": [{"bucket": b.bucket, "count": b.count}
                          for b in (facets.published if facets else [])],
            "undated": facets.undated if facets else 0,
            "lang": [{"code": c.code, "name": c.name, "count": c.count, "selected": c.selected}
                     for c in (facets.languages if facets else [])],
            "people": entity_json(facets.people if facets else []),
            "places": entity_json(facets.places if facets else []),
        },
        "suggestion": ({"q": response.suggestion.q, "count": response.suggestion.count}
                       if response.suggestion else None),
    }


def entity_json(counts):
    return [{"slug": e.slug, "name": e.name, "count": e.count, "selected": e.selected,
             "excluded": e.excluded} for e in counts]


def result_json(result, request):
    """One result. Paragraphs are numbered from 1 (`position`), as on the pages and in
    the exports; a missing value (no authors, date, url, heading) is null."""
    article = result.article
    return {
        "article": {
            "id": article.id,
            "headline": article.headline,
            "headline_html": result.headline_html or None,
            "outlet": {"slug": article.outlet_slug, "name": article.outlet_name},
            "authors": article.authors or None,
            "published": article.published.isoformat() if article.published else None,
            "precision": article.precision if article.published else None,
            "url": original_url(article) or None,
            "permalink": request.build_absolute_uri(article.permalink),
            "language": article.language,
        },
        "matching_paragraphs": result.matching_paragraphs,
        "paragraphs": [{"id": p.id, "position": p.position + 1, "heading": p.heading or None,
                        "html": p.html, "language": p.language,
                        "permalink": request.build_absolute_uri(p.permalink),
                        "fingerprint": p.fingerprint or None, "cluster": p.cluster or None,
                        "boilerplate": p.boilerplate, "also_in_count": p.also_in_count,
                        "also_in": [c.id for c in p.also_in]}
                       for p in result.paragraphs],
        # ids of its syndicated copies, and of the results folded into this one
        "copies": [c.id for c in result.copies],
        "folded": [c.id for c in result.folded],
        "commentary": [{"id": c.id, "html": c.html, "paragraph_id": c.paragraph_id}
                       for c in result.commentary],
    }
