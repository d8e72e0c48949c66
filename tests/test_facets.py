"""Facets count ARTICLES, keep every outlet's count while some are selected, show empty months."""
from datetime import date

import pytest
from pytest_django.asserts import assertContains

from tests.search_archive import article, headlines, index, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    # Reuters: two articles, one with three matching paragraphs.
    article("Front report", "Drone attack one.", "Drone attack two.", "Drone attack three.",
            outlet_name="Reuters", published=date(2024, 1, 10))
    article("Another report", "A drone was seen.", outlet_name="Reuters", published=date(2024, 4, 2))
    article("BBC report", "Drone debris fell.", outlet_name="BBC", published=date(2022, 6, 1))
    article("AP report", "A drone hit a depot.", outlet_name="AP", published=date(2024, 4, 20))
    article("Unrelated", "Grain ships sailed.", outlet_name="AP", published=date(2023, 1, 1))
    index()


def counts(response):
    return {o.slug: o.count for o in response.facets.outlets}


def test_it_counts_articles_not_paragraphs(archive):
    response = run("drone")
    assert counts(response) == {"reuters": 2, "bbc": 1, "ap": 1}
    assert response.total_articles == 4
    assert response.total_paragraphs == 6


def test_it_keeps_each_outlet_count_while_outlets_are_selected(archive):
    response = run("drone", outlets=("reuters", "bbc"))
    assert set(headlines(response)) == {"Front report", "Another report", "BBC report"}
    assert counts(response) == {"reuters": 2, "bbc": 1, "ap": 1}
    selected = {o.slug for o in response.facets.outlets if o.selected}
    assert selected == {"reuters", "bbc"}


def test_it_excludes_an_outlet(archive):
    response = run("drone", exclude_outlets=("reuters",))
    assert set(headlines(response)) == {"BBC report", "AP report"}
    assert [o.excluded for o in response.facets.outlets if o.slug == "reuters"] == [True]


def test_it_histograms_by_year_with_empty_years_as_zero(archive):
    response = run("drone")
    assert response.facets.granularity == "year"
    assert [(b.bucket, b.count) for b in response.facets.published] == [
        ("2022", 1), ("2023", 0), ("2024", 3)]


def test_it_histograms_by_month_within_a_chosen_year(archive):
    response = run("drone", date_from=date(2024, 1, 1), date_to=date(2024, 12, 31))
    buckets = {b.bucket: b.count for b in response.facets.published}
    assert response.facets.granularity == "month"
    assert list(buckets) == ["2024-01", "2024-02", "2024-03", "2024-04"]   # the matches' span
    assert buckets["2024-01"] == 1 and buckets["2024-04"] == 2 and buckets["2024-02"] == 0


def test_it_combines_filters(archive):
    response = run("drone", outlets=("reuters", "ap"), date_from=date(2024, 4, 1),
                   date_to=date(2024, 4, 30))
    assert set(headlines(response)) == {"Another report", "AP report"}
    assert counts(response) == {"reuters": 1, "ap": 1}   # the dates narrow the outlet counts


def test_it_facets_everything_when_there_is_no_query(archive):
    response = run("")
    assert counts(response) == {"reuters": 2, "bbc": 1, "ap": 2}
    assert sum(b.count for b in response.facets.published) == 5


def test_it_draws_only_the_years_the_matches_span_whatever_the_filter(archive):
    response = run("drone", date_to=date(2030, 12, 31))
    buckets = [b.bucket for b in response.facets.published]
    assert (buckets[0], buckets[-1]) == ("2022-06", "2024-04")


def test_it_counts_undated_articles_in_a_bucket_of_their_own(archive):
    article("Undated report", "A drone flew over.", outlet_name="AP", published=None)
    index()
    response = run("drone")
    assert response.facets.undated == 1
    assert sum(b.count for b in response.facets.published) + 1 == response.total_articles
    assert headlines(run("drone", undated=True)) == ["Undated report"]


def test_the_undated_bucket_is_a_link_that_narrows_the_page(client, archive):
    article("Undated report", "A drone flew over.", outlet_name="AP", published=None)
    index()
    page = client.get("/", {"q": "drone"}).content.decode()
    assert 'href="?q=drone&amp;undated=only"' in page
    narrowed = client.get("/", {"q": "drone", "undated": "only"})
    assertContains(narrowed, "<strong>1</strong> article", html=False)
    assert client.get("/", {"undated": "only", "from": "2024"}).status_code == 400
