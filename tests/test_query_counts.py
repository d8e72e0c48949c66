"""Database work per page: a search page, the API and an article page each read the database a
few times, however many results, paragraphs and comments they show (no query per result)."""
import pytest

from tests.search_archive import article, comment, index

pytestmark = pytest.mark.django_db

# Whether the reference tables (outlets, spelling variants, boilerplate verdicts, people and
# places) are still what this process holds (one row, read once a request), then the page's
# articles, their paragraphs, their commentary and the articles named as holding copies of
# them: five at most, for 3 results as for 30.
SEARCH_QUERIES = 5
# The article, the reference tables' version, its paragraphs, its commentary (by paragraph
# and on the whole article), its copies and other outlets on the story, the related
# articles of the month and its removed paragraphs: seven, however long it is.
ARTICLE_QUERIES = 7


def archive_of(articles):
    made = []
    for n in range(articles):
        made.append(article(f"Kursk report {n}", f"Fighting in Kursk, day {n}.",
                            f"Kursk shelling again, day {n}.", "Weather was mild.",
                            outlet_name=f"Outlet {n % 4}"))
        comment(made[-1], f"Kursk figures doubted, note {n}.", paragraph=0)
        comment(made[-1], f"On the whole Kursk report {n}.")
    index()
    return made


@pytest.mark.parametrize("articles", [3, 30])
def test_the_search_page_reads_the_database_a_fixed_number_of_times(
        client, django_assert_max_num_queries, articles):
    archive_of(articles)
    client.get("/?q=weather")     # a process's first search also reads the variant table
    with django_assert_max_num_queries(SEARCH_QUERIES):
        response = client.get("/?q=kursk&per_page=20")
    assert response.status_code == 200 and response.content.count(b'class="result"') >= 3


@pytest.mark.parametrize("articles", [3, 30])
def test_the_api_reads_the_database_a_fixed_number_of_times(
        client, django_assert_max_num_queries, articles):
    archive_of(articles)
    client.get("/api/search?q=weather")
    with django_assert_max_num_queries(SEARCH_QUERIES):
        response = client.get("/api/search?q=kursk&per_page=20")
    assert len(response.json()["results"]) == min(articles, 20)


def test_the_article_page_reads_the_database_a_fixed_number_of_times(
        client, django_assert_max_num_queries):
    made = archive_of(3)[0]
    made.body = "\n\n".join(f"Kursk paragraph {n}." for n in range(40))
    made.save()
    index()
    client.get("/?q=weather")     # a process's first search reads the reference tables
    with django_assert_max_num_queries(ARTICLE_QUERIES):
        response = client.get(made.get_absolute_url() + "?q=kursk")
    assert response.status_code == 200 and b"paragraph 39." in response.content
