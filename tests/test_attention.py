"""Attention over time: matching articles per day, week or month, by outlet or by query,
as counts or as a share of each outlet's articles; the page, its CSV and /api/attention."""
import csv
import io
from datetime import date

import pytest
from pytest_django.asserts import assertContains

from tests.search_archive import article, index

pytestmark = pytest.mark.django_db


def small_archive():
    """Reuters: 4 articles in Aug 2024 (3 on Kursk), 1 in Oct (on Kursk).
    Meer: 1 in Aug (on Kursk, and grain), 2 in Sep (on grain). One undated Kursk article."""
    for day in (5, 6, 20):
        article(f"Kursk {day}", "The Kursk incursion goes on.", published=date(2024, 8, day))
    article("Other", "Nothing on it.", published=date(2024, 8, 21))
    article("Kursk Oct", "Kursk again.", published=date(2024, 10, 2))
    article("Meer Kursk", "Kursk and the grain deal.", outlet_name="Meer",
            published=date(2024, 8, 6))
    for day in (3, 17):
        article(f"Grain {day}", "The grain deal.", outlet_name="Meer", published=date(2024, 9, day))
    article("Undated Kursk", "Kursk, some day.", published=None)
    index()


def api(client, **params):
    response = client.get("/api/attention", params)
    assert response.status_code == 200, response.content
    return response.json()


def points(series):
    return {p["bucket"]: p["count"] for p in series["points"] if p["count"]}


def test_it_counts_matching_articles_per_month_and_outlet(client):
    small_archive()
    data = api(client, q="kursk", interval="month")
    assert data["interval"] == "month" and data["normalize"] == "count"
    by_outlet = {s["outlet"]: s for s in data["series"]}
    assert [s["label"] for s in data["series"]] == ["All outlets", "Reuters", "Meer"]
    assert [p["bucket"] for p in by_outlet["reuters"]["points"]] == ["2024-08", "2024-09",
                                                                     "2024-10"]
    assert points(by_outlet[None]) == {"2024-08": 4, "2024-10": 1}
    assert points(by_outlet["reuters"]) == {"2024-08": 3, "2024-10": 1}
    assert points(by_outlet["meer"]) == {"2024-08": 1}
    assert data["undated"] == 1
    assert data["notices"] == ["1 matching article without a known date is not on the chart "
                               "(Reuters: 1)."]


def test_it_gives_each_count_as_a_share_of_the_outlets_articles_then(client):
    small_archive()
    data = api(client, q="kursk", interval="month", normalize="share")
    by_outlet = {s["outlet"]: s["points"] for s in data["series"]}
    assert [p["share"] for p in by_outlet[None]] == [0.8, 0.0, 1.0]      # 4 of 5 in Aug
    assert [p["share"] for p in by_outlet["reuters"]] == [0.75, None, 1.0]
    assert [p["share"] for p in by_outlet["meer"]] == [1.0, 0.0, None]


def test_it_compares_queries_and_buckets_by_week_and_day(client):
    small_archive()
    data = api(client, q="kursk", compare=["grain", ""], interval="week",
               **{"from": "2024-08-01", "to": "2024-09-30"})
    assert [(s["query"], s["outlet"]) for s in data["series"]] == [("kursk", None),
                                                                  ("grain", None)]
    kursk, grain = data["series"]
    assert kursk["points"][0]["bucket"] == "2024-07-29"          # the Monday of 1 Aug
    assert points(kursk) == {"2024-08-05": 3, "2024-08-19": 1}
    assert points(grain) == {"2024-08-05": 1, "2024-09-02": 1, "2024-09-16": 1}
    days = api(client, q="kursk", interval="day", outlet="reuters")
    assert [s["outlet"] for s in days["series"]] == ["reuters"]
    assert points(days["series"][0]) == {"2024-08-05": 1, "2024-08-06": 1, "2024-08-20": 1,
                                         "2024-10-02": 1}


def test_it_names_a_bad_parameter_in_a_400(client):
    for params, name in (({"interval": "hour"}, "interval"), ({"normalize": "x"}, "normalize"),
                         ({"compare": ["a", "b", "c"]}, "compare")):
        response = client.get("/api/attention", params)
        assert response.status_code == 400
        assert name in response.json()["parameters"]
    assert client.get("/search/attention", {"interval": "hour"}).status_code == 400


def test_it_draws_the_chart_with_a_table_and_a_csv(client):
    small_archive()
    response = client.get("/search/attention", {"q": "kursk", "interval": "month"})
    assert response.status_code == 200
    assertContains(response, '<th scope="row">Aug 2024</th>', html=True)
    assertContains(response, "<figcaption id=\"chart-caption\">Attention by month: matching "
                             "articles</figcaption>", html=True)
    assert response.content.count(b"<polyline") == 3          # all outlets, Reuters, Meer
    text = client.get("/search/attention.csv", {"q": "kursk", "compare": "=grain",
                                                "interval": "month"}).content.decode()
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert {r["query"] for r in rows} == {"kursk", "'=grain"}
    assert [r["count"] for r in rows if r["query"] == "kursk"] == ["4", "0", "1"]


def test_it_links_the_search_page_to_its_attention_chart(client):
    small_archive()
    response = client.get("/", {"q": "kursk"})
    assertContains(response, '<a href="/search/attention?q=kursk">Attention over time</a>',
                   html=True)


def test_the_chart_spans_every_match_and_leaves_out_undated_outlets(client):
    """A sixth outlet's late article still widens the axis; an outlet whose matches are
    all undated gets no line of zeros, and the page links to its articles."""
    for n, name in enumerate(("A", "B", "C", "D", "E")):
        for day in range(1, 3 + n):
            article(f"Kursk {name}{day}", "Kursk.", outlet_name=name,
                    published=date(2023, 1, day))
    article("Kursk late", "Kursk.", outlet_name="Late", published=date(2024, 6, 1))
    for n in range(9):      # each its own text (the same text in each would be boilerplate)
        article(f"Kursk channel {n}", f"Kursk, report number {n} of the day.",
                outlet_name="Channel", published=None)
    index()
    data = api(client, q="kursk", interval="month")
    assert data["series"][0]["points"][-1]["bucket"] == "2024-06"
    assert points(data["series"][0])["2024-06"] == 1
    assert "channel" not in [s["outlet"] for s in data["series"]]
    assert data["notices"] == ["9 matching articles without a known date are not on the "
                               "chart (Channel: 9)."]
    page = client.get("/search/attention", {"q": "kursk", "interval": "month"})
    assertContains(page, '<a href="/?q=kursk&amp;undated=only">List the 9 undated articles</a>')


def test_a_point_opens_the_search_for_its_period(client):
    small_archive()
    page = client.get("/search/attention", {"q": "kursk", "interval": "month"})
    # Reuters in August 2024: its dot and its table cell open that search
    url = "/?q=kursk&amp;outlet=reuters&amp;from=2024-08-01&amp;to=2024-08-31"
    assertContains(page, f'<a href="{url}">3</a>', html=True)
    assert page.content.decode().count(f'<a href="{url}" aria-label=') == 1
    opened = client.get(url.replace("&amp;", "&"))
    assert opened.status_code == 200 and opened.context["response"].total_articles == 3


def test_a_date_filter_reaches_no_further_than_the_archives_years(client):
    """from=0004 is a valid date, not a request for 24,000 empty months a line."""
    small_archive()
    data = api(client, q="kursk", **{"from": "0004-02-29", "to": "9999-12-31"})
    assert data["interval"] == "week"            # chosen from 2024's span
    buckets = [p["bucket"] for p in data["series"][0]["points"]]
    assert buckets[0] == "2024-01-01" and buckets[-1] == "2024-12-30"
    assert points(data["series"][0]) == {"2024-08-05": 3, "2024-08-19": 1, "2024-09-30": 1}
    by_month = api(client, q="kursk", interval="month", **{"from": "0004"})
    assert [p["bucket"] for p in by_month["series"][0]["points"]][0] == "2024-01"
