"""The article page: metadata, paragraphs with permalinks, commentary, citations, hostile text."""
import html
import re
from datetime import date

import pytest

from archive.models import Article, Commentary, Outlet
from tests.page_html import find, find_all

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def make_article(outlet=None, **fields):
    outlet = outlet or Outlet.objects.get_or_create(name="Reuters")[0]
    values = {
        "headline": "Ukraine is advancing deeper into Russia",
        "subtitle": "Kursk incursion enters second week",
        "authors": "Guy Faulconbridge and Pavel Polityuk",
        "published": date(2024, 8, 14),
        "url": "https://www.reuters.com/world/europe/ukraine-advancing/",
        "body": "First paragraph about Kursk.\n\n## Battle lines\n\nSecond paragraph on the front.\n\n"
                "Third paragraph on prisoners.",
    }
    values.update(fields)
    return Article.objects.create(outlet=outlet, **values)


def page(client, article, query=""):
    response = client.get(article.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_article_metadata_and_original_link(client):
    article = make_article()
    text = page(client, article)
    assert find(text, "h1").text == "Ukraine is advancing deeper into Russia"
    assert "Kursk incursion enters second week" in text
    assert "Reuters" in text and "Guy Faulconbridge and Pavel Polityuk" in text
    assert find(text, "time", datetime="2024-08-14").text == "14 Aug 2024"
    assert find_all(text, "a", href="https://www.reuters.com/world/europe/ukraine-advancing/")


def test_it_shows_a_month_precision_date_as_a_month(client):
    article = make_article(published=date(2024, 11, 1), published_precision="month")
    text = page(client, article)
    assert find(text, "time", datetime="2024-11").text == "Nov 2024"


def test_it_gives_every_paragraph_an_anchor_and_a_permalink(client):
    article = make_article()
    text = page(client, article)
    for chunk in article.chunks.all():
        assert chunk.text in find(text, id=f"p-{chunk.key}").text
        assert find_all(text, "a", href=f"#p-{chunk.key}")
    assert find(text, "h2", class_="section-heading").text == "Battle lines"


def test_it_keeps_a_paragraph_permalink_when_another_paragraph_is_edited(client):
    article = make_article()
    third = article.chunks.get(position=2)
    article.body = article.body.replace("First paragraph about Kursk.", "A new opening.")
    article.save()
    assert "Third paragraph on prisoners." in find(page(client, article), id=f"p-{third.key}").text


def test_it_answers_404_in_the_site_design_for_an_unknown_article(client):
    response = client.get("/articles/999999/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Page not found" in text and find_all(text, class_="site-header")


def test_it_shows_public_commentary_beside_its_paragraph_and_never_private(client):
    article = make_article()
    second = article.chunks.get(position=1)
    Commentary.objects.create(article=article, chunk=second, text="Note on the front line.")
    Commentary.objects.create(article=article, text="Note on the whole article.")
    Commentary.objects.create(article=article, chunk=second, text="SECRET archivist note",
                              private=True)
    text = page(client, article)
    block = re.search(rf'id="p-{second.key}".*?</aside>', text, re.S).group(0)
    assert "Note on the front line." in block
    top = text.index('id="commentary"')
    assert top < text.index('class="article-body"')
    assert "Note on the whole article." in text[top:text.index('class="article-body"')]
    assert "SECRET" not in text


def test_it_offers_a_citation_per_paragraph(client):
    article = make_article()
    first = article.chunks.get(position=0)
    text = page(client, article)
    citations = [html.unescape(c) for c in re.findall(r'data-citation="([^"]*)"', text)]
    assert len(citations) == 3
    assert citations[0] == (
        "Reuters. Guy Faulconbridge and Pavel Polityuk. “Ukraine is advancing deeper into "
        "Russia”. 14 Aug 2024. https://www.reuters.com/world/europe/ukraine-advancing/. "
        f"Paragraph 1: http://testserver/articles/{article.pk}/#p-{first.key}"
    )


def test_it_links_more_articles_from_the_same_outlet_and_month(client):
    article = make_article()
    same = make_article(headline="Same month story", published=date(2024, 8, 2))
    make_article(headline="Other month story", published=date(2024, 9, 2))
    make_article(outlet=Outlet.objects.create(name="Meer"), headline="Other outlet story")
    text = page(client, article)
    assert find(text, "a", href=f"/articles/{same.pk}/").text == "Same month story"
    assert "Other month story" not in text and "Other outlet story" not in text
    assert "More from Reuters in Aug 2024" in text


def test_it_keeps_hostile_text_inert(client):
    outlet = Outlet.objects.create(name=f"Evil {HOSTILE}")
    article = make_article(outlet=outlet, headline=f"Headline {HOSTILE}", subtitle=HOSTILE,
                           authors=HOSTILE, url="javascript:alert(1)",
                           body=f"Para one {HOSTILE}\n\n## {HOSTILE}\n\nPara two.")
    Commentary.objects.create(article=article, chunk=article.chunks.first(), text=HOSTILE)
    Commentary.objects.create(article=article, text=HOSTILE)
    text = page(client, article)
    assert "<script>alert" not in text and "<img src=x" not in text
    assert "javascript:" not in text
    # Shown to the reader as the text it is: escaped, not dropped.
    assert find(text, "h1").text == f"Headline {HOSTILE}"
    first = article.chunks.get(position=0)
    assert f"Para one {HOSTILE}" in find(text, id=f"p-{first.key}").text



def test_it_highlights_the_search_words_when_arriving_from_a_search(client):
    from tests.search_archive import index

    article = make_article()
    index()
    text = page(client, article, "?q=prisoners")
    third = article.chunks.get(position=2)
    assert "Third paragraph on <mark>prisoners</mark>." in text
    assert find_all(text, data_first_match=f"p-{third.key}")
    assert "1 paragraph matches “prisoners”" in text
    assert find(text, "a", text="Back to the results")["href"] == "/?q=prisoners"


def test_it_stays_readable_when_the_index_is_missing(client):
    article = make_article()                    # never indexed: the index folder is empty
    text = page(client, article, "?q=prisoners")
    assert "Third paragraph on prisoners." in text and "<mark>" not in text


def test_back_to_the_results_keeps_every_filter_sort_and_page(client):
    from pytest_django.asserts import assertContains

    from tests.search_archive import article, index

    for n in range(12):
        article(f"Kursk report {n}", f"Kursk paragraph {n}.", outlet_name="Reuters")
    index()
    results = client.get("/", {"q": "kursk", "outlet": "reuters", "sort": "oldest", "page": 2})
    link = re.search(r'class="result-title"[^>]*><a href="([^"]+)"', results.content.decode())
    target = link.group(1).replace("&amp;", "&")
    assert "page=2" in target and "outlet=reuters" in target and "sort=oldest" in target
    page = client.get(target)
    assertContains(page, '<a class="back" href="/?q=kursk&amp;outlet=reuters&amp;sort=oldest'
                         '&amp;page=2">Back to the results</a>', html=True)


def test_a_removed_paragraphs_permalink_is_explained_and_the_paragraph_can_come_back():
    from tests.search_archive import article, comment

    report = article("Edited report", "Kept paragraph.", "Removed paragraph.")
    removed = report.chunks.get(position=1)
    comment(report, "On the removed one.", paragraph=1)
    report.body = "Kept paragraph."
    report.save()
    assert not report.chunks.filter(key=removed.key).exists()
    note = Commentary.objects.get()
    assert note.chunk is None and note.detached_from == "Removed paragraph."
    report.body = "Kept paragraph.\n\nRemoved paragraph."
    report.save()
    back = report.chunks.get(position=1)
    assert back.key == removed.key                      # the old permalink works again
    note.refresh_from_db()
    assert note.chunk == back and note.detached_from == ""


@pytest.mark.django_db
def test_the_article_page_lists_its_removed_paragraphs_for_their_permalinks(client):
    from tests.search_archive import article

    report = article("Edited report", "Kept paragraph.", "Removed paragraph.")
    key = report.chunks.get(position=1).key
    report.body = "Kept paragraph."
    report.save()
    page = client.get(report.get_absolute_url()).content.decode()
    day = report.removed_paragraphs.get().removed.strftime("%Y-%m-%d")
    assert re.search(r'id="removed-notice"[^>]*data-removed="([^"]*)"', page).group(1) == f"{key}:{day}"


def test_it_never_shows_a_control_character_stored_in_the_text(client, db):
    from tests.search_archive import article, comment, index

    from django.db import connection

    nul = "\x00" if connection.vendor == "sqlite" else "\x01"   # PostgreSQL refuses a NUL
    stored = article(f"Kursk{nul} report", f"A paragraph{nul} with a NUL\x07.")
    comment(stored, "A note\x1b on it.")
    index()
    for q in ("", "kursk"):
        page = client.get(stored.get_absolute_url(), {"q": q}).content.decode()
        assert "Kursk report" in page and "A note on it." in page
        assert not any(c in page for c in nul + "\x07\x1b")
