"""Marked results as the pages show them: hostile text escaped, a quoted phrase in the heading.
(How the engine marks snippets: tests/engine/test_highlight.py.)"""
import pytest

from tests.search_archive import article, comment, index, run

HOSTILE = '<script>alert("x")</script> <img src=x onerror=alert(1)> Tom & Jerry\'s "drone"'


@pytest.mark.django_db
def test_it_escapes_hostile_text_in_results_headlines_and_commentary():
    target = article(HOSTILE, HOSTILE + " drone")
    comment(target, HOSTILE + " about the drone", paragraph=0)
    index()
    response = run("drone")
    [result] = response.results
    assert result.article.headline == HOSTILE       # plain text: templates escape it
    for html in [p.html for p in result.paragraphs] + [c.html for c in result.commentary]:
        assert "<script" not in html and "<img" not in html
        assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0


@pytest.mark.django_db
def test_the_heading_quotes_a_quoted_phrase_once(client):
    from pytest_django.asserts import assertContains

    article("Report", "Troops held the Kursk region.")
    index()
    response = client.get("/", {"q": '"Kursk region"'})
    assertContains(response, '<h1 class="results-heading">Results for “Kursk region”</h1>',
                   html=True)
    assert "<mark>Kursk region</mark>" in response.content.decode()


def test_the_pages_let_only_mark_through_even_if_the_engine_slipped():
    from search.web.template_filters import marked_html

    assert marked_html("<mark>drone</mark> <b>x</b>") == "<mark>drone</mark> &lt;b&gt;x&lt;/b&gt;"
    assert marked_html("<mark>drone</mark> seen") == "<mark>drone</mark> seen"
    assert marked_html("a > b") == "a &gt; b"
    assert marked_html(None) == ""
