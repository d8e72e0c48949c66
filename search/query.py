"""The search entry point: a SearchRequest in, a complete SearchResponse out.

    search(request)          one page: results grouped by article (or paragraphs),
                             facets, highlights, notices, did-you-mean
    iter_paragraphs(request) every matching paragraph, for exports, read in batches

The steps, each in its own module: parse the text (parsing), find the matching
documents as a set of docnums (matching), relax to any-word ranking when no paragraph
has every word, score (scoring) and group by article (grouping), then filter the
articles by outlet and date, count facets (facets), and load only the page's paragraphs
from the database to highlight them (highlight). A query's match, scores and ranked
groups are kept for the index generation (MATCHES_KEPT), so a facet click, another page
or another sort reuses them. Everything the index gives is read inside one
`searching()` block; the database is read after it, so no searcher is held meanwhile
(except the best candidates of a relaxed question, re-read by search/candidates.py).
"""
import math
from collections import OrderedDict
from dataclasses import dataclass, field, replace

import numpy

from archive.models import Article, Chunk, Commentary, Outlet

from .analysis import normalise
from .docinfo import doc_info, lru_get, lru_put, postings
from .facets import date_histogram, outlet_counts
from .feedback import feedback_scores
from .grouping import NO_GROUPS, Groups, best_paragraphs, build_groups, order_groups, page_slice
from .highlight import Marks, highlight
from .matching import Context, Matcher, combine, prune
from .parsing import And, Not, Or, Phrase, Word, describe, parse
from .candidates import CANDIDATES, candidate_terms
from .proximity import proximity_bonus
from .results import (ArticleRef, ArticleResult, CommentaryHit, Facets, ParagraphHit,
                      SearchResponse, Suggestion)
from .scoring import score, score_coordinated, top
from .searcher import searching
from .suggest import suggest

MATCHES_KEPT = 8            # queries whose matches and scores a generation keeps
EXPORT_BATCH = 200          # articles loaded from the database at a time by exports
COMMENTARY_SHOWN = 3

# When fewer than FEW_ARTICLES articles have every word of a query of FEW_WORDS words or
# more, paragraphs with most of the words are shown after them. Cranfield nDCG@10 0.4269
# -> 0.4358 (its five short queries, of four words each, matched one or two documents
# whole); queries of two or three words ("russian oil sanctions") stay strict.
FEW_WORDS = 4
FEW_ARTICLES = 10
FEW_NOTICE = ("Few paragraphs have all of the words, so paragraphs with most of them "
              "are shown after them, those with more of the words first.")
# A plain-words query this long is a question typed in plain language: its question
# filler is dropped when it is relaxed (question_words()).
QUESTION_WORDS = 5
RELAXED_NOTICE = ("No paragraph has all of the words, so paragraphs with most of them "
                  "are shown, those with more of the words first.")


@dataclass(frozen=True)
class PageItem:
    article: int
    docs: list              # docnums of the paragraphs to show
    count: int              # the article's matching paragraphs


@dataclass
class Found:
    """What a request matches: its articles in order after every filter, and more."""
    docs: set
    refs: list                       # (field, term) pairs that score a document
    marks: Marks
    interpreted: str
    notices: list
    relaxed: bool = False
    scores: numpy.ndarray | None = None   # score by docnum (search/scoring.py)
    variants_used: list = field(default_factory=list)
    outlet_articles: numpy.ndarray = None          # article pks before the outlet filters
    has_query: bool = False
    ordered: Groups = NO_GROUPS                    # after the filters, in page order
    matched: object = None


# ---------------------------------------------------------------- entry points

def search(request):
    """The complete response for one page of `request`."""
    parsed = parse(request.q)
    names = outlet_names()
    with searching() as s:
        info = doc_info(s)
        found = find(s, request, parsed, names)
        response = SearchResponse(request=request, interpreted=found.interpreted,
                                  notices=found.notices, relaxed=found.relaxed,
                                  variants_used=found.variants_used)
        response.facets = facets_for(found, info, request, names)
        page = arrange(info, found, request, response)
        chunks = {d: s.searcher.stored_fields(d).get("chunk") for item in page for d in item.docs}
        if found.has_query:
            response.suggestion = suggestion(s, request, parsed, names)
    response.results = load_results(page, chunks, found.marks)
    return response


def iter_paragraphs(request):
    """(ArticleRef, ParagraphHit) for every matching paragraph, in the request's order.

    The order is computed from the index at the start (plain integers); paragraphs are
    then read from the database EXPORT_BATCH articles at a time.
    """
    parsed = parse(request.q)
    with searching() as s:
        found = find(s, request, parsed, outlet_names())
        stored = s.searcher.stored_fields
        groups = found.ordered
        order = []
        for i, article in enumerate(groups.article.tolist()):
            docs = groups.docs(i)
            if request.sort == "relevance":
                docs = best_paragraphs(docs, found.scores, None)
            if docs:
                order.append((article, [stored(d).get("chunk") for d in docs]))
    for start in range(0, len(order), EXPORT_BATCH):
        yield from _export_batch(order[start:start + EXPORT_BATCH], found.marks)


def _export_batch(batch, marks):
    ids = [a for a, _ in batch]
    articles = Article.objects.select_related("outlet").in_bulk(ids)
    chunks = Chunk.objects.in_bulk([c for _, pks in batch for c in pks])
    for article_id, pks in batch:
        article = articles.get(article_id)
        if article is None:
            continue
        ref = article_ref(article)
        for pk in pks:
            chunk = chunks.get(pk)
            if chunk is not None:
                yield ref, paragraph_hit(ref, chunk, marks)


# ---------------------------------------------------------------- finding

def find(s, request, parsed, names):
    """Match the query (or reuse the generation's match), then filter its articles.

    The request's filters (outlets, dates) are properties of articles, so they are
    applied to the match's article groups, already ranked, not to every paragraph."""
    node = prune(parsed.node)
    matched = match_query(s, node, request.variants, names)
    notices = list(parsed.notices) + matched.notices
    if parsed.fell_back is False and node is None and request.q.strip():
        notices.append("The query has only very common words, so everything is shown.")
    info = doc_info(s)
    ordered = matched.ordered(info, "newest" if request.sort == "relevance"
                              and matched.scores is None else request.sort)
    dated = date_mask(info, ordered.article, request.date_from, request.date_to)
    if dated is not None:
        ordered = ordered.take(dated)
    outlet_articles = ordered.article
    outlet_ok = outlet_mask(info, ordered.article, request.outlets, request.exclude_outlets)
    if outlet_ok is not None:
        ordered = ordered.take(outlet_ok)
    match = matched.match
    found = Found(match.docs, match.scored, Marks(match.words, match.phrases), describe(node),
                  notices, matched.relaxed, scores=matched.scores,
                  outlet_articles=outlet_articles, has_query=node is not None,
                  ordered=ordered, matched=matched)
    filtered = dated is not None or outlet_ok is not None
    found.variants_used = variants_used(match, info, ordered, filtered)
    return found


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


def match_query(s, node, variants, names):
    """Matched for a query tree; the same query (a facet click, the next page) is
    answered from the generation's cache of the last MATCHES_KEPT queries."""
    kept = s.cache.setdefault("matches", OrderedDict())
    key = (node, variants, frozenset(names.items()))
    found = lru_get(kept, key)
    if found is not None:
        return found
    notices = []
    matcher = Matcher(Context(s, variants, notices, names))
    match = matcher.evaluate(node)
    relaxed, scores, whole = False, None, None
    words = plain_words_of(node)
    if should_relax(match, words, matcher.info):
        full = match.docs
        leaves = relaxed_leaves(matcher, words)
        if len(leaves) > 1 or not full:
            match, scores = relax(s, matcher, node, leaves)
            if full:
                whole = numpy.zeros(matcher.info.doc_count, dtype=bool)
                whole[numpy.fromiter(full, dtype=numpy.int64, count=len(full))] = True
                lift_above_the_rest(scores, whole)
            relaxed = bool(match.docs)
            if relaxed:
                notices.append(FEW_NOTICE if full else RELAXED_NOTICE)
    if scores is None and match.scored:
        scores = score(s, match.scored)
    found = Matched(match, scores, relaxed, notices, body_hits(s, match), whole)
    lru_put(kept, key, found, MATCHES_KEPT)
    return found


# Fields that are the article's, not the paragraph's: a hit there alone does not make
# a paragraph a matching one (search/grouping.py).
ARTICLE_FIELDS = ("headline", "authors")


def body_hits(s, match):
    """Which documents a scored term hits in their own fields (a boolean array by
    docnum), or None when no term searches a paragraph's own fields (every matched
    document counts then)."""
    own = [(f, t) for f, t in match.scored if f not in ARTICLE_FIELDS]
    if not own:      # filters only, or only headline:/author: terms: every paragraph counts
        return None
    hit = numpy.zeros(doc_info(s).doc_count, dtype=bool)
    for fieldname, text in own:
        hit[numpy.frombuffer(postings(s, fieldname, text).ids, dtype=numpy.int32)] = True
    return hit


def should_relax(match, words, info):
    """Relax when no paragraph has every word, or when a query of FEW_WORDS words or
    more is matched whole by only a handful of articles."""
    if len(words) < 2:
        return False
    if not match.docs:
        return True
    if len(words) < FEW_WORDS:
        return False
    article = info.article
    return len({article[d] for d in match.docs}) < FEW_ARTICLES


def plain_words_of(node):
    """The parts (words, phrases, OR groups) of a query that ANDs them, with filters."""
    items = node.items if isinstance(node, And) else (node,)
    return [i for i in items if isinstance(i, (Word, Phrase, Or))]


# Words that frame a question typed in plain language rather than name its subject
# ("what ... can anyone find on ..."): interrogatives, auxiliaries and modals, pronouns,
# quantifiers and the words of a request. Dropped only when relaxing a question of
# QUESTION_WORDS words or more; a short query or a quoted phrase keeps every word.
QUESTION_FILLER = frozenset("""
    what which who whom whose when where why how whether
    am is are was were be been being do does did done have has had having
    can could may might must shall should will would ought need
    i me my we our you your he she they them their it its this that these those
    there here any anyone anybody anything some someone somebody something
    all each every such other another so very much many more most also only
    about into onto upon than then too just yet
    please know find found give given get tell show shown
    information available papers paper literature work works
""".split())


def question_words(words):
    """The words of a long plain-language question without its QUESTION_FILLER (all of
    them if that would leave fewer than two)."""
    if len(words) < QUESTION_WORDS:
        return words
    kept = [w for w in words if not (isinstance(w, Word) and not w.field and not w.prefix
                                     and not w.fuzzy and normalise(w.text) in QUESTION_FILLER)]
    return kept if len(kept) >= 2 else words


def lift_above_the_rest(scores, whole):
    """Paragraphs with every word (`whole`, by docnum) rank above those with only some:
    they are lifted by twice the best score, more than an article's count of matching
    paragraphs can add to a partial match (search/grouping.py COUNT_BOOST). The date
    sorts put them first too (search/grouping.py order_groups)."""
    lift = 2 * scores.max()
    scores[whole & (scores > 0)] += lift     # (not those the query's filters dropped)


def relaxed_leaves(matcher, words):
    """The Matches of the query's parts that match something, question filler dropped;
    words that together spell a variant ("world war two") are one part."""
    return [leaf for leaf in matcher.positive_parts(question_words(words)) if leaf.docs]


def relax(s, matcher, node, leaves):
    """Any-word matching of the query's parts (`leaves`), ranked by how much of the
    query (by idf) a paragraph has."""
    docs = set().union(*(leaf.docs for leaf in leaves)) if leaves else set()
    rest = [i for i in node.items if not isinstance(i, (Word, Phrase, Or))] \
        if isinstance(node, And) else []
    for item in rest:
        if isinstance(item, Not):
            docs -= matcher.evaluate(item.item).docs
        else:
            keep = matcher.predicate(item)
            docs = {d for d in docs if keep(d)}
    match = combine(leaves, docs)
    total = len(matcher.info.live) + 1
    weights = [math.log(total / (len(leaf.docs) + 1)) + 1 for leaf in leaves]
    scores = score_coordinated(s, [leaf.scored for leaf in leaves], weights, docs)
    return match, rerank(s, leaves, weights, scores)


def rerank(s, leaves, weights, scores):
    """The best CANDIDATES lifted by how closely the query's words stand together in
    each (search/proximity.py), then by the words of the best few (search/feedback.py)."""
    words = [(sorted({t for f, t in leaf.scored if f == "text"}), weight)
             for leaf, weight in zip(leaves, weights)]
    words = [(terms, weight) for terms, weight in words if terms]   # not stop words
    if len(words) < 2:
        return scores
    best = top(scores, CANDIDATES)
    terms_of = candidate_terms(s, best)
    terms, weights = zip(*words)
    for d, extra in proximity_bonus(terms_of, terms, weights).items():
        scores[d] += extra
    best.sort(key=lambda d: (-scores[d], d))
    for d, extra in feedback_scores(s, best, scores, terms_of, len(words)).items():
        scores[d] += extra
    return scores


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


def outlet_names():
    return dict(Outlet.objects.values_list("slug", "name"))


# ---------------------------------------------------------------- facets and the page

def facets_for(found, info, request, names):
    outlets = outlet_counts(found.outlet_articles, info, names,
                            request.outlets, request.exclude_outlets)
    buckets, granularity = date_histogram(found.ordered.article, info,
                                          request.date_from, request.date_to)
    return Facets(outlets, buckets, granularity)


def arrange(info, found, request, response):
    """Count and cut the page into PageItems."""
    groups = found.ordered
    response.total_articles = len(groups)
    response.total_paragraphs = int(groups.count.sum())
    response.page = request.page
    if request.group == "paragraph":
        return paragraph_page(info, found, groups, request, response)
    start, end, response.pages = page_slice(len(groups), request.page, request.per_page)
    return [PageItem(int(groups.article[i]), best_paragraphs(groups.docs(i), found.scores),
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
    return [PageItem(info.article[d], [d], counts[info.article[d]]) for d in flat]


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


def suggestion(s, request, parsed, names):
    typed = parsed.interpreted if parsed.fell_back else request.q
    kept = s.cache.setdefault("suggestions", {})
    if typed not in kept:
        if len(kept) > MATCHES_KEPT * 8:
            kept.clear()
        kept[typed] = suggest(s.searcher.reader(), typed, parsed.node)
    fixed = kept[typed]
    if not fixed:
        return None
    found = find(s, replace(request, q=fixed, sort="newest"), parse(fixed), names)
    return Suggestion(fixed, len(found.ordered))


# ---------------------------------------------------------------- from the database

def load_results(page, chunk_of, marks):
    """ArticleResults for the page, text read from the database and highlighted."""
    ids = [item.article for item in page]
    articles = Article.objects.select_related("outlet").in_bulk(ids)
    chunks = Chunk.objects.in_bulk([c for c in chunk_of.values() if c])
    notes = {}
    for note in Commentary.objects.filter(article_id__in=ids, private=False).select_related("chunk"):
        notes.setdefault(note.article_id, []).append(note)
    results = []
    for item in page:
        article = articles.get(item.article)
        if article is None:       # deleted since the index last caught up
            continue
        ref = article_ref(article)
        shown = [chunks[chunk_of[d]] for d in item.docs if chunk_of.get(d) in chunks]
        results.append(ArticleResult(
            article=ref,
            matching_paragraphs=item.count,
            paragraphs=[paragraph_hit(ref, chunk, marks) for chunk in shown],
            commentary=commentary_hits(notes.get(item.article, []), marks),
        ))
    return results


def article_ref(article):
    return ArticleRef(
        id=article.pk, headline=article.headline, outlet_slug=article.outlet.slug,
        outlet_name=article.outlet.name, authors=article.authors, published=article.published,
        precision=article.published_precision, url=article.url,
        permalink=article.get_absolute_url(),
    )


def paragraph_hit(ref, chunk, marks):
    return ParagraphHit(id=chunk.key, position=chunk.position, heading=chunk.heading,
                        html=highlight(chunk.text, marks),
                        permalink=f"{ref.permalink}#p-{chunk.key}")


def commentary_hits(notes, marks):
    """Public commentary on the article that the query matches, marked."""
    hits = []
    for note in notes:
        marked = highlight(note.text, marks)
        if marks and "<mark>" not in marked:
            continue
        hits.append(CommentaryHit(note.pk, marked, note.chunk.key if note.chunk else None))
        if len(hits) == COMMENTARY_SHOWN:
            break
    return hits
