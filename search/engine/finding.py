"""The engine's entry points: a SearchRequest and a Searching in, plain data out.

    search_page(s, request, lookups)      one page: the response without its texts, the
                                          page's articles and paragraphs as ids, the marks
    paragraph_order(s, request, lookups)  every matching paragraph's id, in order (exports)
    query_marks(s, q, variants, lookups)  the words and phrases a query marks (article page)

The steps, each in its own module: parse the text (parsing), find the matching
documents as a set of docnums (matching), relax to any-word ranking when the words are
not found together (relaxing), score (scoring) and group by article (grouping), then
filter the articles by outlet and date, count facets (facets) and cut the page. A
query's match, scores and ranked groups are kept for the index generation
(GenerationCache.matches), so a facet click, another page or another sort reuses them.

The engine reads the index only through the Searching it is handed
(search/index/searcher.py) and never the database: what it needs from there comes in
`Lookups`. Turning ids into texts and highlights is search/web/hydrate.py's work.
"""
from dataclasses import dataclass, field, replace
from typing import Callable

import numpy

from ..types import Facets, SearchRequest, SearchResponse, Suggestion
from .entities import PEOPLE, PLACES, entity_counts, entity_mask, gazetteer, mentions
from .facets import date_histogram, outlet_counts
from .grouping import NO_GROUPS, Groups, best_paragraphs, build_groups, order_groups, page_slice
from .highlight import Marks
from .matching import Context, Matcher, prune
from .parsing import describe, parse
from .relaxing import relaxed_match
from .scoring import score
from .suggestions import suggest


@dataclass(frozen=True)
class Lookups:
    """What the engine is handed from the database (it reads none itself)."""
    outlet_names: dict              # slug -> name, every outlet (outlet: filters, facets)
    paragraph_texts: Callable       # [chunk pk] -> {chunk pk: text} (relaxed reranking)
    entities: tuple = ()            # engine/entities.py Entity: the archivists' own


@dataclass(frozen=True)
class PageItem:
    article: int                    # article pk
    chunks: list                    # chunk pks of the paragraphs to show, best first
    count: int                      # the article's matching paragraphs


@dataclass
class EnginePage:
    response: SearchResponse        # all but its results, which hydrate.py fills in
    items: list                     # PageItems, in page order
    marks: Marks


@dataclass
class Found:
    """What a request matches: its articles in order after every filter, and more."""
    docs: set
    refs: list                       # (field, term) pairs that score a document
    marks: Marks
    interpreted: str
    notices: list
    relaxed: bool = False
    scores: numpy.ndarray | None = None   # score by docnum (search/engine/scoring.py)
    variants_used: list = field(default_factory=list)
    outlet_articles: numpy.ndarray = None          # article pks before the outlet filters
    entity_articles: tuple = ()                    # (before the people filters, the places')
    mentions: object = None                        # entities.Mentions, when asked for
    has_query: bool = False
    ordered: Groups = NO_GROUPS                    # after the filters, in page order
    matched: object = None


# ---------------------------------------------------------------- entry points

def search_page(s, request, lookups):
    """The EnginePage for one page of `request`."""
    parsed = parse(request.q)
    found = find(s, request, parsed, lookups, count_entities=True)
    response = SearchResponse(request=request, interpreted=found.interpreted,
                              notices=found.notices, relaxed=found.relaxed,
                              variants_used=found.variants_used)
    response.facets = facets_for(found, s.info, request, lookups.outlet_names)
    page = arrange(s.info, found, request, response)
    stored = s.searcher.stored_fields
    items = [PageItem(article, [stored(d).get("chunk") for d in docs], count)
             for article, docs, count in page]
    if found.has_query:
        response.suggestion = suggestion(s, request, parsed, lookups)
    return EnginePage(response, items, found.marks)


def paragraph_order(s, request, lookups):
    """([(article pk, [chunk pk])], marks): every matching paragraph, in the request's
    order, as plain integers (an export reads their texts afterwards, in batches)."""
    found = find(s, request, parse(request.q), lookups)
    stored = s.searcher.stored_fields
    groups = found.ordered
    order = []
    for i, article in enumerate(groups.article.tolist()):
        docs = groups.docs(i)
        if request.sort == "relevance":
            docs = best_paragraphs(docs, found.scores, None)
        if docs:
            order.append((article, [stored(d).get("chunk") for d in docs]))
    return order, found.marks


def query_marks(s, q, variants, lookups):
    """The words and phrases the engine marks for `q`, found the way a search finds them."""
    request = SearchRequest(q=q, variants=variants, sort="newest")   # newest: no scoring
    return find(s, request, parse(q), lookups).marks


# ---------------------------------------------------------------- finding

def find(s, request, parsed, lookups, count_entities=False):
    """Match the query (or reuse the generation's match), then filter its articles.

    The request's filters (outlets, dates) are properties of articles, so they are
    applied to the match's article groups, already ranked, not to every paragraph."""
    node = prune(parsed.node)
    matched = match_query(s, node, request.variants, lookups)
    notices = list(parsed.notices) + matched.notices
    if parsed.fell_back is False and node is None and request.q.strip():
        notices.append("The query has only very common words, so everything is shown.")
    info = s.info
    ordered = matched.ordered(info, "newest" if request.sort == "relevance"
                              and matched.scores is None else request.sort)
    dated = date_mask(info, ordered.article, request.date_from, request.date_to)
    if dated is not None:
        ordered = ordered.take(dated)
    if request.after_article:
        ordered = ordered.take(ordered.article > request.after_article)
    known = mentions(s, gazetteer(lookups.entities)) \
        if count_entities or filters_entities(request) else None
    facet = facet_filters(info, request, ordered.article, known)
    if facet.keep is not None:
        ordered = ordered.take(facet.keep)
    match = matched.match
    found = Found(match.docs, match.scored, Marks(match.words, match.phrases), describe(node),
                  notices, matched.relaxed, scores=matched.scores,
                  outlet_articles=facet.outlet_articles, has_query=node is not None,
                  ordered=ordered, matched=matched, entity_articles=facet.entity_articles,
                  mentions=known)
    filtered = dated is not None or facet.keep is not None or bool(request.after_article)
    found.variants_used = variants_used(match, info, ordered, filtered)
    return found


@dataclass
class FacetFilters:
    keep: numpy.ndarray | None      # which articles pass every facet filter (None: all)
    outlet_articles: numpy.ndarray  # the articles the outlet facet counts
    entity_articles: tuple          # those the people facet counts, and the places facet


def facet_filters(info, request, articles, known):
    """The outlet, people and places filters over the article pks `articles`. Each facet
    is counted after the other facets' filters but before its own, so its other values
    keep their counts while one is chosen."""
    people_ok = places_ok = None
    if known is not None:
        people_ok = entity_mask(known, articles, request.people, request.exclude_people)
        places_ok = entity_mask(known, articles, request.places, request.exclude_places)
    outlet_ok = outlet_mask(info, articles, request.outlets, request.exclude_outlets)
    return FacetFilters(both(outlet_ok, people_ok, places_ok),
                        kept(articles, people_ok, places_ok),
                        (kept(articles, outlet_ok, places_ok),
                         kept(articles, outlet_ok, people_ok)))


def both(*masks):
    """The AND of the boolean masks that are not None (None when all are)."""
    given = [m for m in masks if m is not None]
    if not given:
        return None
    return numpy.logical_and.reduce(given) if len(given) > 1 else given[0]


def kept(articles, *masks):
    keep = both(*masks)
    return articles if keep is None else articles[keep]


def filters_entities(request):
    return bool(request.people or request.places or request.exclude_people
                or request.exclude_places)


def variants_used(match, info, ordered, filtered):
    """The variant spellings that matched at least one shown article."""
    if not filtered:
        return sorted({text for text, vdocs in match.variants if vdocs})
    shown = set(ordered.article.tolist())
    article = info.article
    return sorted({text for text, vdocs in match.variants
                   if any(article[d] in shown for d in vdocs)})


@dataclass
class Matched:
    """A query's matches before the request's filters, kept for the index generation,
    with its article groups ranked each way on first use."""
    match: object
    scores: numpy.ndarray | None
    relaxed: bool
    notices: list
    body: numpy.ndarray | None = None   # by docnum: its own text or commentary matched
    whole: numpy.ndarray | None = None  # by docnum: has every word (a relaxed short query)
    _groups: Groups | None = None
    _ordered: dict = field(default_factory=dict)

    def groups(self, info):
        if self._groups is None:
            self._groups = build_groups(self.match.docs, info, self.scores, self.body,
                                        self.whole)
        return self._groups

    def flat_by_score(self, info):
        """Every matching paragraph's docnum, best first, as an array (group=paragraph)."""
        if "flat" not in self._ordered:
            docs = self.groups(info).paragraphs
            scores = self.scores[docs] if self.scores is not None else numpy.zeros(len(docs))
            self._ordered["flat"] = docs[numpy.lexsort((docs, -scores))]
        return self._ordered["flat"]

    def ordered(self, info, sort):
        if sort not in self._ordered:
            self._ordered[sort] = order_groups(self.groups(info), info, sort)
        return self._ordered[sort]


def match_query(s, node, variants, lookups):
    """Matched for a query tree; the same query (a facet click, the next page) is
    answered from the generation's cache of its last few queries."""
    key = (node, variants, frozenset(lookups.outlet_names.items()))
    found = s.cache.matches.get(key)
    if found is not None:
        return found
    notices = []
    matcher = Matcher(Context(s, variants, notices, lookups.outlet_names))
    match = matcher.evaluate(node)
    scores, whole, relaxed = None, None, False
    wider = relaxed_match(s, matcher, node, match, lookups.paragraph_texts)
    if wider is not None:
        match, scores, whole, notice = wider
        relaxed = notice is not None
        if relaxed:
            notices.append(notice)
    if scores is None and match.scored:
        scores = score(s, match.scored)
    return s.cache.matches.put(key, Matched(match, scores, relaxed, notices,
                                            body_hits(s, match), whole))


# Fields that are the article's, not the paragraph's: a hit there alone does not make
# a paragraph a matching one (grouping.py).
ARTICLE_FIELDS = ("headline", "authors")


def body_hits(s, match):
    """Which documents a scored term hits in their own fields (a boolean array by
    docnum), or None when no term searches a paragraph's own fields (every matched
    document counts then)."""
    own = [(f, t) for f, t in match.scored if f not in ARTICLE_FIELDS]
    if not own:      # filters only, or only headline:/author: terms: every paragraph counts
        return None
    hit = numpy.zeros(s.info.doc_count, dtype=bool)
    for fieldname, text in own:
        hit[numpy.frombuffer(s.postings(fieldname, text).ids, dtype=numpy.int32)] = True
    return hit


def date_mask(info, articles, date_from, date_to):
    """Which of the article pks `articles` pass the date filters (None: no filter);
    an article with no known date passes none."""
    if not date_from and not date_to:
        return None
    low = int(date_from.strftime("%Y%m%d")) if date_from else 1
    high = int(date_to.strftime("%Y%m%d")) if date_to else 99999999
    published = info.published_by_article[articles]
    return (low <= published) & (published <= high)


def outlet_mask(info, articles, selected, excluded):
    """Which of the article pks `articles` pass the outlet selection (OR) and
    exclusions (None: no filter)."""
    if not selected and not excluded:
        return None
    codes = {slug: code for code, slug in enumerate(info.outlet_slugs)}
    outlet = info.outlet_by_article[articles]
    keep = numpy.ones(len(articles), dtype=bool)
    if selected:
        keep &= numpy.isin(outlet, [codes[s] for s in selected if s in codes])
    return keep & ~numpy.isin(outlet, [codes[s] for s in excluded if s in codes])


# ---------------------------------------------------------------- facets and the page

def facets_for(found, info, request, names):
    outlets = outlet_counts(found.outlet_articles, info, names,
                            request.outlets, request.exclude_outlets)
    buckets, granularity = date_histogram(found.ordered.article, info,
                                          request.date_from, request.date_to)
    people = places = []
    if found.mentions is not None:
        people = entity_counts(found.mentions, found.entity_articles[0], PEOPLE,
                               request.people, request.exclude_people)
        places = entity_counts(found.mentions, found.entity_articles[1], PLACES,
                               request.places, request.exclude_places)
    return Facets(outlets, buckets, granularity, people, places)


def arrange(info, found, request, response):
    """Count and cut the page: [(article pk, [docnum to show], matching paragraphs)]."""
    groups = found.ordered
    response.total_articles = len(groups)
    response.total_paragraphs = int(groups.count.sum())
    response.page = request.page
    if request.group == "paragraph":
        return paragraph_page(info, found, groups, request, response)
    start, end, response.pages = page_slice(len(groups), request.page, request.per_page)
    return [(int(groups.article[i]), best_paragraphs(groups.docs(i), found.scores),
             int(groups.count[i]))
            for i in range(start, end)]


def paragraph_page(info, found, groups, request, response):
    """group=paragraph: one result per paragraph, best first (or by date, in text order)."""
    start, end, response.pages = page_slice(response.total_paragraphs, request.page,
                                            request.per_page)
    if request.sort == "relevance" and found.scores is not None:
        flat = found.matched.flat_by_score(info)
        flat = flat[numpy.isin(info.article_array[flat], groups.article)][start:end].tolist()
    else:
        flat = paragraphs_in_order(groups, start, end)
    by_article = numpy.argsort(groups.article)
    counts = {}
    for a in {info.article[d] for d in flat}:
        i = by_article[numpy.searchsorted(groups.article, a, sorter=by_article)]
        counts[a] = int(groups.count[i])
    return [(info.article[d], [d], counts[info.article[d]]) for d in flat]


def paragraphs_in_order(groups, start, end):
    """Docnums `start` to `end` of the groups' paragraphs laid end to end, in order."""
    ends = numpy.cumsum(groups.count)
    i = int(numpy.searchsorted(ends, start, side="right"))
    before = int(ends[i - 1]) if i else 0        # paragraphs of the groups before i
    flat = []
    while i < len(groups) and before + len(flat) < end:
        flat += groups.docs(i)
        i += 1
    return flat[start - before:end - before]


def suggestion(s, request, parsed, lookups):
    typed = parsed.interpreted if parsed.fell_back else request.q
    fixed = s.cache.suggestions.get_or_make(
        typed, lambda: suggest(s.searcher.reader(), typed, parsed.node) or "")
    if not fixed:
        return None
    found = find(s, replace(request, q=fixed, sort="newest"), parse(fixed), lookups)
    return Suggestion(fixed, len(found.ordered))
