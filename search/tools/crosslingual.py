"""Cross-language reach, measured on real news: behind `manage.py crosslingual`.

The archive holds English, Ukrainian and Russian reporting. This measures, through the real
search path (the public door, as a page asks), how far a query reaches across them:

- **Topics.** Each topic is a query as an analyst types it, in English and in Ukrainian, and
  for each language a pattern that says whether an article is on the topic (stems of the
  topic's words, written apart from the lexicon so that it does not judge itself). For each
  query and each language: the articles on topic (by the pattern), those the query finds,
  recall (found and on topic / on topic) and precision (found and on topic / found).
- **Parallel addresses.** Each Ukrainian video address with its English version
  (uk_en_parallel_resistinua.jsonl): the English title's four rarest words (by document
  frequency in the English articles) as the query; where the Ukrainian version ranks among
  the Ukrainian results (lang=uk), and whether it is in their top 10.
- **Script of the first page.** For Cyrillic queries, how many of the top 10 are Cyrillic
  articles; for English ones, how many of the top 10 are in each language.

Patterns are deliberately plain: a stem or two per word that carries the topic. They are a
judge independent of the lexicon, not a perfect one: read the precision as "how much of what
was found says the topic's words", which is what a reader of the first pages sees.
"""
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

LANGUAGES = ("en", "uk", "ru")
TOP = 10
PARALLEL_WORDS = 4
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
STOP = frozenset(
    "a an and are as at be been but by for from had has have in is it its of on or that the "
    "their this to was were which with not will what who how our we they he she his her them "
    "there these those than then into over after before about also more most very can could "
    "would should may might must shall do does did done been being all any each every some "
    "such no nor only own same so too just us you your i me my".split())


@dataclass(frozen=True)
class Topic:
    name: str
    queries: tuple          # (language of the query, text)
    patterns: dict          # language -> regular expression (lower case) for "on topic"


def topic(name, queries, en, uk, ru):
    return Topic(name, tuple(queries), {"en": en, "uk": uk, "ru": ru})


TOPICS = (
    topic("drone attack", [("en", "drone attack"), ("uk", "атака дронів")],
          r"\bdrones?\b|\buavs?\b|unmanned aerial|shahed",
          r"\bдрон|безпілот|\bбпла\b|шахед", r"\bдрон|беспилот|\bбпла\b|шахед|герань"),
    topic("air defense", [("en", "air defense"), ("uk", "протиповітряна оборона")],
          r"air[- ]defen[cs]e|anti-aircraft",
          r"\bппо\b|протиповітрян|зенітн", r"\bпво\b|противовоздушн|зенитн"),
    topic("missile strike", [("en", "missile strike"), ("uk", "ракетний удар")],
          r"\bmissiles?\b", r"\bракет", r"\bракет"),
    topic("grain corridor", [("en", "grain corridor"), ("uk", "зерновий коридор")],
          r"\bgrain\b", r"\bзерн", r"\bзерн"),
    topic("mobilization", [("en", "mobilization"), ("uk", "мобілізація")],
          r"mobili[sz]|conscript", r"мобіліз|\bпризов", r"мобилиз|\bпризыв"),
    topic("power outage", [("en", "power outage"), ("uk", "відключення світла")],
          r"power (outage|cut)|blackout|electricity",
          r"відключен\w* (світла|електро)|знеструм|блекаут|електроенерг|світло",
          r"отключен\w* (света|электр)|обесточ|блэкаут|электроэнерг|свет[аоу]?\b"),
    topic("prisoner exchange", [("en", "prisoner exchange"), ("uk", "обмін полоненими")],
          r"prisoners?|\bpows?\b", r"полонен", r"пленн|\bплен\b"),
    topic("evacuation", [("en", "evacuation"), ("uk", "евакуація")],
          r"evacuat", r"евакуац|евакуй|евакую", r"эвакуац|эвакуир"),
    topic("sanctions", [("en", "sanctions"), ("uk", "санкції")],
          r"sanction", r"санкці", r"санкци"),
    topic("refugees", [("en", "refugees"), ("uk", "біженці")],
          r"refugee|displaced", r"біжен|переселен|\bвпо\b", r"беженц|переселен|\bвпл\b"),
    topic("nuclear power plant", [("en", "nuclear power plant"), ("uk", "атомна електростанція")],
          r"nuclear (power )?(plant|station)|\bnpp\b", r"\bаес\b|атомн\w* електростан",
          r"\bаэс\b|атомн\w* электростан"),
    topic("peace talks", [("en", "peace talks"), ("uk", "мирні переговори")],
          r"negotiat|peace talks", r"переговор|перемовин", r"переговор"),
    topic("humanitarian aid", [("en", "humanitarian aid"), ("uk", "гуманітарна допомога")],
          r"humanitarian", r"гуманітарн", r"гуманитарн"),
    topic("shelling", [("en", "shelling"), ("uk", "обстріл")],
          r"shelling|shelled", r"обстріл|обстрілю", r"обстрел|обстрелива"),
    topic("war crimes", [("en", "war crimes"), ("uk", "воєнні злочини")],
          r"war crime", r"воєнн\w* злочин|військов\w* злочин", r"военн\w* преступлен"),
    topic("counteroffensive", [("en", "counteroffensive"), ("uk", "контрнаступ")],
          r"counter-?offensive", r"контрнаступ", r"контрнаступ"),
    topic("tanks", [("en", "tanks"), ("uk", "танки")],
          r"\btanks?\b", r"\bтанк", r"\bтанк"),
    topic("occupied territories", [("en", "occupied territories"),
                                   ("uk", "окуповані території")],
          r"occupied (territor|area|region)", r"окупован\w* територ|\bтот\b",
          r"оккупированн\w* территор"),
)

CYRILLIC_QUERIES = ("Зеленський", "Херсон", "Донбас", "дрон", "обстріл", "мобілізація",
                    "Зеленский", "Харьков", "беспилотник", "обстрел")


# ---------------------------------------------------------------- the collection

def corpus_files(shared):
    """The shared corpora this measures on (missing ones are left out, and said)."""
    corpora = Path(shared)
    wanted = [corpora / "ukraine_war_press_releases.jsonl",
              corpora / "cyrillic" / "uk_news_shared.jsonl",
              corpora / "cyrillic" / "ru_news_shared.jsonl"]
    return [p for p in wanted if p.is_file()]


def parallel_records(shared):
    path = Path(shared) / "cyrillic" / "uk_en_parallel_resistinua.jsonl"
    if not path.is_file():
        return []
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def parallel_ukrainian(records, folder):
    """A JSON-lines file of the Ukrainian side of the pairs (to import beside the rest:
    a url already imported is the same article)."""
    path = Path(folder) / "parallel_uk.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for r in records:
            out.write(json.dumps({
                "title": r["uk_title"], "body": r["uk_body"], "published": r.get("published"),
                "url": f"https://www.youtube.com/watch?v={r['youtube_id']}", "language": "uk",
                "outlet": "YouTube video address (transcript published by resistinua)",
            }, ensure_ascii=False) + "\n")
    return path


# ---------------------------------------------------------------- the archive's side

def articles_by_language():
    """{language: {article id: lower-cased headline and text}} of the whole archive."""
    from archive.models import Article

    found = {lang: {} for lang in LANGUAGES}
    rows = Article.objects.values_list("id", "language", "headline", "body")
    for pk, lang, headline, body in rows.iterator(chunk_size=2000):
        if lang in found:
            found[lang][pk] = f"{headline}\n{body}".lower()
    return found


def matching_ids(q, lang):
    """The ids of every article in `lang` the query `q` finds, page after page, as the
    search page finds them (a hit on the headline alone included)."""
    from search import search
    from search.types import MAX_PER_PAGE, SearchRequest

    found, page = set(), 1
    while True:
        response = search(SearchRequest(q=q, languages=(lang,), sort="newest", page=page,
                                        per_page=MAX_PER_PAGE))
        found.update(r.article.id for r in response.results)
        if page >= response.pages:
            return found
        page += 1


def first_page(q, lang=None):
    """The top results' (article id, language) for `q`, ranked as the search page ranks."""
    from search import search
    from search.types import SearchRequest

    response = search(SearchRequest(q=q, per_page=TOP, languages=(lang,) if lang else ()))
    return [(r.article.id, r.article.language) for r in response.results]


# ---------------------------------------------------------------- measurements

def measure_topics(texts, topics=TOPICS):
    rows = []
    for t in topics:
        on_topic = {lang: {pk for pk, text in texts[lang].items()
                           if re.search(t.patterns[lang], text)} for lang in LANGUAGES}
        for query_lang, q in t.queries:
            row = {"topic": t.name, "query": q, "query_language": query_lang}
            for lang in LANGUAGES:
                found = matching_ids(q, lang)
                hit = len(found & on_topic[lang])
                row[lang] = {"on_topic": len(on_topic[lang]), "found": len(found),
                             "recall": round(hit / len(on_topic[lang]), 3) if on_topic[lang] else None,
                             "precision": round(hit / len(found), 3) if found else None}
            top = Counter(lang for _pk, lang in first_page(q))
            row["top10"] = dict(top)
            rows.append(row)
    return rows


def rare_words(title, df, documents):
    """The title's PARALLEL_WORDS rarest words in the English articles, in title order."""
    words = [w for w in dict.fromkeys(w.lower() for w in WORD.findall(title))
             if w not in STOP and len(w) > 2]
    ranked = sorted(words, key=lambda w: math.log((documents + 1) / (df.get(w, 0) + 1)),
                    reverse=True)[:PARALLEL_WORDS]
    return [w for w in words if w in ranked]


def measure_parallel(records, texts):
    """Where each address's Ukrainian version ranks for its English title's rare words."""
    from archive.models import Article

    english = texts["en"].values()
    df = Counter(w for text in english for w in set(WORD.findall(text)))
    urls = {f"https://www.youtube.com/watch?v={r['youtube_id']}": r for r in records}
    ids = dict(Article.objects.filter(url__in=list(urls)).values_list("url", "id"))
    rows = []
    for url, record in urls.items():
        if url not in ids:
            continue
        q = " ".join(rare_words(record["en_title"], df, len(english)))
        ranked = [pk for pk, _ in first_page(q, "uk")]
        rows.append({"query": q, "in_top10": ids[url] in ranked,
                     "rank": ranked.index(ids[url]) + 1 if ids[url] in ranked else None})
    return rows


def measure_scripts():
    rows = []
    for q in CYRILLIC_QUERIES:
        top = first_page(q)
        rows.append({"query": q, "cyrillic_in_top10": sum(lang in ("uk", "ru") for _, lang in top),
                     "results": len(top)})
    return rows


def measure(shared, folder, reuse=False):
    """Import the corpora into the (throwaway) archive unless `reuse`, then measure."""
    from django.core.management import call_command

    records = parallel_records(shared)
    if not reuse:
        files = corpus_files(shared) + ([parallel_ukrainian(records, folder)] if records else [])
        call_command("import_articles", *map(str, files), quiet=True, verbosity=0)
    texts = articles_by_language()
    parallel = measure_parallel(records, texts)
    return {
        "articles": {lang: len(texts[lang]) for lang in LANGUAGES},
        "topics": measure_topics(texts),
        "parallel": parallel,
        "parallel_top10": sum(r["in_top10"] for r in parallel),
        "scripts": measure_scripts(),
    }


def summary_lines(report):
    """The report as a few readable lines for the terminal."""
    yield "articles: " + ", ".join(f"{lang} {n:,}" for lang, n in report["articles"].items())
    yield f"{'query':<28} " + "  ".join(f"{lang:>5} R / P   found" for lang in LANGUAGES) \
        + "  top10"
    for row in report["topics"]:
        cells = []
        for lang in LANGUAGES:
            cell = row[lang]
            recall = "  -  " if cell["recall"] is None else f"{cell['recall']:.2f}"
            precision = "  -  " if cell["precision"] is None else f"{cell['precision']:.2f}"
            cells.append(f"{recall:>5} / {precision:<5} {cell['found']:>5}")
        top = " ".join(f"{k}{v}" for k, v in sorted(row["top10"].items()))
        yield f"{row['query'][:28]:<28} " + "  ".join(cells) + f"  {top}"
    yield (f"parallel addresses: Ukrainian version in the top 10 of lang=uk for "
           f"{report['parallel_top10']} of {len(report['parallel'])}")
    for row in report["scripts"]:
        yield f"{row['query']:<14} Cyrillic in the top 10: {row['cyrillic_in_top10']} of {row['results']}"
