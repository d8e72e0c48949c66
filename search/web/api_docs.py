"""The JSON API described once, for people (GET /api/) and for programs (GET /api/openapi.json).

Both pages are drawn from the parameters as the search service declares them
(search/service/parameters.py), from its facets (search/service/facets.py) and from
FIELDS below, so the description a person reads, the OpenAPI document a client generator
reads and what the form accepts cannot disagree: a parameter's schema (type, enum, bounds,
pattern, length, how many values) is made from the declaration its form field is made
from, and the enums and examples of outlets, languages, people and places are this
archive's own, read at each request. tests/test_api_docs.py checks that every field an
actual /api/search answer carries is described here, and the reverse;
tests/test_api_schema.py has schemathesis generate requests from the document and checks
every answer against it.
"""
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from ..service import CHART_PARAMETERS, NOT_FOR_CHARTS, PARAMETERS, Known
from ..service.facets import FACETS
from ..service.parameters import BY_NAME
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
    Field("variants_used", "array", "Other spellings that matched (from the variant table), "
          "and forms of a place, named as what they are: \"Харківщина (Kharkiv region)\"."),
    Field("scripts_used", "array", "The spellings matched in another script (Latin for a "
          "Cyrillic query, Cyrillic for a Latin one), each with its script."),
    Field("query_languages", "array", "The languages the query is written in (ISO 639-1, "
          "from its words' letters and dictionaries: en for Latin, uk and/or ru for "
          "Cyrillic): those ranked first."),
    Field("translations", "array", "What the query's translation added in each other "
          "language (empty with translate=off): the lexicon's terms that matched and the "
          "articles in that language they found."),
    Field("translations[].language", "string", "ISO 639-1 code: uk."),
    Field("translations[].name", "string", "The language's name: Ukrainian."),
    Field("translations[].terms", "array", "The terms searched, as the lexicon writes them."),
    Field("translations[].articles", "integer", "Matching articles in that language (after "
          "the filters) that these terms found."),
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
    Field("results[].glosses", "array", "The translated terms found in the paragraphs shown, "
          "each with its English meaning, for a reader who does not read the language."),
    Field("results[].glosses[].term", "string", "As the lexicon writes it: дрон."),
    Field("results[].glosses[].meaning", "string", "Its concept's English name: drone."),
    Field("results[].glosses[].language", "string", "The term's language (ISO 639-1)."),
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

def examples(known):
    """Example queries of /api/search, each valid in this archive: those naming an outlet
    name one it has (its first, by the outlet parameter's example), or are left out."""
    found = ["q=kursk+incursion", "q=zelensky&sort=newest&per_page=20",
             "q=grain&group=paragraph"]
    outlet = BY_NAME["outlet"].example_in(known)
    if outlet:
        found[1:1] = [urlencode({"q": '"price cap"', "outlet": outlet, "from": "2023"}),
                      urlencode({"outlet": outlet, "undated": "only"})]
    return found


ERROR = {"type": "object", "required": ["error"], "properties": {
    "error": {"type": "string", "description": "What went wrong: bad parameters, index "
                                               "unavailable"},
    "parameters": {"type": "object", "additionalProperties": {"type": "string"},
                   "description": "{parameter: what is wrong with it}"},
    "message": {"type": "string"}}}
REFUSED = ("A parameter is wrong, and `parameters` names each one with a sentence: a value "
           "outside its schema; an outlet, language, person or place this archive no longer "
           "has (the enums list those of the moment this description was made); `to` "
           "before `from`; `undated` with `from` or `to`. The last two are the only "
           "combinations refused, and the schema cannot say them: JSON Schema constrains "
           "each parameter alone.")
ABOUT = ("Paragraph search over the archive, as JSON. Every operation takes GET and HEAD; "
         "any other method is answered 405 (JSON) with an Allow header. The enums of outlet, "
         "lang, person and place (and their exclude_ forms) are this archive's values when "
         "the description was made: it is made at each request. A request line longer than "
         "8,190 bytes is refused (400) by the server in front, before the archive reads it. "
         "Fields of /api/search's answer: ")


def openapi(server_url, known):
    """The OpenAPI 3.1 document of /api/search and /api/attention, its enums and examples
    those of this archive today (`known`: the service's Known)."""
    search_parameters = [parameter_object(p, known) for p in PARAMETERS]
    chart_parameters = [o for o in search_parameters if o["name"] not in NOT_FOR_CHARTS]
    chart_parameters += [parameter_object(p, known) for p in CHART_PARAMETERS]
    return {
        "openapi": "3.1.0",
        "info": {"title": "War archive search API", "version": "1",
                 "description": ABOUT + "; ".join(f"{f.path}: {f.description}"
                                                  for f in FIELDS)},
        "servers": [{"url": server_url}],
        "paths": {
            "/api/search": operations("search", "Search the archive", search_parameters,
                                      response_schema(), "A page of results"),
            "/api/attention": operations(
                "attention", "Matching articles over time, by outlet or by query",
                chart_parameters, ATTENTION_ANSWER, "The lines of the chart"),
        },
    }


def parameter_object(p, known):
    """The OpenAPI parameter of `p`: a query parameter, repeated as name=a&name=b."""
    described = {"name": p.name, "in": "query", "required": False,
                 "description": p.description, "style": "form", "explode": True,
                 "schema": value_schema(p, known)}
    example = p.example_in(known)
    if example is not None:
        described["example"] = [example] if p.repeated else (
            int(example) if p.kind == "integer" else example)
    return described


def value_schema(p, known):
    """The JSON Schema of `p`'s value, from its declaration: its values (this archive's,
    for outlets, languages, people and places), bounds, pattern and length."""
    one = {"type": p.kind}
    accepted = p.accepted(known)
    if accepted:
        one["enum"] = list(accepted)
    for keyword, bound in (("minimum", p.minimum), ("maximum", p.maximum),
                           ("maxLength", p.max_length)):
        if bound is not None:
            one[keyword] = bound
    if p.pattern:
        one["pattern"] = p.pattern
    if not p.repeated:
        return one
    if p.values and not accepted:       # the archive has none yet: nothing to send
        return {"type": "array", "items": {"type": p.kind}, "maxItems": 0}
    return {"type": "array", "items": one, "maxItems": p.max_items}


def operations(name, summary, parameters, answer, described):
    """GET and HEAD of one path: the same parameters and statuses, HEAD without a body."""
    return {"get": {"operationId": name, "summary": summary, "parameters": parameters,
                    "responses": responses(answer, described)},
            "head": {"operationId": f"{name}_head", "summary": f"{summary} (headers only)",
                     "parameters": parameters, "responses": responses(None, described)}}


def responses(answer, described):
    """Every status an operation answers; the bodies when `answer` (GET's schema) is given."""
    def json(schema):
        return {"content": {"application/json": {"schema": schema}}} if answer else {}
    retry = {"Retry-After": {"description": "Seconds to wait before asking again",
                             "required": True, "schema": {"type": "string"}}}
    return {
        "200": {"description": described, **json(answer)},
        "304": {"description": "Not modified: the request's If-None-Match names the ETag "
                               "this answer still has (no body)"},
        "400": {"description": REFUSED, **json(ERROR)},
        "429": {"description": "Too many searches: this client's allowance, or the server's "
                               "queue, is used up for now (search/web/admission.py); ask again "
                               "after Retry-After seconds",
                "headers": retry, **json(ERROR)},
        "503": {"description": "The index cannot be read at the moment (`message` says so)",
                "headers": retry, **json(ERROR)},
    }


# /api/attention's answer (search/web/attention.py).
POINT = {"type": "object", "required": ["bucket", "count", "share"], "properties": {
    "bucket": {"type": "string", "description": "YYYY-MM-DD (a day, or a week's Monday) or "
                                                "YYYY-MM"},
    "count": {"type": "integer", "description": "matching articles in the period"},
    "share": {"type": ["number", "null"], "description": "count / the line's outlets' "
                                                          "articles then; null: none then"}}}
SERIES = {"type": "object", "required": ["query", "outlet", "label", "points"], "properties": {
    "query": {"type": "string"},
    "outlet": {"type": ["string", "null"], "description": "its outlet's slug; null: all "
                                                          "outlets (or a compared query)"},
    "label": {"type": "string"}, "points": {"type": "array", "items": POINT}}}
ATTENTION_ANSWER = {
    "type": "object", "required": ["interval", "normalize", "notices", "undated", "series"],
    "properties": {
        "interval": {"type": "string", "enum": list(INTERVALS)},
        "normalize": {"type": "string", "enum": list(NORMALIZATIONS)},
        "notices": {"type": "array", "items": {"type": "string"}},
        "undated": {"type": "integer", "description": "matching articles with no known "
                                                      "date, on no line"},
        "series": {"type": "array", "items": SERIES,
                   "description": "all outlets together first (unless one outlet is "
                                  "chosen), then the outlets with most matches; or one "
                                  "line per query with `compare`"}}}


def response_schema():
    """The JSON schema of a 200 answer, nested from the dotted FIELDS, every field
    required (an answer always has each, null when its value is not known)."""
    root = {"type": "object", "properties": {}, "required": []}
    for f in FIELDS:
        node = root
        steps = f.path.split(".")
        for step in steps[:-1]:
            node = child(node, step)
        name = steps[-1].removesuffix("[]")
        node["properties"].setdefault(name, {}).update(schema_of(f))
        node["required"].append(name)
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
    entry.setdefault("required", [])
    return entry


def schema_of(f):
    kinds = f.kind.split("|")
    return {"type": kinds if len(kinds) > 1 else kinds[0], "description": f.description}


@dataclass(frozen=True)
class Row:
    """A parameter as the page lists it, with an example valid in this archive."""
    name: str
    repeated: bool
    description: str
    example: str          # "" when the archive has no value for it yet


def rows(parameters, known):
    found = []
    for p in parameters:
        example = p.example_in(known) or next(iter(p.accepted(known)), None)
        found.append(Row(p.name, p.repeated, p.description,
                         "" if example is None else f"{p.name}={example}"))
    return found


@json_api
def api_page(request):
    search_url, known = reverse("search_api"), Known()
    return render(request, "search/api.html", {
        "parameters": rows(PARAMETERS, known), "fields": FIELDS, "search_url": search_url,
        "attention_url": reverse("attention_api"),
        "attention_parameters": rows(CHART_PARAMETERS, known),
        "examples": [f"{search_url}?{e}" for e in examples(known)],
        "openapi_url": reverse("api_openapi"),
    })


@json_api
def openapi_json(request):
    return JsonResponse(openapi(request.build_absolute_uri("/").rstrip("/"), Known()),
                        json_dumps_params={"ensure_ascii": False, "indent": 1})
