"""The JSON API described once, for people (GET /api/) and for programs (GET /api/openapi.json).

Both pages are drawn from the parameters as the search service declares them
(search/service/parameters.py), from its facets (search/service/facets.py) and from
FIELDS below, so the description a person reads, the OpenAPI document a client generator
reads and what the form accepts cannot disagree. tests/test_api_docs.py checks
that every field an actual /api/search answer carries is described here, and the reverse.
"""
from dataclasses import dataclass

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from ..service import MAX_COMPARE, PARAMETERS
from ..service.facets import FACETS
from ..types import INTERVALS, NORMALIZATIONS
from .answers import json_api


@dataclass(frozen=True)
class Field:
    path: str            # dotted, [] for each item of a list
    kind: str            # string, integer, boolean, array, object; "|null" when it may be null
    description: str


FIELDS = [
    Field("query", "string", "The q parameter as received."),
    Field("interpreted", "string", "How the query was read (AND, OR, NOT, fields); when "
          "`relaxed` is true, as \"at least two of (...)\", as the notice says."),
    Field("notices", "array", "Sentences about the reading: relaxed matching and its rule, "
          "parts of the query that were cut or could not be read."),
    Field("relaxed", "boolean", "Some results lack a word of the query: after the articles "
          "with every word come those with at least two of them (one of two), those with "
          "more (and rarer) of them first; a long question is read without its filler."),
    Field("variants_used", "array", "Other spellings that matched (from the variant table)."),
    Field("scripts_used", "array", "The spellings matched in another script (Latin for a "
          "Cyrillic query, Cyrillic for a Latin one), each with its script."),
    Field("total_articles", "integer", "Matching articles, after the filters."),
    Field("all_words_articles", "integer", "Of total_articles, those with every word of the "
          "query, in one paragraph or across the article (they come first)."),
    Field("some_words_articles", "integer", "Of total_articles, those with only some of the "
          "words (ask for none of them with within=article or within=paragraph)."),
    Field("total_paragraphs", "integer", "Their matching paragraphs (an article matched by "
          "its headline alone counts its opening paragraph)."),
    Field("folded", "integer", "Results folded into another on this page: syndicated copies "
          "of a story (whole articles), or paragraph copies with group=paragraph."),
    Field("boilerplate_hidden", "integer", "Matching paragraphs left out as their outlet's "
          "boilerplate (ask for them with boilerplate=on)."),
    Field("page", "integer", "This page, from 1."),
    Field("pages", "integer", "How many pages there are."),
    Field("results", "array", "The page's articles, in order."),
    Field("results[].article", "object", "The article, as below."),
    Field("results[].article.id", "integer", "The article's id."),
    Field("results[].article.headline", "string", "Plain text."),
    Field("results[].article.headline_html", "string|null", "The headline escaped, the "
          "query's words in <mark>."),
    Field("results[].article.outlet", "object", "{slug, name} of the outlet."),
    Field("results[].article.authors", "string|null", "As credited; null when unknown."),
    Field("results[].article.published", "string|null", "YYYY-MM-DD (the first day of the "
          "month or year when only that is known); null when unknown."),
    Field("results[].article.precision", "string|null", "day, month or year: how much of "
          "`published` is known; null when it is unknown."),
    Field("results[].article.url", "string|null", "The original's address (http or https "
          "only); null when there is none."),
    Field("results[].article.permalink", "string", "The article's page in the archive."),
    Field("results[].article.language", "string", "ISO 639-1 code of the article's "
          "language (en, uk, ru ...), detected or set by the archivist."),
    Field("results[].matching_paragraphs", "integer", "How many of its paragraphs match."),
    Field("results[].paragraphs", "array", "Up to three of them (all with group=paragraph: "
          "one), chosen best first and listed in reading order."),
    Field("results[].paragraphs[].id", "string", "The paragraph's stable key (#p-KEY)."),
    Field("results[].paragraphs[].position", "integer", "Its number in the article, from 1, "
          "as on the pages and in the exports."),
    Field("results[].paragraphs[].heading", "string|null", "The section it sits under."),
    Field("results[].paragraphs[].html", "string", "The text escaped, trimmed around the "
          "matches, the query's words and phrases in <mark> (the only markup)."),
    Field("results[].paragraphs[].permalink", "string", "Its permanent link."),
    Field("results[].paragraphs[].language", "string", "The paragraph's own language "
          "(a quotation may differ from its article's)."),
    Field("results[].paragraphs[].fingerprint", "string|null", "Exact fingerprint of its "
          "normalised text (16 hex digits): the same text has the same one."),
    Field("results[].paragraphs[].cluster", "string|null", "Its near-duplicate cluster (16 "
          "hex digits); null when no other paragraph is nearly the same."),
    Field("results[].paragraphs[].boilerplate", "boolean", "It is its outlet's boilerplate "
          "(repeated across many of its articles)."),
    Field("results[].paragraphs[].also_in_count", "integer", "How many other articles hold "
          "a copy of it."),
    Field("results[].paragraphs[].also_in", "array", "Ids of the first of those articles."),
    Field("results[].commentary", "array", "Public commentary of the archivist that the "
          "query matches."),
    Field("results[].commentary[].id", "integer", "The commentary's id."),
    Field("results[].commentary[].html", "string", "Escaped and marked, like paragraphs."),
    Field("results[].commentary[].paragraph_id", "string|null", "The paragraph it is on; "
          "null for commentary on the whole article."),
    Field("results[].copies", "array", "Ids of the article's syndicated copies (most of "
          "their paragraphs are its own)."),
    Field("results[].folded", "array", "Ids of the copies folded into this result here."),
    Field("facets", "object", "Counts over every matching article, not just this page."),
    *[Field(*described) for facet in FACETS for described in facet.fields()],
    Field("suggestion", "object|null", "{q, count}: a corrected spelling and the articles it "
          "finds; null when none would find other results."),
]

EXAMPLES = ["q=kursk+incursion", "q=%22price+cap%22&outlet=reuters&from=2023",
            "q=zelensky&sort=newest&per_page=20", "outlet=kyiv-independent&undated=only",
            "q=grain&group=paragraph"]


def openapi(server_url):
    """The OpenAPI 3.1 document of GET /api/search."""
    parameters = [{
        "name": p.name, "in": "query", "required": False, "description": p.description,
        "example": p.example, "explode": True,
        "schema": ({"type": "array", "items": {"type": p.kind}} if p.repeated else
                   {"type": p.kind, **({"enum": list(p.choices)} if p.choices else {})}),
    } for p in PARAMETERS]
    error = {"type": "object", "properties": {"error": {"type": "string"},
                                              "parameters": {"type": "object"},
                                              "message": {"type": "string"}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "War archive search API", "version": "1",
                 "description": "Paragraph search over the archive, as JSON. Fields: "
                                + "; ".join(f"{f.path}: {f.description}" for f in FIELDS)},
        "servers": [{"url": server_url}],
        "paths": {"/api/search": {"get": {
            "summary": "Search the archive", "parameters": parameters,
            "responses": {
                "200": {"description": "A page of results",
                        "content": {"application/json": {"schema": response_schema()}}},
                "400": {"description": "A parameter is wrong: `parameters` names each one",
                        "content": {"application/json": {"schema": error}}},
                "503": {"description": "The index cannot be read right now",
                        "content": {"application/json": {"schema": error}}},
            }}},
            "/api/attention": {"get": attention_operation(parameters, error)}},
    }


# /api/attention: the search's parameters (those that choose articles) and its own.
ATTENTION_PARAMETERS = [
    {"name": "interval", "in": "query", "required": False,
     "description": "day, week or month; chosen from the span when absent (and coarser "
                    "when a line would have more than 800 points)",
     "schema": {"type": "string", "enum": list(INTERVALS)}},
    {"name": "normalize", "in": "query", "required": False,
     "description": "count (matching articles) or share (of each line's outlets' articles "
                    "in the period)", "schema": {"type": "string", "enum": list(NORMALIZATIONS)}},
    {"name": "compare", "in": "query", "required": False, "explode": True,
     "description": f"up to {MAX_COMPARE} other queries, one line each (then lines are "
                    "queries, not outlets)",
     "schema": {"type": "array", "items": {"type": "string"}, "maxItems": MAX_COMPARE}},
]
NOT_FOR_ATTENTION = ("sort", "page", "per_page", "group")
POINT = {"type": "object", "properties": {
    "bucket": {"type": "string", "description": "YYYY-MM-DD (a day, or a week's Monday) or "
                                                "YYYY-MM"},
    "count": {"type": "integer", "description": "matching articles in the period"},
    "share": {"type": ["number", "null"], "description": "count / the line's outlets' "
                                                          "articles then; null: none then"}}}
SERIES = {"type": "object", "properties": {
    "query": {"type": "string"},
    "outlet": {"type": ["string", "null"], "description": "its outlet's slug; null: all "
                                                          "outlets (or a compared query)"},
    "label": {"type": "string"}, "points": {"type": "array", "items": POINT}}}


def attention_operation(search_parameters, error):
    """The OpenAPI operation of GET /api/attention (search/web/attention.py)."""
    parameters = [p for p in search_parameters if p["name"] not in NOT_FOR_ATTENTION]
    answer = {"type": "object", "properties": {
        "interval": {"type": "string", "enum": list(INTERVALS)},
        "normalize": {"type": "string", "enum": list(NORMALIZATIONS)},
        "notices": {"type": "array", "items": {"type": "string"}},
        "undated": {"type": "integer", "description": "matching articles with no known "
                                                      "date, on no line"},
        "series": {"type": "array", "items": SERIES,
                   "description": "all outlets together first (unless one outlet is "
                                  "chosen), then the outlets with most matches; or one "
                                  "line per query with `compare`"}}}
    return {
        "summary": "Matching articles over time, by outlet or by query",
        "parameters": parameters + ATTENTION_PARAMETERS,
        "responses": {
            "200": {"description": "The lines of the chart",
                    "content": {"application/json": {"schema": answer}}},
            "400": {"description": "A parameter is wrong: `parameters` names each one",
                    "content": {"application/json": {"schema": error}}},
            "503": {"description": "The index cannot be read right now",
                    "content": {"application/json": {"schema": error}}},
        }}


def response_schema():
    """The JSON schema of a 200 answer, nested from the dotted FIELDS."""
    root = {"type": "object", "properties": {}}
    for f in FIELDS:
        node = root
        steps = f.path.split(".")
        for step in steps[:-1]:
            node = child(node, step)
        name = steps[-1].removesuffix("[]")
        node["properties"].setdefault(name, {}).update(schema_of(f))
    return root


def child(node, step):
    """The object schema under `step` of `node` ("results[]": the items of an array)."""
    name = step.removesuffix("[]")
    entry = node["properties"].setdefault(name, {})
    if step.endswith("[]"):
        entry.setdefault("type", "array")
        entry = entry.setdefault("items", {"type": "object"})
    entry.setdefault("type", "object")
    entry.setdefault("properties", {})
    return entry


def schema_of(f):
    kinds = f.kind.split("|")
    return {"type": kinds if len(kinds) > 1 else kinds[0], "description": f.description}


@json_api
def api_page(request):
    search_url = reverse("search_api")
    return render(request, "search/api.html", {
        "parameters": PARAMETERS, "fields": FIELDS, "search_url": search_url,
        "attention_url": reverse("attention_api"), "attention_parameters": ATTENTION_PARAMETERS,
        "examples": [f"{search_url}?{e}" for e in EXAMPLES],
        "openapi_url": reverse("api_openapi"),
    })


@json_api
def openapi_json(request):
    return JsonResponse(openapi(request.build_absolute_uri("/").rstrip("/")),
                        json_dumps_params={"ensure_ascii": False, "indent": 1})
