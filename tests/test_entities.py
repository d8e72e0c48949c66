"""People and places: the variant table as a gazetteer, as facets counted in articles,
filters (person=, place=, exclude_person=, exclude_place=), the admin's own entities, and
links on the article page."""
import pytest
from pytest_django.asserts import assertContains

from archive.gazetteer.models import Entity
from archive.models import Article
from tests.search_archive import article, index, outlet, run

pytestmark = pytest.mark.django_db


def war_archive():
    article("Kharkiv shelled", "Russian shelling hit Kharkov overnight, Zelenskiy said.",
            "Zelensky visited the city.")
    article("Kherson", "In Kherson, Zelenskyy met soldiers.", outlet_name="Meer")
    article("Talks", "Shoigu spoke of Kharkiv and of the Dnieper.")
    article("Nothing", "No one is named in this one.")
    index()


def counts(facet):
    return {e.slug: e.count for e in facet}


def test_it_counts_people_and_places_in_articles_in_any_spelling():
    war_archive()
    facets = run("").facets
    assert counts(facets.people) == {"zelensky": 2, "shoigu": 1}
    assert counts(facets.places) == {"kharkiv": 2, "kherson": 1, "dnipro-river": 1}


def test_it_counts_a_rare_words_few_articles_among_many_pks():
    # Article pks far apart: the few matching articles sit in a few of the table's words
    # (entities.py FEW_WORDS), and are counted from those alone.
    war_archive()
    for pk in (5000, 9000):
        Article.objects.create(pk=pk, outlet=outlet("Reuters"), headline=f"Report {pk}",
                               body="Zelensky spoke of Kharkiv and Kherson; a quokka watched.")
    index()
    facets = run("quokka").facets
    assert counts(facets.people) == {"zelensky": 2}
    assert counts(facets.places) == {"kharkiv": 2, "kherson": 2}
    assert counts(run("").facets.places) == {"kharkiv": 4, "kherson": 3, "dnipro-river": 1}


def test_it_selects_and_excludes_people_and_places_like_outlets():
    war_archive()
    assert sorted(r.article.headline for r in run("", people=("zelensky",)).results) == [
        "Kharkiv shelled", "Kherson"]
    both = run("", people=("zelensky",), places=("kharkiv",))
    assert [r.article.headline for r in both.results] == ["Kharkiv shelled"]
    # A facet is counted within the other facets' filters but not its own, so its other
    # values keep their counts while one is selected:
    assert counts(run("", people=("zelensky",)).facets.people) == {"zelensky": 2, "shoigu": 1}
    assert counts(both.facets.people) == {"zelensky": 1, "shoigu": 1}
    assert counts(both.facets.places) == {"kharkiv": 1, "kherson": 1}
    without = run("", exclude_places=("kharkiv",))
    assert sorted(r.article.headline for r in without.results) == ["Kherson", "Nothing"]
    assert run("", people=("shoigu",), exclude_people=("shoigu",)).total_articles == 0


def test_it_takes_an_archivists_new_entity_at_the_next_search_without_a_rebuild():
    war_archive()
    assert "putin" not in counts(run("").facets.people)
    article("Moscow", "Poutine and Putin, as the French and English write him.")
    index()
    Entity.objects.create(name="Putin", kind="person", spellings="Poutine\nPoutin")
    assert counts(run("").facets.people)["putin"] == 1
    assert run("", people=("putin",)).results[0].article.headline == "Moscow"


def test_the_api_and_the_page_show_and_filter_them(client):
    war_archive()
    data = client.get("/api/search", {"q": "", "person": "zelensky"}).json()
    assert data["total_articles"] == 2
    assert {"slug": "zelensky", "name": "Zelensky", "count": 2, "selected": True,
            "excluded": False} in data["facets"]["people"]
    assert {p["slug"] for p in data["facets"]["places"]} == {"kharkiv", "kherson"}
    bad = client.get("/api/search", {"place": "atlantis"})
    assert bad.status_code == 400 and "place" in bad.json()["parameters"]
    page = client.get("/", {"person": "zelensky"})
    assertContains(page, '<legend id="facet-person">People</legend>', html=True)
    assertContains(page, "Person: Zelensky")
    assertContains(page, 'href="?person=zelensky&amp;exclude_place=kharkiv"')


def test_the_article_page_links_the_people_and_places_it_names(client):
    war_archive()
    from archive.models import Article
    page = client.get(Article.objects.get(headline="Kharkiv shelled").get_absolute_url())
    assertContains(page, '<dt>People</dt><dd><a href="/?person=zelensky">Zelensky</a></dd>',
                   html=True)
    assertContains(page, '<a href="/?place=kharkiv">Kharkiv</a>', html=True)


def test_an_edited_article_is_counted_as_it_now_reads():
    war_archive()
    assert counts(run("").facets.people)["shoigu"] == 1
    from archive.models import Article
    talks = Article.objects.get(headline="Talks")
    talks.body = "Gerasimov spoke of Kharkiv."
    talks.save()
    index()
    people = counts(run("").facets.people)
    assert "shoigu" not in people and people["gerasimov"] == 1
