"""Hostile text in a real browser: nothing in an article runs, and the pages break no CSP rule."""
import pytest

pytestmark = pytest.mark.browser

HOSTILE = ('<script>alert("script")</script><img src=x onerror="alert(\'img\')">'
           '<svg onload="alert(\'svg\')"></svg>')


@pytest.fixture
def hostile_article(archive):
    from archive.models import Article, Commentary, Outlet
    from search.index.drain import drain

    article = Article.objects.create(
        outlet=Outlet.objects.create(name=f"Outlet {HOSTILE}"), headline=f"Kursk {HOSTILE}",
        subtitle=HOSTILE, authors=HOSTILE, url="javascript:alert('url')",
        body=f"Kursk paragraph {HOSTILE}\n\n## Heading {HOSTILE}\n\nSecond Kursk paragraph.")
    Commentary.objects.create(article=article, chunk=article.chunks.first(),
                              text=f"Kursk note {HOSTILE}")
    Commentary.objects.create(article=article, text=f"Article note {HOSTILE}")
    drain()
    return article


def test_it_runs_nothing_from_hostile_text_and_breaks_no_csp_rule(page, hostile_article):
    dialogs, errors = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    for url in ("/?q=kursk", "/", hostile_article.get_absolute_url() + "?q=kursk",
                "/?q=" + HOSTILE):
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.locator("img[onerror], svg[onload], [onclick]").count() == 0
        scripts = page.eval_on_selector_all(
            "script", "els => els.filter(e => e.type !== 'application/ld+json').map(e => e.src)")
        assert all(src.endswith(("/static/archive/site.js", "/static/archive/finding.js"))
                   for src in scripts), scripts
        # the article's JSON-LD is data, never run, and holds the hostile text as text
        for data in page.eval_on_selector_all("script[type='application/ld+json']",
                                              "els => els.map(e => JSON.parse(e.text))"):
            assert data["@type"] == "NewsArticle"
        assert page.locator("a[href^='javascript:']").count() == 0
    assert dialogs == []
    assert errors == [], errors
