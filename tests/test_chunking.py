"""Paragraph ids stay stable across edits, and commentary is never lost silently."""
import pytest

from archive.chunking import split_body
from archive.models import Article, Commentary, Outlet

pytestmark = pytest.mark.django_db

BODY = "## Opening\n\nFirst paragraph about Kyiv.\n\nSecond paragraph about Kharkiv.\n\nThird paragraph about Odesa."


def make_article(body=BODY):
    outlet = Outlet.objects.create(name="Test Outlet")
    return Article.objects.create(outlet=outlet, headline="Headline", body=body)


def keys(article):
    return {c.text: c.key for c in article.chunks.all()}


def test_it_splits_headings_from_paragraphs():
    blocks = split_body(BODY)
    assert [b.text for b in blocks] == [
        "First paragraph about Kyiv.", "Second paragraph about Kharkiv.", "Third paragraph about Odesa.",
    ]
    assert {b.heading for b in blocks} == {"Opening"}


def test_it_keeps_ids_of_unchanged_paragraphs_when_another_is_edited():
    article = make_article()
    before = keys(article)
    article.body = BODY.replace("Second paragraph about Kharkiv.", "A new paragraph entirely.\n\nSecond paragraph about Kharkiv.")
    article.save()
    after = keys(article)
    for text, key in before.items():
        assert after[text] == key
    assert [c.position for c in article.chunks.all()] == [0, 1, 2, 3]


def test_it_keeps_the_id_of_a_lightly_corrected_paragraph():
    article = make_article()
    key = keys(article)["Second paragraph about Kharkiv."]
    article.body = BODY.replace("about Kharkiv.", "about Kharkiv!")
    article.save()
    assert keys(article)["Second paragraph about Kharkiv!"] == key


def test_it_moves_commentary_to_the_article_when_its_paragraph_is_removed():
    article = make_article()
    chunk = article.chunks.get(position=1)
    note = Commentary.objects.create(article=article, chunk=chunk, text="Shows the Kharkiv front.")
    other = Commentary.objects.create(article=article, chunk=article.chunks.get(position=2), text="Odesa note.")
    article.body = BODY.replace("Second paragraph about Kharkiv.\n\n", "")
    article.save()
    note.refresh_from_db()
    other.refresh_from_db()
    assert note.chunk is None and note.article == article
    assert note.detached_from == "Second paragraph about Kharkiv."
    assert other.chunk.text == "Third paragraph about Odesa."
