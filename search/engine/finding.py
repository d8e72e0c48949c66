"""The engine's entry points: a SearchRequest and a Searching in, plain data out.

    search_page(s, request, lookups)      one page: the response without its texts, the
                                          page's articles and paragraphs as ids, the marks
    paragraph_order(s, request, lookups)  every matching paragraph's id, in order (exports)
    query_marks(s, q, variants, lookups, translate)  what a query marks (article page)
    matching_articles(s, request, lookups)  every matching article's pk, after the filters
    chosen_page(s, request, lookups, pks) a page of the articles `pks`, in that order (feeds)

The steps, each in its own module: parse the text (parsing), find the matching
documents as a set of docnums (matching), relax to any-word ranking when the words are
not found together (relaxing), score (scoring) and group by article (grouping), then
filter the articles by date, language and outlet, count facets (facets) and cut the page. A
query's match, scores and article groups are kept for the index generation (its memo
"matches"), so a facet click, another page or another sort reuses them; a page orders
only the groups it needs (grouping.leading).

The engine reads the index only through the port it is handed (port.py: the index's
Searching implements it) and never the database: what it needs from there comes in
`Lookups`. Turning ids into texts and highlights is the search service's work
(search/service/results.py).
"""
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Callable

import numpy

from . import docsets
from ..text.detection import name as language_name
from ..text.morphology import STEMMED as LANGUAGE_ORDER
from ..types import (AddedLanguage, ExportCopies, Facets, IdPage, PageItem, SearchRequest,
                     SearchResponse, Shown, Suggestion)
from .budget import Budget
from .copies import copies_for
from .facets import date_histogram, language_counts, outlet_counts
from .folding import (distinct_best, distinct_keys, flat_paragraphs, fold_flat, fold_stories,
                      story_keys)
from .grouping import (NO_GROUPS, SHOWN_PARAGRAPHS, Groups, best_paragraphs, build_groups,
                       leading, order_groups, page_slice)
from .entities import PEOPLE, PLACES, entity_counts, entity_mask, gazetteer, mentions
from .highlight import Marks
from .language_ranking import balance, query_languages
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
    variants: object = None         # the archive's Variants (variants.from_rows); None:
                                    # the shipped table (variants.load)
    budget: Budget = field(default_factory=Budget.start)   # this request's work budget
    # (outlet slug, exact fingerprint) -> is boilerplate: the archivist's verdicts
    boilerplate_verdicts: dict = field(default_factory=dict)
    entities: tuple = ()            # engine/entities.py Entity: the archivists' own
    lexicon: object = None          # the Lexicon translations come from (text/lexicon.py);
                                    # None: the shipped one (translation.shipped)


@dataclass
class Found:
    """What a request matches: its articles in order after every filter, and more."""
    docs: numpy.ndarray              # a docset (docsets.py)
    refs: list                       # (field, term) pairs that score a document
    marks: Marks
    interpreted: str
    notices: list
    relaxed: bool = False
    scores: numpy.ndarray | None = None   # score by docnum (search/engine/scoring.py)
    variants_used: list = field(default_factory=list)
    translations: list = field(default_factory=list)   # AddedLanguage
    outlet_articles: numpy.ndarray = None          # article pks before the outlet filters
    language_articles: numpy.ndarray = None        # article pks before the language filter
    entity_articles: tuple = ()                    # (before the people filters, the places')
    mentions: object = None                        # entities.Mentions, when asked for
    has_query: bool = False
    groups: Groups = NO_GROUPS                     # after the filters, in article pk order
    matched: object = None
    copies: object = None                          # copies.Copies of the generation
    info: object = None                            # the generation's DocInfo
    sort: str = "relevance"                        # the page order: relevance, newest, oldest

    @cached_property
    def ordered(self):
        """The groups in page order: all of them (exports, feeds); a page orders only
        its lead (arrange)."""
        return order_groups(self.groups, self.info, self.sort)


# ---------------------------------------------------------------- entry points

def search_page(s, request, lookups):
    """The IdPage for one page of `request` (what is new for a saved search, with
    after_article, is read as the outputs that follow matches read it: counted())."""
    request = counted(request) if request.after_article else request
    parsed = parse(request.q)
    found = find(s, request, parsed, lookups, count_entities=True)
    response = SearchResponse(request=request, interpreted=found.interpreted,
                              notices=found.notices, relaxed=found.relaxed,
                              variants_used=found.variants_used,
                              scripts_used=sorted(found.matched.match.scripts)
                              if found.variants_used else [],
                              query_languages=list(found.matched.languages),
                              translations=found.translations,
                              boilerplate_hidden=found.matched.hidden if found.has_query else 0)
    response.facets = facets_for(found, s.info, request, lookups.outlet_names)
    page = arrange(s.info, found, request, response)
    items = [page_item(s, found.copies, *entry) for entry in page]
    if found.has_query:
        response.suggestion = suggestion(s, request, parsed, lookups, found)
    response.notices += [n for n in lookups.budget.notices if n not in response.notices]
    return IdPage(response, items, found.marks)


def page_item(s, copies, article, docs, count, folded=(), above=None):
    """The PageItem of one result: its paragraphs' chunk pks and what is known of copies."""
    clusters, info = copies.clusters, s.info
    shown = []
    for d in docs:
        number = int(clusters.cluster[d])
        others = [] if number < 0 else \
            sorted(set(info.article_array[clusters.members(number)].tolist()) - {article})
        shown.append(Shown(s.chunk_of(d), int(info.fingerprint[d]),
                           int(clusters.key[number]) if number >= 0 else 0,
                           bool(copies.boilerplate[d]), others))
    return PageItem(article, [p.chunk for p in shown], count, shown,
                    [int(a) for a in folded], copies.story_members(article), above)


def paragraph_order(s, request, lookups):
    """([(article pk, [chunk pk])], marks, ExportCopies): every matching article in the
    request's order, with its matching paragraphs in reading order, as plain integers (an
    export reads their texts afterwards, in batches), with their copies (nothing is folded
    in an export). Read as counted(request)."""
    request = counted(request)
    found = find(s, request, parse(request.q), lookups)
    groups, copies = found.ordered, found.copies
    cluster, keys, info = copies.clusters.cluster, copies.clusters.key, s.info
    order, known = [], ExportCopies({}, {})
    for i, article in enumerate(groups.article.tolist()):
        docs = groups.docs(i)      # in reading order, whatever the articles' order
        # an article matched with no paragraph (an empty body; its commentary on the
        # whole article) is exported too, as a row of its own
        chunks = [s.chunk_of(d) for d in docs]
        order.append((article, chunks))
        for chunk, d in zip(chunks, docs):
            known.paragraphs[chunk] = (int(info.fingerprint[d]),
                                       int(keys[cluster[d]]) if cluster[d] >= 0 else 0,
                                       bool(copies.boilerplate[d]))
        known.stories[article] = copies.story_members(article)
    return order, found.marks, known


def matching_articles(s, request, lookups):
    """The pks of the articles `request` matches, after its filters, as an array (read
    as counted(request): a feed follows them)."""
    request = counted(request)
    return find(s, request, parse(request.q), lookups).ordered.article


def chosen_page(s, request, lookups, article_pks):
    """The IdPage of the matching articles `article_pks`, in that order (a feed
    orders them by the database's time of their last change, which the index lacks)."""
    request = counted(request)
    found = find(s, request, parse(request.q), lookups)
    groups = found.groups
    wanted = set(article_pks)
    position = {a: i for i, a in enumerate(groups.article.tolist()) if a in wanted}
    items = []
    for article in article_pks:
        if article in position:
            i = position[article]
            docs = sorted(best_paragraphs(groups.docs(i), found.scores))
            items.append(PageItem(article, [s.chunk_of(d) for d in docs],
                                  int(groups.count[i])))
    response = SearchResponse(request=request, interpreted=found.interpreted,
                              notices=found.notices, relaxed=found.relaxed,
                              variants_used=found.variants_used,
                              total_articles=len(groups), page=1, pages=1)
    return IdPage(response, items, found.marks)


def query_marks(s, q, variants, lookups, translate=True):
    """The words and phrases the engine marks for `q`, found the way a search finds them."""
    request = SearchRequest(q=q, variants=variants, translate=translate,
                            sort="newest")   # newest: no scoring
    return find(s, request, parse(q), lookups).marks


def counted(request):
    """`request` as the outputs that count or follow its matches read it (exports, feeds,
    what is new for a saved search, the attention chart): with every word in one article
    unless `within` says otherwise. The graded reading (relaxing.py) ranks a page; a near
    miss in a count of articles over time, an export or an alert would be noise."""
    return request if request.within else replace(request, within="article")


# ---------------------------------------------------------------- finding

def find(s, request, parsed, lookups, count_entities=False):
    """Match the query (or reuse the generation's match), then filter its articles.

    The request's filters (outlets, dates) are properties of articles, so they are
    applied to the match's article groups, already ranked, not to every paragraph."""
    node = prune(parsed.node)
    copies = copies_for(s, lookups.boilerplate_verdicts)
    drop = None if request.boilerplate else copies.boilerplate
    matched = match_query(s, node, request, lookups, drop)
    notices = list(parsed.notices) + matched.notices
    if parsed.fell_back is False and node is None and request.q.strip():
        notices.append("The query has only very common words, so everything is shown.")
    info = s.info
    groups = matched.groups(info)           # in article pk order: filtered, then ordered
    dated = date_mask(info, groups.article, request.date_from, request.date_to,
                      request.undated)
    if dated is not None:
        groups = groups.take(dated)
    language_articles = groups.article
    in_language = language_mask(info, groups.article, request.languages)
    if in_language is not None:
        groups = groups.take(in_language)
    if request.after_article:
        groups = groups.take(groups.article > request.after_article)
    known = mentions(s, gazetteer(lookups.entities, lookups.variants)) \
        if count_entities or filters_entities(request) else None
    facet = facet_filters(info, request, groups.article, known)
    if facet.keep is not None:
        groups = groups.take(facet.keep)
    match = matched.match
    found = Found(match.docs, match.scored, Marks(match.words, match.phrases, match.glosses),
                  matched.read_as or describe(node),
                  notices, matched.relaxed, scores=matched.scores,
                  outlet_articles=facet.outlet_articles, language_articles=language_articles,
                  has_query=node is not None, groups=groups, matched=matched, copies=copies,
                  entity_articles=facet.entity_articles, mentions=known, info=info,
                  sort="newest" if request.sort == "relevance" and matched.scores is None
                  else request.sort)
    filtered = (dated is not None or in_language is not None or facet.keep is not None
                or bool(request.after_article))
    found.variants_used = variants_used(match, info, groups, filtered)
    found.translations = added_languages(match, info, groups)
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


def variants_used(match, info, groups, filtered):
    """The variant spellings that matched at least one shown article."""
    if not filtered:
        return sorted({text for text, vdocs in match.variants if len(vdocs)})
    return sorted({text for text, vdocs in match.variants
                   if numpy.isin(info.article_array[vdocs], groups.article).any()})


def added_languages(match, info, groups):
    """AddedLanguage for each language the translation added terms in that found some
    of the shown articles in that language: those terms, and how many such articles
    they found (as the language facet counts them)."""
    by_language = {}
    for lang, text, docs in match.translations:
        if lang not in info.lang_codes:
            continue
        found = numpy.intersect1d(info.article_array[docs], groups.article)
        found = found[info.lang_by_article[found] == info.lang_codes.index(lang)]
        if len(found):
            terms, articles = by_language.setdefault(lang, ([], set()))
            if text not in terms:
                terms.append(text)
            articles.update(found.tolist())
    return [AddedLanguage(lang, language_name(lang), terms, len(articles))
            for lang, (terms, articles) in sorted(by_language.items(),
                                                  key=lambda item: LANGUAGE_ORDER.index(item[0]))]


@dataclass
class Matched:
    """A query's matches before the request's filters, kept for the index generation,
    with its article groups (and its paragraphs by score) made on first use."""
    match: object
    scores: numpy.ndarray | None
    relaxed: bool
    notices: list
    body: numpy.ndarray | None = None   # by docnum: its own text or commentary matched
    whole: numpy.ndarray | None = None  # by docnum: its tier in a graded query (relaxing.py)
    read_as: str | None = None          # how a relaxed query was read (relaxing.reading)
    drop: numpy.ndarray | None = None   # by docnum: boilerplate, left out (copies.py)
    hidden: int = 0                     # matching paragraphs left out as boilerplate
    languages: tuple = ()               # the query's own (language_ranking.query_languages)
    _groups: Groups | None = None
    _flat: numpy.ndarray | None = None
    nbytes: int = 0                     # what it holds, for the memory budget (kept_bytes)

    def __post_init__(self):
        self.nbytes = kept_bytes(self)

    def groups(self, info):
        if self._groups is None:
            self._groups = build_groups(self.match.docs, info, self.scores, self.body,
                                        self.whole, self.drop)
        return self._groups

    def flat_by_score(self, info):
        """Every matching paragraph's docnum, best first, as an array (group=paragraph)."""
        if self._flat is None:
            docs = self.groups(info).paragraphs
            scores = self.scores[docs] if self.scores is not None else numpy.zeros(len(docs))
            self._flat = docs[numpy.lexsort((docs, -scores))]
        return self._flat


def kept_bytes(matched):
    """About what a Matched holds once used, fixed when it is made so the budget's sums
    stay true (memo.py): its arrays by docnum (1.1 million scores are 9 MB), its docs and
    the arrays of the terms it found, and, made on first use, its article groups and
    its paragraphs by score (about two int64 arrays the length of its docs). `drop` is
    the generation's, shared."""
    own = [matched.scores, matched.body, matched.whole, matched.match.docs]
    own += [docs for _, docs in matched.match.variants]
    own += [docs for _, _, docs in matched.match.translations]
    return sum(a.nbytes for a in own if a is not None) + 2 * 8 * len(matched.match.docs)


def match_query(s, node, request, lookups, drop=None):
    """Matched for a query tree; the same query (a facet click, the next page) is
    answered from the generation's cache of its last few queries. `drop`: the
    boilerplate documents to leave out (None: count them), from the generation's cache.
    The request's `within` says how the words are graded (relaxing.py)."""
    table = getattr(lookups.variants, "version", None)     # a changed table: new matches
    key = (node, request.variants, request.translate, request.within, table,
           id(lookups.lexicon), frozenset(lookups.outlet_names.items()),
           None if drop is None else frozenset(lookups.boilerplate_verdicts.items()))
    kept = s.memo("matches", limit=8, size=lambda matched: matched.nbytes)
    found = kept.get(key)
    if found is not None:
        return found
    notices = []
    budget = lookups.budget
    already = len(budget.notices)
    languages = query_languages(node)
    matcher = Matcher(Context(s, request.variants, notices, lookups.outlet_names,
                              lookups.variants, budget, request.translate, lookups.lexicon,
                              languages))
    match = matcher.evaluate(node)
    scores, whole, relaxed = None, None, False
    wider = relaxed_match(s, matcher, node, match, lookups.paragraph_texts, request.within)
    read_as = None
    if wider is not None:
        match, scores, whole, notice, read_as = wider
        relaxed = read_as is not None        # some results lack a word typed
        notices += [notice] if notice else []
    if scores is None and match.scored:
        scores = balance(s, score(s, match.scored), match.docs, languages)
    notices += budget.notices[already:]     # what was cut is part of this match's answer
    body = body_hits(s, match)
    matched = Matched(match, scores, relaxed, notices, body, whole, read_as=read_as,
                      drop=drop, hidden=hidden_boilerplate(match.docs, body, drop),
                      languages=languages)
    if budget.timed_out:        # cut by a busy moment: the next request may do better
        return matched
    return kept.put(key, matched)


# Fields that are the article's, not the paragraph's: a hit there alone does not make
# a paragraph a matching one (grouping.py).
ARTICLE_FIELDS = ("headline", "authors")


def body_hits(s, match):
    """Which documents a scored term hits in their own fields (a boolean array by
    docnum), or None when no term searches a paragraph's own fields (every matched
    document counts then)."""
    own = [unit for unit in match.scored if unit.field not in ARTICLE_FIELDS]
    if not own:      # filters only, or only headline:/author: terms: every paragraph counts
        return None
    hit = numpy.zeros(s.info.doc_count, dtype=bool)
    for unit in own:
        for text in unit.terms:
            hit[docsets.index(s.postings(unit.field, text).ids)] = True
    return hit


def hidden_boilerplate(docs, body, drop):
    """How many matching paragraphs `drop` leaves out (their own text matched)."""
    if drop is None or not len(docs):
        return 0
    hidden = drop.take(docs) if body is None else drop.take(docs) & body.take(docs)
    return int(numpy.count_nonzero(hidden))


def date_mask(info, articles, date_from, date_to, undated=False):
    """Which of the article pks `articles` pass the date filters (None: no filter);
    an article with no known date passes none, unless `undated` asks for those alone."""
    if undated:
        return info.published_by_article[articles] == 0
    if not date_from and not date_to:
        return None
    low = int(date_from.strftime("%Y%m%d")) if date_from else 1
    high = int(date_to.strftime("%Y%m%d")) if date_to else 99999999
    published = info.published_by_article[articles]
    return (low <= published) & (published <= high)


def language_mask(info, articles, languages):
    """Which of the article pks `articles` are in one of `languages` (None: no filter)."""
    if not languages:
        return None
    codes = [info.lang_codes.index(code) for code in languages if code in info.lang_codes]
    return numpy.isin(info.lang_by_article[articles], codes)


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
    buckets, granularity, undated = date_histogram(found.groups.article, info,
                                                   request.date_from, request.date_to)
    languages = language_counts(found.language_articles, info, request.languages)
    people = places = []
    if found.mentions is not None:
        people = entity_counts(found.mentions, found.entity_articles[0], PEOPLE,
                               request.people, request.exclude_people)
        places = entity_counts(found.mentions, found.entity_articles[1], PLACES,
                               request.places, request.exclude_places)
    return Facets(outlets, buckets, granularity, undated, languages, people, places)


def arrange(info, found, request, response):
    """Count, fold copies (folding.py) and cut the page:
    [(article pk, [docnum to show], matching paragraphs, [article pks folded into it])]."""
    groups = found.groups
    response.total_articles = len(groups)
    response.total_paragraphs = int(groups.count.sum())
    response.all_words_articles = int(numpy.count_nonzero(groups.whole))    # tiers 1, 2
    response.some_words_articles = len(groups) - response.all_words_articles
    response.page = request.page
    if request.group == "paragraph":
        return paragraph_page(info, found, found.ordered, request, response)
    keys = story_keys(groups.article, found.copies)
    shown_entries = distinct_keys(keys)
    response.folded = len(groups) - shown_entries
    start, end, response.pages = page_slice(shown_entries, request.page, request.per_page)
    ordered, kept = page_order(info, found, end)
    cluster, shown = found.copies.clusters.cluster, {}
    page = []
    for i in kept[start:end].tolist():
        article = int(ordered.article[i])
        docs, above = distinct_best(article, worded_first(info, ordered.docs(i)), found.scores,
                                    cluster, shown, SHOWN_PARAGRAPHS)
        # the best paragraphs are chosen, then shown in reading order
        page.append((article, sorted(docs), int(ordered.count[i]),
                     folded_into(info, found, keys, article), above))
    return page


def page_order(info, found, end):
    """(the first groups in page order, the positions among them of those each story
    shows): enough of them for the `end` first entries once copies are folded (every
    group when fewer). Ordering only the page's lead, not every matching article."""
    count = end + PAGE_LEAD
    while True:
        ordered = leading(found.groups, info, found.sort, count)
        keeper = fold_stories(ordered.article, found.copies)
        kept = numpy.flatnonzero(keeper == numpy.arange(len(ordered)))
        if len(kept) >= end or len(ordered) == len(found.groups):
            return ordered, kept
        count *= 4          # copies folded away most of the lead: a longer one


# Groups ordered beyond a page's last entry, for the copies folded into earlier ones.
PAGE_LEAD = 100


def folded_into(info, found, keys, article):
    """The pks of the other articles of `article`'s story among the matching ones (the
    story's first shows them all), in page order."""
    groups = found.groups
    at = int(numpy.searchsorted(groups.article, article))     # groups: in pk order
    members = numpy.flatnonzero(keys == keys[at])
    if len(members) == 1:
        return []
    story = order_groups(groups.take(members), info, found.sort).article
    return story[story != article].tolist()


def worded_first(info, docs):
    """The docs with words, or all of them when none has: a paragraph of emoji or a lone
    dash is shown only when the article has nothing else (browsing shows the first)."""
    return [d for d in docs if info.fingerprint[d]] or docs


def paragraph_page(info, found, groups, request, response):
    """group=paragraph: one result per paragraph text, best first (or by date, in text
    order); the copies of a paragraph fold into its first."""
    if request.sort == "relevance" and found.scores is not None:
        flat = found.matched.flat_by_score(info)
        flat = flat[numpy.isin(info.article_array[flat], groups.article)]
    else:
        flat = flat_paragraphs(groups)[1]
    cluster = found.copies.clusters.cluster
    kept = fold_flat(flat, cluster)
    response.folded = len(flat) - len(kept)
    start, end, response.pages = page_slice(len(kept), request.page, request.per_page)
    flat = kept[start:end].tolist()
    by_article = numpy.argsort(groups.article)
    counts = {}
    article = info.article_array[flat].tolist()
    for a in set(article):
        i = by_article[numpy.searchsorted(groups.article, a, sorter=by_article)]
        counts[a] = int(groups.count[i])
    return [(a, [d], counts[a]) for a, d in zip(article, flat)]


def suggestion(s, request, parsed, lookups, found):
    """Did you mean: the query with its unknown words corrected, offered only when it
    finds something (with the request's filters), and not when it finds the same
    articles as `found`, in the same way (the variants already matched the corrected
    spelling)."""
    typed = parsed.interpreted if parsed.fell_back else request.q
    budget = lookups.budget
    kept = s.memo("suggestions", limit=64)
    fixed = kept.get(typed)
    if fixed is None:
        fixed = suggest(s, typed, parsed.node, budget) or ""
        if budget.expired():
            return None            # cut short: neither kept nor offered half-made
        kept.put(typed, fixed)
    if not fixed or budget.expired("“did you mean”"):
        return None
    other = find(s, replace(request, q=fixed, sort="newest"), parse(fixed), lookups)
    if not len(other.groups):
        return None
    same = numpy.array_equal(other.groups.article, found.groups.article)   # both by pk
    if same and other.relaxed == found.relaxed:   # (whole matches instead of near misses
        return None                               # are other results)
    return Suggestion(fixed, len(other.groups))
