"""The speed benchmark behind `manage.py bench`: build a throwaway archive, time the real code.

What it measures, all in one run on the same paragraphs:
- the product's full index rebuild (paragraphs per second, index size on disk);
- the complete search of search.search (query + facets + grouping + highlights for
  one page) over a fixed set of query kinds, median and 95th percentile;
- the same complete search done by SQLite FTS5 (search/fts5_reference below), the reference
  that makes figures from a shared, noisy machine comparable;
- how long an edit saved with Article.save() takes to become findable.

The archive is made from a JSON-lines corpus (see ../shared/corpora/README.md); past the
corpus's size, new articles are generated from its real sentences with a fixed seed, spread
over several outlets and twelve years, so runs are comparable. Without a corpus the seed
texts in fixtures/seeds/ (or a few built-in paragraphs) are the source.

Everything here writes to the configured database and index: run it only inside a
throwaway archive (`run_in_throwaway_archive`), as the bench and relevance commands do.
"""
import json
import math
import os
import random
import re
import resource
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from archive.chunking import split_body
from archive.models import Article, Chunk, Outlet, fingerprint

SEED = 20240806
GENERATED_OUTLETS = [f"Benchmark Wire {letter}" for letter in "ABCDEFGH"]
GENERATED_YEARS = (2014, 2025)
THROWAWAY_ENV = "ARCHIVE_THROWAWAY_DIR"
# A few neutral paragraphs so the benchmark runs for a newcomer with no corpus and no seeds.
BUILTIN_TEXT = """\
Ukrainian forces said on Tuesday they had pushed back Russian troops near Kharkiv, while shelling continued along the front line in the Donetsk region.

The governor of the Zaporizhzhia region reported damage to power lines after a night of drone attacks, and repair crews worked through the morning to restore electricity.

European Union ministers discussed a new package of sanctions on Russian energy exports, including limits on oil shipped by sea and on refined products.

Grain shipments from Black Sea ports resumed after weeks of negotiation, easing pressure on food prices in countries that depend on Ukrainian wheat.

Humanitarian groups called for safe corridors to evacuate civilians from besieged towns, saying thousands of people remained without water or heating.

Analysts said the counteroffensive would depend on the supply of air defence systems, artillery ammunition and armoured vehicles from Western partners.
"""


@dataclass
class SourceArticle:
    headline: str
    outlet: str
    published: date | None
    paragraphs: list[str]
    url: str = ""


# ---------------------------------------------------------------- the text source

def load_jsonl_corpus(path):
    """Articles of a JSON-lines corpus: {"title", "outlet", "published", "url", "body"} a line."""
    articles = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            paragraphs = [block.text for block in split_body(record.get("body") or "")]
            if not paragraphs:
                continue
            published = record.get("published")
            articles.append(SourceArticle(
                headline=(record.get("title") or "").strip() or paragraphs[0][:80],
                outlet=(record.get("outlet") or "").strip() or "Unknown outlet",
                published=date.fromisoformat(published) if published else None,
                paragraphs=paragraphs,
                url=record.get("url") or "",
            ))
    return articles


def builtin_source():
    """The seed texts in fixtures/seeds/, or the built-in paragraphs when there are none."""
    seeds = sorted((Path(settings.BASE_DIR) / "fixtures" / "seeds").glob("*.txt"))
    texts = [path.read_text(encoding="utf-8") for path in seeds] or [BUILTIN_TEXT]
    articles = []
    for i, text in enumerate(texts):
        # Seed texts are raw: some separate paragraphs by single newlines, so take lines.
        paragraphs = [line.strip() for line in text.splitlines() if len(line.strip()) > 40]
        if paragraphs:
            articles.append(SourceArticle(
                headline=paragraphs[0][:80], outlet=GENERATED_OUTLETS[i % 3],
                published=date(2022 + i % 4, 1 + i % 12, 1), paragraphs=paragraphs,
            ))
    return articles


def default_corpus_path():
    path = Path(settings.BASE_DIR).parent / "shared" / "corpora" / "ukraine_war_press_releases.jsonl"
    return path if path.is_file() else None


def sentences_of(articles):
    pool = []
    for article in articles:
        for paragraph in article.paragraphs:
            pool.extend(s for s in re.split(r"(?<=[.!?])\s+", paragraph) if len(s) >= 20)
    return pool


def build_articles(source, paragraphs, seed=SEED):
    """Exactly `paragraphs` paragraphs: the source's articles first, then generated ones."""
    rng = random.Random(seed)
    real = list(source)
    rng.shuffle(real)
    articles, count = [], 0
    for article in real:
        if count >= paragraphs:
            break
        take = article.paragraphs[: paragraphs - count]
        articles.append(SourceArticle(article.headline, article.outlet, article.published, take, article.url))
        count += len(take)
    pool = sentences_of(source) or [BUILTIN_TEXT]
    first, last = date(GENERATED_YEARS[0], 1, 1), date(GENERATED_YEARS[1], 12, 31)
    while count < paragraphs:
        size = min(rng.randint(3, 15), paragraphs - count)
        body = [" ".join(rng.choice(pool) for _ in range(rng.randint(2, 4))) for _ in range(size)]
        articles.append(SourceArticle(
            headline=" ".join(rng.choice(pool).split()[:10]),
            outlet=rng.choice(GENERATED_OUTLETS),
            published=first + timedelta(days=rng.randrange((last - first).days + 1)),
            paragraphs=body,
        ))
        count += size
    return articles


# ---------------------------------------------------------------- loading the archive

@transaction.atomic
def insert_archive(articles, batch=1000):
    """Bulk-insert articles and their paragraphs; returns the new article ids in order.

    bulk_create skips Article.save() and the model signals on purpose: the outbox is not
    needed, since the benchmark times a full rebuild afterwards.
    """
    outlets = {}
    for name in dict.fromkeys(a.outlet for a in articles):
        outlets[name] = Outlet.objects.get_or_create(name=name)[0]
    ids = []
    for start in range(0, len(articles), batch):
        part = articles[start:start + batch]
        rows = [Article(
            outlet=outlets[a.outlet], headline=a.headline[:500], published=a.published,
            url=a.url[:1000], body="\n\n".join(a.paragraphs),
            fingerprint=fingerprint("\n\n".join(a.paragraphs)), source="benchmark",
        ) for a in part]
        Article.objects.bulk_create(rows)
        chunks = [
            Chunk(article=row, key=f"{position:08x}", position=position, text=text)
            for row, a in zip(rows, part) for position, text in enumerate(a.paragraphs)
        ]
        Chunk.objects.bulk_create(chunks, batch_size=2000)
        ids.extend(row.pk for row in rows)
    return ids


def folder_bytes(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def rebuild_product_index():
    """The product's own full rebuild, as `manage.py rebuild_index` runs it."""
    from search.index.rebuild import rebuild

    return rebuild()


# ---------------------------------------------------------------- the query set

@dataclass
class BenchQuery:
    name: str
    q: str                        # as a visitor types it into the product
    fts: str                      # the same query as an FTS5 MATCH expression
    fts_relaxed: str = ""         # any-word fallback when `fts` matches nothing
    outlets: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None


LONG_QUESTION = ("what did the president say about sanctions on russian energy exports "
                 "and the safety of grain shipments from the black sea ports")
STOP = frozenset("""a an and are as at be by for from has have he i in is it its of on or that the
their there they this to was were will with what did say about which who we our not but been""".split())


def word_stats(articles):
    """Paragraph frequency of each word and of each adjacent pair of non-stop words."""
    words, pairs = Counter(), Counter()
    for article in articles:
        for paragraph in article.paragraphs:
            tokens = re.findall(r"[a-z]+", paragraph.lower())
            words.update(set(t for t in tokens if t not in STOP and len(t) > 3))
            pairs.update(set(
                (a, b) for a, b in zip(tokens, tokens[1:])
                if a not in STOP and b not in STOP and len(a) > 3 and len(b) > 3
            ))
    return words, pairs


def pick_rare_words(words, count, rng):
    """Long words in 3 to 8 paragraphs whose stems are as rare (so both engines find few)."""
    from whoosh.lang.porter import stem

    stems = Counter()
    for word, n in words.items():
        stems[stem(word)] += n
    candidates = sorted(w for w, n in words.items() if 3 <= stems[stem(w)] <= 8 and len(w) > 6)
    rng.shuffle(candidates)
    return candidates[:count] or [min(words, key=words.get)] if words else ["ukraine"]


def fts_words(text, joiner=" "):
    return joiner.join(f'"{w}"' for w in re.findall(r"\w+", text.lower()) if w not in STOP)


def choose_queries(source, outlet_slug, years, count=1):
    """{kind: `count` distinct queries of that kind}, words picked from the source text.

    Distinct, because the engine may keep a generation's recent matches: repeating one
    query would time its cache, not a first search. The three one-word kinds take turns
    down the list of common words, so none finds its word already matched by another.
    Picked from the source (not the generated archive) so every size of a run over the
    same corpus asks the same queries.
    """
    words, pairs = word_stats(source)
    ranked = [w for w, _ in words.most_common()] or ["ukraine", "russia", "war"]
    common = [ranked[i % len(ranked)] for i in range(3 * count)]
    rng = random.Random(SEED)
    two = [ranked[(2 * i + 1) % len(ranked)] + " " + ranked[(2 * i + 2) % len(ranked)]
           for i in range(count)]
    phrases = [" ".join(p) for p, _ in pairs.most_common(count)] or [two[0]]
    year = date(years[0], 1, 1), date(years[1], 12, 31)
    kinds = {
        "common word": [BenchQuery("common word", w, fts_words(w)) for w in common[0::3]],
        "rare word": [BenchQuery("rare word", w, fts_words(w)) for w in pick_rare_words(words, count, rng)],
        "two words": [BenchQuery("two words", q, fts_words(q)) for q in two],
        "phrase": [BenchQuery("phrase", f'"{p}"', f'"{p}"') for p in phrases],
        "word + outlet": [BenchQuery("word + outlet", w, fts_words(w), outlets=(outlet_slug,))
                          for w in common[1::3]],
        "word + dates": [BenchQuery("word + dates", w, fts_words(w), date_from=year[0], date_to=year[1])
                         for w in common[2::3]],
        "long question": [BenchQuery("long question", q, fts_words(q), fts_relaxed=fts_words(q, " OR "))
                          for q in long_questions(ranked, count, rng)],
    }
    return {name: variants or kinds["common word"][:1] for name, variants in kinds.items()}


def long_questions(ranked, count, rng):
    """The fixed question first, then questions made of mid-frequency words of the text."""
    middle = ranked[100:3000] or ranked
    questions = [LONG_QUESTION]
    while len(questions) < count:
        a, b, c, d, e = (rng.choice(middle) for _ in range(5))
        questions.append(f"what did the president say about {a} {b} and the {c} of {d} in {e}")
    return questions[:count]


# ---------------------------------------------------------------- the FTS5 reference

class Fts5Reference:
    """The same complete search done with SQLite FTS5 over the same paragraphs.

    One page of results grouped by article (best paragraph's bm25, headline weighted 2),
    outlet counts (without the outlet filter, as the product counts them) and month counts
    over matching articles, up to three paragraphs per article with snippet() highlights.
    """

    def __init__(self, path):
        self.path = Path(path)
        self.db = sqlite3.connect(str(path))

    def create(self):
        self.db.execute(
            "CREATE VIRTUAL TABLE para USING fts5(headline, text, article UNINDEXED, "
            "outlet UNINDEXED, published UNINDEXED, tokenize='porter unicode61 remove_diacritics 2')"
        )

    def build(self):
        rows = Chunk.objects.values_list(
            "id", "article__headline", "text", "article_id", "article__outlet__slug",
            "article__published",
        ).order_by("id")
        started = time.perf_counter()
        with self.db:
            self.db.executemany(
                "INSERT INTO para(rowid, headline, text, article, outlet, published) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                ((i, h, t, a, o, p.isoformat() if p else None) for i, h, t, a, o, p in rows.iterator()),
            )
            self.db.execute("INSERT INTO para(para) VALUES ('optimize')")
        return time.perf_counter() - started

    def search(self, query, per_page=10):
        matched = self._matching_articles(query.fts, query)
        if not matched and query.fts_relaxed:
            matched = self._matching_articles(query.fts_relaxed, query)
        outlets = Counter(outlet for _, outlet, _, _, _ in matched)
        if query.outlets:
            matched = [m for m in matched if m[1] in query.outlets]
        months = Counter(month for _, _, month, _, _ in matched if month)
        page = sorted(matched, key=lambda m: m[3])[:per_page]
        paragraphs = self._top_paragraphs(query, [m[0] for m in page]) if page else {}
        return {"articles": len(matched), "outlets": len(outlets), "months": len(months),
                "shown": sum(len(p) for p in paragraphs.values())}

    def _filters(self, query):
        sql, params = "", []
        if query.date_from:
            sql, params = sql + " AND published >= ?", params + [query.date_from.isoformat()]
        if query.date_to:
            sql, params = sql + " AND published <= ?", params + [query.date_to.isoformat()]
        return sql, params

    def _matching_articles(self, match, query):
        where, params = self._filters(query)
        return self.db.execute(
            "WITH hit AS MATERIALIZED (SELECT article, outlet, substr(published, 1, 7) AS month, "
            f"bm25(para, 2.0, 1.0) AS score FROM para WHERE para MATCH ?{where}) "
            "SELECT article, outlet, month, min(score), count(*) FROM hit GROUP BY article",
            [match] + params,
        ).fetchall()

    def _top_paragraphs(self, query, article_ids):
        marks = ",".join("?" * len(article_ids))
        rows = self.db.execute(
            "SELECT article, rowid, snippet(para, 1, '<mark>', '</mark>', '…', 40) FROM para "
            f"WHERE para MATCH ? AND article IN ({marks}) ORDER BY rank",
            [query.fts_relaxed or query.fts] + article_ids,
        ).fetchall()
        shown = {}
        for article, rowid, snippet in rows:
            if len(shown.setdefault(article, [])) < 3:
                shown[article].append((rowid, snippet))
        return shown


# ---------------------------------------------------------------- timing

@dataclass
class Timing:
    median_ms: float
    p95_ms: float
    samples: list[float] = field(default_factory=list)


def measure(run, runs, warmup=2):
    for _ in range(warmup):
        run()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return summarise(samples)


def summarise(samples):
    ordered = sorted(samples)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return Timing(round(statistics.median(ordered), 2), round(p95, 2), samples)


def product_request(query, per_page=10):
    from search.types import SearchRequest

    return SearchRequest(q=query.q, outlets=query.outlets, date_from=query.date_from,
                         date_to=query.date_to, per_page=per_page)


def product_search(query):
    from search import search

    return search(product_request(query))


def edit_to_searchable_ms(article_id, timeout=10.0):
    """Milliseconds from an Article.save() (which commits) until a search finds the new word."""
    from search import search
    from search.types import SearchRequest

    # A new made-up word each run, so a kept archive (bench --keep) never has it already.
    word = "zqx" + "".join(random.choice("bcdfghjklmnpqrstvwxz") for _ in range(8))
    article = Article.objects.get(pk=article_id)
    article.body += f"\n\nA paragraph added by the benchmark: {word}."
    started = time.perf_counter()
    article.save()
    saved = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if search(SearchRequest(q=word)).total_paragraphs:
            found = time.perf_counter()
            return {"save_ms": round((saved - started) * 1000, 1),
                    "searchable_ms": round((found - started) * 1000, 1)}
        time.sleep(0.02)
    return {"save_ms": round((saved - started) * 1000, 1), "searchable_ms": None}


# ---------------------------------------------------------------- memory and cold starts

def resident_mb():
    """This process's resident memory now, in MB (Linux /proc; None elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 1e6, 1)


def peak_mb(who):
    """The peak resident memory of this process ("self") or of its largest finished child
    ("children", e.g. the rebuild's indexing processes), in MB."""
    import resource

    scope = resource.RUSAGE_SELF if who == "self" else resource.RUSAGE_CHILDREN
    return round(resource.getrusage(scope).ru_maxrss / 1e3, 1)    # ru_maxrss is in KB


def cold_search_ms(kinds):
    """The first search after a new index generation (an edit commits one): the searcher
    refreshes and the generation's columns and posting lists are built again; and how
    long after it the generation's exact copies were found in the background (their
    carried ones answer until then, engine/carried_copies.py)."""
    from search.index.searcher import POOL

    POOL.background.wait(120)          # the edit probe's own generation: not this one's work
    article = Article.objects.order_by("id").first()
    article.body += "\n\nA paragraph added by the benchmark for a new generation."
    article.save()
    first = next(iter(kinds.values()))[0]
    started = time.perf_counter()
    product_search(first)
    searched = time.perf_counter()
    POOL.background.wait(120)
    return {"first_search_ms": round((searched - started) * 1000, 1),
            "exact_copies_after_ms": round((time.perf_counter() - searched) * 1000, 1)}


# ---------------------------------------------------------------- the whole run

def log(message):
    print(message, file=sys.stderr, flush=True)


def prepare_archive(paragraphs, corpus_path=None, seed=SEED):
    """Load the throwaway archive; returns (source articles, generated articles, article ids)."""
    source = load_jsonl_corpus(corpus_path) if corpus_path else builtin_source()
    articles = build_articles(source, paragraphs, seed)
    started = time.perf_counter()
    ids = insert_archive(articles)
    log(f"loaded {len(articles)} articles, {paragraphs} paragraphs into the database "
        f"in {time.perf_counter() - started:.1f}s")
    return source, articles, ids


def cpu_seconds():
    """CPU time of this process and its finished children (Whoosh's indexing processes):
    steadier than wall time on a machine shared with other work."""
    own, children = (resource.getrusage(who) for who in
                     (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def time_rebuild(paragraphs):
    started, cpu = time.perf_counter(), cpu_seconds()
    rebuild_product_index()
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    size = folder_bytes(settings.SEARCH_INDEX_DIR)
    log(f"rebuild_index: {seconds:.1f}s ({cpu:.1f}s CPU), {paragraphs / seconds:.0f} "
        f"paragraphs/s, {size / 1e6:.1f} MB")
    return seconds, size, cpu


def queries_for(source, articles, count):
    by_outlet = Counter(a.outlet for a in articles)
    outlet = Outlet.objects.get(name=by_outlet.most_common(1)[0][0])
    years = sorted(a.published.year for a in articles if a.published) or [2022]
    middle = years[len(years) // 2]
    return choose_queries(source, outlet.slug, (middle, middle), count)


def once_each(run, queries):
    """Timing of one run of each query (each a first search of its text)."""
    samples = []
    for query in queries:
        started = time.perf_counter()
        run(query)
        samples.append((time.perf_counter() - started) * 1000)
    return summarise(samples)


def time_kind(variants, fts, runs, warmup):
    """First-search times over the distinct variants; repeat times of the first one."""
    first = variants[0]
    ours, theirs = once_each(product_search, variants), once_each(fts.search, variants)
    repeat = measure(lambda: product_search(first), runs, warmup)
    response, reference = product_search(first), fts.search(first)
    return {
        "name": first.name, "q": first.q, "variants": [v.q for v in variants],
        "outlets": list(first.outlets),
        "date_from": first.date_from and first.date_from.isoformat(),
        "date_to": first.date_to and first.date_to.isoformat(),
        "median_ms": ours.median_ms, "p95_ms": ours.p95_ms,
        "fts5_median_ms": theirs.median_ms, "fts5_p95_ms": theirs.p95_ms,
        "ratio_median": round(ours.median_ms / max(theirs.median_ms, 0.01), 2),
        # each variant's own time, in the order of "variants": a p95 of five first
        # searches is the slowest of them, and this says which query it was
        "samples_ms": rounded(ours.samples), "fts5_samples_ms": rounded(theirs.samples),
        "repeat_median_ms": repeat.median_ms, "repeat_p95_ms": repeat.p95_ms,
        "articles": response.total_articles, "paragraphs_matched": response.total_paragraphs,
        "relaxed": response.relaxed, "fts5_articles": reference["articles"],
    }


def rounded(samples):
    return [round(ms, 2) for ms in samples]


def time_queries(kinds, fts, runs, warmup):
    results = []
    for variants in kinds.values():
        result = time_kind(variants, fts, runs, warmup)
        results.append(result)
        log(f"{result['name']:<14} {result['median_ms']:8.1f} ms (p95 {result['p95_ms']:.1f})   "
            f"fts5 {result['fts5_median_ms']:8.1f} ms (p95 {result['fts5_p95_ms']:.1f})   "
            f"repeated {result['repeat_median_ms']:.1f} ms")
    return results


PROFILED = 10   # unseen queries per kind for bench --profile


def time_entities(kinds, runs, warmup):
    """People and places: building which articles mention each entity, in a new process
    (every segment read) and after an index change (segments kept, only the new one
    read), then each kind's first query filtered by its most mentioned person or place
    (every search also counts the facets, so the query times include that)."""
    from dataclasses import replace

    from search import search
    from search.engine.entities import mentions
    from search.index import postings, segment_docs
    from search.index.memo import PROCESS
    from search.index.searcher import searching
    from search.service import backend, reference as held

    known = backend().analysed(held.reference().tables)[2]      # the whole gazetteer

    def build():
        with searching() as s:
            s.memo("entities", limit=2).clear()   # a new generation: its mentions not built yet
            started = time.perf_counter()
            mentions(s, known)
            return round((time.perf_counter() - started) * 1000, 2)

    PROCESS.memo(segment_docs.KEPT, segment_docs.KEPT_LIMIT).clear()   # and what a new
    PROCESS.memo(postings.DECODED, postings.DECODED_KEPT).clear()      # process has not decoded
    cold_ms = build()
    build_ms = build()
    log(f"people and places: {len(known)} entities, mentions built in {cold_ms:.1f} ms "
        f"(new process), {build_ms:.1f} ms (after an index change)")
    filtered = []
    for variants in kinds.values():
        first = variants[0]
        facets = product_search(first).facets
        top = (facets.people or facets.places or [None])[0]
        if top is None:
            continue
        field = "people" if facets.people and top is facets.people[0] else "places"
        request = replace(product_request(first), **{field: (top.slug,)})
        timing = measure(lambda: search(request), runs, warmup)
        filtered.append({"name": first.name, "q": first.q, field: top.slug,
                         "median_ms": timing.median_ms, "p95_ms": timing.p95_ms})
        log(f"{first.name:<14} + {field} {top.slug}: "
            f"{timing.median_ms:.1f} ms (p95 {timing.p95_ms:.1f})")
    return {"entities": len(known), "mentions_cold_ms": cold_ms, "mentions_build_ms": build_ms,
            "filtered": filtered}


def time_attention(kinds, runs, warmup):
    """Attention over time for each kind's first query: the first call (its match is
    already kept from the search), repeated calls, and a comparison with two more
    queries (the next two of the kind, not searched before)."""
    from search.service import attention

    results = []
    for variants in kinds.values():
        first = variants[0]
        request = product_request(first)
        started = time.perf_counter()
        attention(request)
        once = round((time.perf_counter() - started) * 1000, 2)
        repeat = measure(lambda: attention(request, normalize="share"), runs, warmup)
        others = tuple(v.q for v in variants[1:3])
        started = time.perf_counter()
        attention(request, compare=others)
        compared = round((time.perf_counter() - started) * 1000, 2)
        results.append({"name": first.name, "q": first.q, "first_ms": once,
                        "repeat_median_ms": repeat.median_ms, "repeat_p95_ms": repeat.p95_ms,
                        "compare": list(others), "compare_first_ms": compared})
        log(f"attention {first.name:<14} {once:8.1f} ms first, {repeat.median_ms:.1f} ms "
            f"repeated; compared with 2 more {compared:.1f} ms")
    return results


def read_into_os_cache(paths):
    """Read every file of `paths` (files or folders) once and return the megabytes read.

    Both engines are timed with their files in the OS's cache, as a serving host that
    has the memory keeps them. A just-built archive is mostly there already; a reused
    one (bench --keep) may not be, and its first queries then timed the disk: at a
    million paragraphs, the long question's median 156 ms with the files partly read,
    84 ms once they were (the same process, the same queries)."""
    total = 0
    for path in filter(Path.exists, paths):
        for file in ([path] if path.is_file() else sorted(path.rglob("*"))):
            if file.is_file():
                with open(file, "rb", buffering=0) as stream:
                    while chunk := stream.read(1 << 20):
                        total += len(chunk)
    log(f"read {total / 1e6:.0f} MB into the OS cache (index, database, FTS5's file)")
    return round(total / 1e6, 1)


def warm_up(kinds):
    """What a gunicorn worker does when it starts (search/service/warm.py), waited for,
    then queries not timed later: the searcher open and its per-generation data built.
    (The freeze also sets the benchmark's own corpus aside from the garbage collector,
    which a worker does not hold: its full collections had cost 100s of ms in the
    timings.)"""
    from search.service import start_warm_up, wait_for_warm_up

    start_warm_up()
    wait_for_warm_up(None)
    for variants in kinds.values():
        for query in variants:
            product_search(query)


def time_rebuild_without_copies(paragraphs):
    """A rebuild without the copy signatures (the index before issue 12), for comparison."""
    from search.index import documents

    documents.SIGNATURES = False
    try:
        log("without copy signatures:")
        seconds, _, cpu = time_rebuild(paragraphs)
        return seconds, cpu
    finally:
        documents.SIGNATURES = True


def time_copies():
    """Seconds to find the new generation's copy clusters, boilerplate and stories (what
    the first search after an index change pays, engine/copies.py)."""
    from search.engine.copies import copies_for
    from search.index.searcher import searching

    with searching() as s:
        s.info      # the columns, built anyway for any search
        started = time.perf_counter()
        copies_for(s)
        seconds = time.perf_counter() - started
    log(f"copies: clusters, boilerplate and stories in {seconds:.2f}s")
    return round(seconds, 3)


def build_archive(paragraphs, corpus_path, fts, compare_copies=False):
    """Load, rebuild and build the FTS5 reference; returns the indexing figures.
    With `compare_copies`, first a rebuild without copy signatures, in the same run."""
    _, articles, _ = prepare_archive(paragraphs, corpus_path)
    without, without_cpu = time_rebuild_without_copies(paragraphs) if compare_copies \
        else (None, None)
    rebuild_seconds, index_bytes, rebuild_cpu = time_rebuild(paragraphs)
    rebuild_peaks = {"process_mb": peak_mb("self"), "indexing_child_mb": peak_mb("children")}
    copies_seconds = time_copies()
    fts.create()
    fts_seconds = fts.build()
    log(f"fts5 build: {fts_seconds:.1f}s")
    return {
        "paragraphs": paragraphs,
        "articles": len(articles),
        "corpus": str(corpus_path) if corpus_path else "built-in",
        "index_seconds": round(rebuild_seconds, 2),
        "index_paragraphs_per_s": round(paragraphs / rebuild_seconds, 1),
        "index_bytes": index_bytes,
        "fts5_index_paragraphs_per_s": round(paragraphs / fts_seconds, 1),
        "fts5_index_bytes": fts.path.stat().st_size,
        "rebuild_peak_rss": rebuild_peaks,
        "index_seconds_without_copies": round(without, 2) if without else None,
        "index_cpu_seconds": round(rebuild_cpu, 2),
        "index_cpu_seconds_without_copies": round(without_cpu, 2) if without_cpu else None,
        "copies_seconds": copies_seconds,
    }


INDEXING_KEYS = ("paragraphs", "articles", "corpus", "index_seconds", "index_paragraphs_per_s",
                 "index_bytes", "fts5_index_paragraphs_per_s", "fts5_index_bytes",
                 "rebuild_peak_rss")


def run_benchmark(paragraphs, corpus_path=None, runs=25, warmup=3, profile_dir=None, reuse=None,
                  compare_copies=False):
    """The whole benchmark inside a throwaway archive; returns the JSON-ready report.

    `reuse`: the report of an earlier run that built this same archive (bench --keep):
    loading and indexing are skipped and their figures are taken from it.
    """
    fts = Fts5Reference(Path(settings.DATA_DIR) / "fts5-reference.sqlite3")
    if reuse:
        report = {key: reuse[key] for key in INDEXING_KEYS if key in reuse}
        report["reused_archive"] = True
        log("reusing the archive built by an earlier run (indexing figures are from that run)")
    else:
        report = build_archive(paragraphs, corpus_path, fts, compare_copies)
    files = [Path(settings.SEARCH_INDEX_DIR), fts.path]
    if connection.vendor == "sqlite":           # PostgreSQL's files are its server's
        files.append(Path(connection.settings_dict["NAME"]))
    report["read_into_os_cache_mb"] = read_into_os_cache(files)
    source = load_jsonl_corpus(corpus_path) if corpus_path else builtin_source()
    # Per kind: `runs` queries to time, PROFILED more to profile, one last to warm up with.
    kinds = queries_for(source, build_articles(source, paragraphs), runs + PROFILED + 1)
    warm_up({name: variants[-1:] for name, variants in kinds.items()})
    report["search_rss_after_warm_up_mb"] = resident_mb()
    timed = time_queries({name: variants[:runs] for name, variants in kinds.items()},
                         fts, runs, warmup)
    report["search_rss_after_queries_mb"] = resident_mb()
    report["page"] = page_report(kinds, runs, timed)
    medians = [q["median_ms"] for q in timed]
    report.update({
        "runs": runs,
        "queries": timed,
        "median_of_medians_ms": round(statistics.median(medians), 2),
        "worst_p95_ms": max(q["p95_ms"] for q in timed),
    })
    report["entities"] = time_entities(
        {name: variants[:runs] for name, variants in kinds.items()}, runs, warmup)
    report["attention"] = time_attention(
        {name: variants[:runs] for name, variants in kinds.items()}, runs, warmup)
    if profile_dir:
        report["phases_ms"] = profile_queries(
            {name: variants[runs:runs + PROFILED] or variants[:1] for name, variants in kinds.items()},
            Path(profile_dir))
    report["edit_to_searchable"] = edit_to_searchable_ms(Article.objects.order_by("id").first().pk)
    report["cold_first_search_ms"] = cold_search_ms(kinds)
    return report


def page_path(query):
    """The search page's address for a benchmark query, as its links write it."""
    from search.service import query_string

    return "/" + query_string(product_request(query))


def page_report(kinds, runs, timed):
    """The whole page over HTTP (page_timing.py) for each kind's timed queries, beside the
    complete search's figures of `timed` and FTS5's, from this run."""
    from .page_timing import WORKERS, time_pages

    pages = time_pages({name: [page_path(q) for q in variants[:runs]]
                        for name, variants in kinds.items()},
                       [page_path(variants[-1]) for variants in kinds.values()], runs, summarise)
    rows = []
    for q in timed:
        first, again = pages[q["name"]]
        rows.append({"name": q["name"], "median_ms": first.median_ms, "p95_ms": first.p95_ms,
                     "repeat_median_ms": again.median_ms, "search_median_ms": q["median_ms"],
                     "search_repeat_median_ms": q["repeat_median_ms"],
                     "fts5_median_ms": q["fts5_median_ms"],
                     "ratio_median": round(first.median_ms / max(q["fts5_median_ms"], 0.01), 2)})
        log(f"page {q['name']:<14} {first.median_ms:8.1f} ms (p95 {first.p95_ms:.1f}), "
            f"repeated {again.median_ms:.1f} ms; the search itself {q['median_ms']:.1f} ms")
    log(f"page floor ({pages['floor'].median_ms:.1f} ms for /robots.txt)")
    return {"workers": WORKERS, "floor_ms": pages["floor"].median_ms, "queries": rows,
            "worker_memory": pages["workers"],
            "median_of_medians_ms": round(statistics.median(r["median_ms"] for r in rows), 2),
            "median_of_repeats_ms": round(statistics.median(r["repeat_median_ms"] for r in rows), 2)}


# ---------------------------------------------------------------- several scales

def growth(reports):
    """Per query kind, how its median grows from the smallest scale to the largest: the
    exponent k of time ~ paragraphs^k (1 is linear; 0 a cost that does not grow)."""
    small, large = reports[0], reports[-1]
    span = math.log(large["paragraphs"] / small["paragraphs"])
    exponents = {}
    for before, after in zip(small["queries"], large["queries"]):
        if span and before["median_ms"] > 0 and after["median_ms"] > 0:
            exponents[before["name"]] = round(math.log(after["median_ms"] / before["median_ms"]) / span, 2)
    return exponents


# Steps of search.search timed by phase_times(), as (module, name): each is replaced in
# the module that calls it. Each time includes the steps it calls (find includes relax
# and score). A step the code does not have is skipped.
PHASES = (("search.index.backend", "lookups"), ("search.engine.finding", "parse"),
          ("search.engine.finding", "find"), ("search.engine.relaxing", "relax"),
          ("search.engine.finding", "score"), ("search.engine.relaxing", "score_coordinated"),
          ("search.engine.finding", "facets_for"), ("search.engine.finding", "arrange"),
          ("search.engine.finding", "suggestion"), ("search.service.searches", "load_results"),
          ("search.index.backend", "highlight"))


def phase_times(kinds):
    """{kind: {step: mean ms per search}} over each kind's queries, each run once, by
    wrapping the search's steps in timers."""
    import importlib

    spent = {}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - started
        return wrapper

    modules = {path: importlib.import_module(path) for path, _ in PHASES}
    originals = {(path, name): getattr(modules[path], name) for path, name in PHASES
                 if hasattr(modules[path], name)}
    table = {}
    try:
        for (path, name), function in originals.items():
            setattr(modules[path], name, timed(name, function))
        for kind, variants in kinds.items():
            spent.clear()
            started = time.perf_counter()
            for query in variants:
                product_search(query)
            spent["total"] = time.perf_counter() - started
            table[kind] = {k: round(v * 1000 / len(variants), 1) for k, v in spent.items()}
    finally:
        for (path, name), function in originals.items():
            setattr(modules[path], name, function)
    return table


def format_phases(table):
    steps = [p for p in ("total",) + tuple(name for _, name in PHASES)
             if any(p in row for row in table.values())]
    lines = ["ms per search" + "".join(f"{step[:9]:>10}" for step in steps)]
    for name, row in table.items():
        lines.append(f"{name:<13}" + "".join(f"{row.get(step, 0):>10.1f}" for step in steps))
    return "\n".join(lines)


def profile_queries(kinds, folder):
    """Where a first search's time goes, per kind: half of each kind's (unseen) queries
    under cProfile (NAME.prof, NAME.txt), the other half through the step timers
    (phases.json, and the table printed)."""
    import cProfile
    import io
    import pstats

    folder.mkdir(parents=True, exist_ok=True)
    for kind, variants in kinds.items():
        profiler = cProfile.Profile()
        profiler.enable()
        for query in variants[: len(variants) // 2 or 1]:
            product_search(query)
        profiler.disable()
        slug = re.sub(r"\W+", "-", kind)
        profiler.dump_stats(str(folder / f"{slug}.prof"))
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text).sort_stats("cumulative")
        stats.print_stats(30)
        stats.sort_stats("tottime").print_stats(20)
        (folder / f"{slug}.txt").write_text(text.getvalue(), encoding="utf-8")
    phases = phase_times({kind: variants[len(variants) // 2:] for kind, variants in kinds.items()})
    (folder / "phases.json").write_text(json.dumps(phases, indent=1), encoding="utf-8")
    log(format_phases(phases))
    log(f"profiles written to {folder}")
    return phases


# ---------------------------------------------------------------- the throwaway archive

def run_in_throwaway_archive(command, args, keep=None):
    """Re-run `manage.py COMMAND ARGS` in a subprocess whose database and index live in a
    temporary folder, so the user's own archive is never touched. Returns the child's
    report (the JSON it wrote), or raises CalledProcessError when the child failed.
    """
    folder = Path(keep) if keep else Path(tempfile.mkdtemp(prefix=f"archive-{command}-"))
    folder.mkdir(parents=True, exist_ok=True)
    report = folder / "report.json"
    env = dict(os.environ)
    env.update({
        THROWAWAY_ENV: str(folder),
        "DATA_DIR": str(folder),
        "SEARCH_INDEX_DIR": str(folder / "index"),
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "archive.settings"),
    })
    # Production mode, so timings are not inflated by DEBUG's query log; the key is
    # throwaway like everything else in the folder.
    env.update({"DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50)})
    manage = Path(settings.BASE_DIR) / "manage.py"
    try:
        subprocess.run([sys.executable, str(manage), "migrate", "--verbosity", "0"],
                       env=env, check=True)
        subprocess.run([sys.executable, str(manage), command, *args, "--report", str(report)],
                       env=env, check=True)
        return json.loads(report.read_text(encoding="utf-8"))
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def collection_report(command, folder, keep=None):
    """The report of `manage.py COMMAND FOLDER` run in a throwaway archive: one kept in
    `keep` from an earlier run on the same collection is reused (only its queries run
    again). FileExistsError when `keep` holds something else."""
    args = [str(folder)]
    if keep and kept_report(keep, collection=str(folder)):
        args.append("--reuse")
    return run_in_throwaway_archive(command, args, keep=keep)


def kept_report(folder, **expected):
    """The report of an earlier run kept in `folder` if it matches `expected`, else None.

    Raises FileExistsError when the folder holds something else: loading on top of it
    would mix two archives.
    """
    folder = Path(folder)
    report_file = folder / "report.json"
    if report_file.is_file():
        report = json.loads(report_file.read_text(encoding="utf-8"))
        if all(report.get(key) == value for key, value in expected.items()):
            return report
    if folder.is_dir() and any(folder.iterdir()):
        raise FileExistsError(f"{folder} is not empty and holds no matching archive: "
                              "name an empty or new folder.")
    return None


def inside_throwaway_archive():
    """True in the child process started by run_in_throwaway_archive."""
    folder = os.environ.get(THROWAWAY_ENV)
    return bool(folder) and Path(settings.DATA_DIR) == Path(folder)
