"""The "other outlets on this story" measurement on BASIL, behind `manage.py related_basil`.

BASIL (Fan et al., EMNLP 2019): 100 events, each reported by the New York Times, Fox
News and HuffPost in their own words, `triplet_id` naming the three reports of one
event. Every article goes into a throwaway archive (search/tools/benchmark.py); for
each, the article page's "other outlets on this story" (search/service/articles.py) is
asked for its five, and the report says how often both other reports of its event are
among them (and how often at least one is). The same figure without the date window
(any date) says how much the key terms alone find: BASIL's events are spread over ten
years, so the window alone leaves few candidates.

Different reports of one event are not copies, so none may be folded into another:
the report counts the articles the copy detection calls syndicated (it must be 0) and
the results folded when each article's headline is searched (it must be 0 too).
"""
import json
from datetime import date

from archive.chunking import split_body

OFFERED = 5


def load_basil(path):
    """[(SourceArticle, triplet id)] in the file's order."""
    from search.tools.benchmark import SourceArticle

    found = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            row = json.loads(line)
            published = date.fromisoformat(row["published"]) if row.get("published") else None
            paragraphs = [block.text for block in split_body(row["body"])]
            found.append((SourceArticle(headline=row["title"] or "(untitled)",
                                        outlet=row["outlet"], published=published,
                                        paragraphs=paragraphs, url=row.get("url") or ""),
                          row["triplet_id"]))
    return found


def measure(path):
    from archive.models import Article
    from search import search
    from search.tools.benchmark import insert_archive, rebuild_product_index
    from search.types import SearchRequest
    from search.service import article_copies_view, other_outlets_on_story

    rows = load_basil(path)
    ids = insert_archive([source for source, _ in rows])
    rebuild_product_index()
    event = dict(zip(ids, (triplet for _, triplet in rows)))
    both = one = anywhen = syndicated = folded = 0
    misses = []
    for article in Article.objects.select_related("outlet").filter(pk__in=ids):
        chunks = list(article.chunks.order_by("position"))
        copies = article_copies_view(article, chunks).copies
        syndicated += bool(copies)
        offered = {a.pk for a in other_outlets_on_story(article, chunks)}
        siblings = {pk for pk, t in event.items() if t == event[article.pk] and pk != article.pk}
        both += siblings <= offered
        one += bool(siblings & offered)
        anywhen += siblings <= {a.pk for a in other_outlets_on_story(article, chunks,
                                                                     window_days=None)}
        if not siblings <= offered:
            misses.append(article.headline)
        folded += search(SearchRequest(q=article.headline)).folded
    count = len(ids)
    return {"corpus": str(path), "articles": count, "offered": OFFERED,
            "both_other_reports": round(both / count, 4),
            "at_least_one": round(one / count, 4),
            "both_without_date_window": round(anywhen / count, 4),
            "syndicated_articles": syndicated, "folded_in_headline_searches": folded,
            "misses": misses}
