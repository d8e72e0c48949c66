"""Database work per page: a search page, the API and an article page each read the database a
few times, however many results, paragraphs and comments they show (no query per result)."""
import pytest

from tests.search_archive import article, comment, index

pytestmark = pytest.mark.django_db

# The outlets and languages the form accepts (the languages from the article.language
# index), outlet names, the variant table's version and the boilerplate verdicts for the
# engine, then the page's articles, their paragraphs, their commentary and the articles
# named as holding copies of them: the same nine at most for 3 results as for 30.
SEARCH_QUERIES = 9
# The article, the outlets and languages the way back accepts, its paragraphs, its
# commentary (twice: by paragraph and on the whole article), its copies and other outlets
# on the story (verdicts, their articles), outlet names, the variant table's version and
# the verdicts for marking the query's words, the related articles of the same month, and
# its removed paragraphs (for the notice on an old permalink): twelve, however long.
ARTICLE_QUERIES = 12


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
    with django_assert_max_num_queries(ARTICLE_QUERIES):
        response = client.get(made.get_absolute_url() + "?q=kursk")
    assert response.status_code == 200 and b"paragraph 39." in response.content
