"""GET /api/search: the search as JSON, with the same parameters as the search page.

Bad parameters give a 400 whose JSON names each parameter that is wrong; an index that
cannot be read gives a 503 with a plain message (what to run goes to the server log). Only the `html` fields carry
markup, and that is escaped text plus <mark>.
"""
from django.http import JsonResponse

from ..service import IndexUnavailable, logged, read_parameters, search
from ..service.facets import facets_json
from .answers import json_api
from .exports import original_url


@json_api
def search_api(request):
    req, errors = read_parameters(request.GET)
    if req is None:
        return JsonResponse({"error": "bad parameters", "parameters": errors}, status=400)
    try:
        response = search(req)
    except IndexUnavailable as error:
        reply = JsonResponse({"error": "index unavailable", "message": logged(error)}, status=503)
        reply["Retry-After"] = "60"
        return reply
    return JsonResponse(as_json(response, request), json_dumps_params={"ensure_ascii": False})


def as_json(response, request):
    req = response.request
    return {
        "query": req.q,
        "interpreted": response.interpreted,
        "notices": response.notices,
        "relaxed": response.relaxed,
        "variants_used": response.variants_used,
        "scripts_used": response.scripts_used,
        "query_languages": response.query_languages,
        "translations": [{"language": t.code, "name": t.name, "terms": t.terms,
                          "articles": t.articles} for t in response.translations],
        "total_articles": response.total_articles,
        "total_paragraphs": response.total_paragraphs,
        "all_words_articles": response.all_words_articles,
        "some_words_articles": response.some_words_articles,
        "folded": response.folded,
        "boilerplate_hidden": response.boilerplate_hidden,
        "page": response.page,
        "pages": response.pages,
        "results": [result_json(r, request) for r in response.results],
        "facets": facets_json(response.facets),
        "suggestion": ({"q": response.suggestion.q, "count": response.suggestion.count}
                       if response.suggestion else None),
    }


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
        "glosses": [{"term": g.term, "meaning": g.meaning, "language": g.language}
                    for g in result.glosses],
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
