"""The search page: results grouped by article, facets, histogram, chips, sorting, paging.

The page renders what the engine returns (search/types.py), so most tests here hand the view a
SearchResponse built in the test; the tests at the end go through the real engine and index.
"""
import re
from datetime import date

import pytest

from archive.models import Outlet
from search.web import views
from tests.page_html import find, find_all
from search.types import (ArticleRef, ArticleResult, CommentaryHit, DateBucket, Facets,
                            OutletCount, ParagraphHit, SearchResponse, Suggestion)

pytestmark = pytest.mark.django_db
HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(1)>'


def ref(id=1, headline="Ukraine is advancing deeper into Russia", precision="day",
        published=date(2024, 8, 14), outlet=("reuters", "Reuters"), url="https://reuters.com/a"):
    return ArticleRef(id=id, headline=headline, outlet_slug=outlet[0], outlet_name=outlet[1],
                      authors="Guy Faulconbridge", published=published, precision=precision,
                      url=url, permalink=f"/articles/{id}/")


def hit(key="ab12cd34", position=0, html="the <mark>Kursk</mark> region", article=1):
    return ParagraphHit(id=key, position=position, heading="", html=html,
                        permalink=f"/articles/{article}/#p-{key}")


def facets(req):
    outlets = [OutletCount("meer", "Meer", 1, "meer" in req.outlets, "meer" in req.exclude_outlets),
               OutletCount("reuters", "Reuters", 2, "reuters" in req.outlets,
                           "reuters" in req.exclude_outlets)]
    months = [DateBucket("2024-07", 0, date(2024, 7, 1), date(2024, 7, 31)),
              DateBucket("2024-08", 2, date(2024, 8, 1), date(2024, 8, 31)),
              DateBucket("2024-09", 0, date(2024, 9, 1), date(2024, 9, 30)),
              DateBucket("2024-10", 0, date(2024, 10, 1), date(2024, 10, 31)),
              DateBucket("2024-11", 1, date(2024, 11, 1), date(2024, 11, 30))]
    return Facets(outlets=outlets, published=months, granularity="month")


@pytest.fixture
def engine(monkeypatch):
    Outlet.objects.create(name="Meer")        # the form accepts only outlets that exist
    Outlet.objects.create(name="Reuters")

    """Hand the view a response built by the test; `engine.results` and friends are settable."""
    class Fake:
        results = [ArticleResult(ref(), 5, [hit(), hit("ef56ab78", 3)],
                                 [CommentaryHit(9, "archivist on <mark>Kursk</mark>", "ab12cd34")]),
                   ArticleResult(ref(2, "Incursion in Kursk", "month", date(2024, 11, 1),
                                     ("meer", "Meer")), 1, [hit("aa", 0, article=2)], [])]
        pages = 3
        suggestion = None
        variants_used = ["Zelenskiy"]
        all_paragraphs = []
        requests = []

        def search(self, req):
            self.requests.append(req)
            results = self.results if req.page <= self.pages else []
            found = bool(self.results)
            return SearchResponse(request=req, interpreted=req.q, variants_used=self.variants_used,
                                  total_articles=23 if found else 0, total_paragraphs=40,
                                  page=req.page, pages=self.pages if found else 0,
                                  results=results, facets=facets(req),
                                  suggestion=self.suggestion)

        def iter_paragraphs(self, req):
            return iter(self.all_paragraphs)

    fake = Fake()
    monkeypatch.setattr(views, "search", fake.search)
    monkeypatch.setattr(views, "iter_paragraphs", fake.iter_paragraphs)
    return fake


def get(client, query):
    response = client.get("/" + query)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def test_it_groups_results_by_article_with_highlighted_paragraphs(client, engine):
    text = get(client, "?q=kursk")
    assert find(text, "a", href="/articles/1/?q=kursk").text == "Ukraine is advancing deeper into Russia"
    assert "the <mark>Kursk</mark> region" in text
    assert find_all(text, "a", href="/articles/1/?q=kursk#p-ef56ab78")
    assert "3 more matching paragraphs in this article" in text
    assert find(text, "time", datetime="2024-11").text == "Nov 2024"      # month precision
    assert "Archivist’s commentary" in text and "archivist on <mark>Kursk</mark>" in text


def test_it_opens_more_paragraphs_in_place_without_javascript(client, engine):
    engine.all_paragraphs = [(ref(), hit(f"k{n}", n, f"para {n} <mark>Kursk</mark>"))
                             for n in range(5)]
    text = get(client, "?q=kursk")
    link = find(text, "a", class_="more")["href"]
    assert link == "?q=kursk&expand=1#a-1"
    expanded = get(client, link.split("#")[0])
    for n in range(5):
        assert f"para {n} <mark>Kursk</mark>" in expanded
    assert "more matching paragraphs" not in expanded.split('id="a-2"')[0]
    assert "Show fewer paragraphs" in expanded


def test_it_keeps_every_outlet_count_visible_when_outlets_are_checked(client, engine):
    text = get(client, "?q=kursk&outlet=meer&outlet=reuters")
    assert "checked" in find(text, "input", id="outlet-meer", value="meer").attrs
    assert "checked" in find(text, "input", id="outlet-reuters", value="reuters").attrs
    assert find(text, "label", for_="outlet-meer").text == "Meer 1 article"
    assert find(text, "label", for_="outlet-reuters").text == "Reuters 2 articles"
    assert engine.requests[-1].outlets == ("meer", "reuters")


def test_it_shows_active_filters_as_removable_chips(client, engine):
    text = get(client, "?q=kursk&outlet=meer&exclude_outlet=reuters&from=2024-08-01&to=2024-08-31")
    chips = {chip["aria-label"].removeprefix("Remove filter "): chip["href"]
             for chip in find_all(text, "a", class_="chip")}
    assert chips["Outlet: Meer"] == "?q=kursk&exclude_outlet=reuters&from=2024-08-01&to=2024-08-31"
    assert chips["Not: Reuters"] == "?q=kursk&outlet=meer&from=2024-08-01&to=2024-08-31"
    assert chips["Date: Aug 2024"] == "?q=kursk&outlet=meer&exclude_outlet=reuters"
    assert find(text, "a", class_="clear-all")["href"] == "?q=kursk"


def test_it_draws_the_date_histogram_as_svg_bars_that_narrow_the_search(client, engine):
    text = get(client, "?q=kursk&page=2")
    svg = re.search(r"<svg class=\"histogram\".*?</svg>", text, re.S).group(0)
    assert svg.count('class="fill') == 5                           # empty months drawn too
    august = find(svg, "a", aria_label="Aug 2024: 2 articles")
    assert august["href"] == "?q=kursk&from=2024-08-01&to=2024-08-31"       # back to page 1
    assert find_all(svg, "title", text="Jul 2024: no articles")
    assert "style=" not in text and "<script>" not in text         # nothing inline for the CSP


def test_it_keeps_filters_in_pagination_and_sort_links(client, engine):
    text = get(client, "?q=kursk&outlet=meer&sort=newest&page=2")
    assert find(text, "a", rel="next")["href"] == "?q=kursk&outlet=meer&sort=newest&page=3"
    assert find(text, "a", rel="prev")["href"] == "?q=kursk&outlet=meer&sort=newest"
    assert find(text, "a", text="Oldest first")["href"] == "?q=kursk&outlet=meer&sort=oldest"


def test_it_sends_a_page_past_the_end_to_the_last_page(client, engine):
    response = client.get("/?q=kursk&outlet=meer&page=9")
    assert response.status_code == 302
    assert response["Location"] == "/?q=kursk&outlet=meer&page=3"


def test_it_says_which_variants_matched_and_how_to_search_exactly(client, engine):
    text = get(client, "?q=zelensky")
    assert "Also matched the spellings <em>Zelenskiy</em>" in text
    assert find(text, "a", href="?q=zelensky&variants=off").text.startswith(
        "Search the exact spelling only")


def test_it_shows_a_helpful_empty_state_with_a_suggestion(client, engine):
    engine.results, engine.suggestion = [], Suggestion(q="kursk", count=4)
    text = get(client, "?q=kurks&outlet=meer")
    assert "No articles match “kurks” with these filters" in text
    assert find(text, "a", href="?q=kursk&outlet=meer").text == "kursk"
    assert "Try kursk (4 articles)" in find(text, "main").text
    assert "Search again without the filters" in text
    assert "<code>\"red line\"</code>" in text                         # the syntax help


def test_it_browses_the_newest_articles_without_a_query(client, engine):
    text = get(client, "")
    assert "Browse the archive" in text
    assert engine.requests[-1].sort == "newest"
    assert 'class="facet-list"' in text and 'class="histogram"' in text
    assert "Relevance" not in text


def test_it_focuses_the_search_box_and_offers_feed_and_exports(client, engine):
    text = get(client, "?q=kursk&outlet=meer&page=2")
    assert "autofocus" in find(text, "input", id="q").attrs
    assert find_all(text, "a", href="/search/export.csv?q=kursk&outlet=meer")
    assert find_all(text, "a", href="/search/export.json?q=kursk&outlet=meer")
    assert find_all(text, "link", rel="alternate", type="application/atom+xml")
    assert find_all(text, "link", rel="search", type="application/opensearchdescription+xml")


def test_it_keeps_hostile_text_inert(client, engine):
    evil = ref(headline=f"Evil {HOSTILE}", url="javascript:alert(1)",
               outlet=("evil", f"Outlet {HOSTILE}"))
    engine.results = [ArticleResult(evil, 1, [hit(html=f"&lt;script&gt; {HOSTILE}")],
                                    [CommentaryHit(1, HOSTILE, None)])]
    text = get(client, f"?q={HOSTILE}")
    assert "<script>alert" not in text and "<img src=x" not in text
    assert "javascript:" not in text


def test_it_answers_400_naming_a_bad_parameter(client):
    response = client.get("/?q=kursk&from=2024-13-45")
    assert response.status_code == 400
    text = response.content.decode()
    assert "<code>from</code>" in text and 'class="site-header"' in text


# ---------------------------------------------------------------- through the real engine

def test_it_searches_the_real_index_and_highlights_matches(client):
    from tests.search_archive import article, comment, index

    kursk = article("Kursk incursion", "Ukrainian troops crossed into the Kursk region.",
                    "A second paragraph about the weather.", authors="Guy Faulconbridge")
    article("Kharkiv front", "Shelling near Kharkiv.", outlet_name="BBC")
    comment(kursk, "The archivist doubts the Kursk figures.", paragraph=0)
    index()
    text = get(client, "?q=kursk")
    assert find(text, "a", href=f"/articles/{kursk.pk}/?q=kursk").text == "Kursk incursion"
    assert "crossed into the <mark>Kursk</mark> region" in text
    assert "Kharkiv front" not in text
    assert "Archivist’s commentary" in text


def test_it_opens_every_matching_paragraph_of_an_article_from_the_real_index(client):
    from tests.search_archive import article, index

    long_one = article("Kursk week", *[f"Day {n}: fighting in Kursk goes on." for n in range(7)])
    index()
    text = get(client, "?q=kursk")
    assert "4 more matching paragraphs in this article" in text
    expanded = get(client, f"?q=kursk&expand={long_one.pk}")
    assert len(find_all(expanded, class_="hit")) == 7
    assert "Show fewer paragraphs" in expanded


def test_it_keeps_hostile_text_inert_from_the_real_index(client):
    from tests.search_archive import article, comment, index

    evil = article(f"Kursk {HOSTILE}", f"Kursk paragraph {HOSTILE}", authors=HOSTILE,
                   outlet_name=f"Outlet {HOSTILE}")
    evil.url = "javascript:alert(1)"
    evil.save()
    comment(evil, f"Kursk note {HOSTILE}", paragraph=0)
    index()
    for query in ("?q=kursk", "", f"?q=kursk+{HOSTILE}"):
        text = get(client, query)
        assert "<script>alert" not in text and "<img src=x" not in text
        assert "javascript:" not in text
        # The hostile text is shown to the reader as the text it is, escaped, not dropped.
        assert find_all(text, "a", text=f"Kursk {HOSTILE}")


def test_it_offers_10_or_20_results_per_page_back_on_page_one(client, engine):
    text = get(client, "?q=kursk&page=2")
    assert find(text, "a", href="?q=kursk&per_page=20").text == "20"
    assert "<strong>10</strong>" in text


def test_the_histogram_is_a_group_of_links_without_a_role_on_its_svg(client):
    """The Nu HTML checker refuses role="group" on <svg>: the group is the element around it."""
    from pytest_django.asserts import assertContains
    from tests.search_archive import article, index

    for year in (2022, 2023, 2024):
        article(f"Kursk {year}", "Kursk.", published=date(year, 5, 1))
    index()
    page = client.get("/", {"q": "kursk"})
    text = page.content.decode()
    svg = text[text.index('<svg class="histogram"'):].split(">", 1)[0]
    assert "role=" not in svg and "aria-labelledby" not in svg
    assertContains(page, '<div class="histogram-bars" role="group" '
                         'aria-labelledby="histogram-caption">')
