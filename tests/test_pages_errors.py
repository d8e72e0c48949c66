"""Error pages in the site's design: 404, 500, 400 naming the parameter, 503 for the index."""
import pytest
from django.template.loader import render_to_string

from search.web import views
from search.index.errors import IndexUnavailable

pytestmark = pytest.mark.django_db


def test_it_renders_the_500_page_without_a_request():
    # Django renders 500.html with an empty context: it must not need the request.
    text = render_to_string("500.html")
    assert "Something went wrong" in text and 'class="site-header"' in text


def test_it_answers_404_for_an_unknown_page_in_the_site_design(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("path", ["/?q=kursk", "/search/export.csv?q=kursk",
                                  "/search/export.json?q=kursk", "/search/feed.atom?q=kursk"])
def test_it_answers_503_with_the_message_when_the_index_is_unavailable(client, monkeypatch, path,
                                                                         caplog):
    def unavailable(req, *args):
        raise IndexUnavailable("There is no search index in /srv/secret/index yet.")

    monkeypatch.setattr(views, "search", unavailable)
    monkeypatch.setattr(views, "iter_paragraphs", unavailable)
    monkeypatch.setattr(views, "export_matches", unavailable)
    monkeypatch.setattr(views, "recently_changed", unavailable)
    response = client.get(path)
    assert response.status_code == 503
    text = response.content.decode()
    if path.startswith("/?"):       # a page; the files and the feed answer in their kind
        assert "Search is unavailable right now" in text
    assert response["Retry-After"] == "60"
    assert "The search index cannot be read at the moment." in text
    assert "/srv/secret" not in text and "rebuild_index" not in text
    assert "/srv/secret/index yet. Run: python manage.py rebuild_index" in caplog.text


def test_it_describes_the_archive_for_browsers_with_opensearch(client):
    response = client.get("/opensearch.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    text = response.content.decode()
    assert 'template="http://testserver/?q={searchTerms}"' in text
