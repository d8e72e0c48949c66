"""Reading in a real browser: landing on the match, commentary beside its paragraph, citations."""
import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, screenshot

pytestmark = pytest.mark.browser


def seed(headline_start):
    from archive.models import Article

    return Article.objects.get(headline__startswith=headline_start)


def in_viewport(locator):
    return locator.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight + 1; }")


def test_it_lands_on_the_highlighted_paragraph_from_a_result(page, archive):
    page.goto("/?q=prisoners")
    paragraph_link = page.locator("a.hit-link").first
    anchor = paragraph_link.get_attribute("href").split("#")[1]
    paragraph_link.click()
    expect(page).to_have_url(re.compile(r"/articles/\d+/\?q=prisoners#p-"))
    target = page.locator(f"#{anchor}")
    expect(target.locator("mark").first).to_have_text(re.compile("prisoners", re.I))
    assert in_viewport(target)


def test_it_scrolls_to_the_first_match_when_opened_from_the_headline(page, archive):
    page.goto("/?q=%22Minsk+I+and+II%22")
    page.locator("h2.result-title a").first.click()
    expect(page).to_have_url(re.compile(r"/articles/\d+/\?q="))
    first = page.locator(".para.matched").first
    expect(first.locator("mark").first).to_be_visible()
    page.wait_for_function("window.scrollY > 0")
    assert in_viewport(first)


def test_it_copies_a_citation_of_a_paragraph(page, archive):
    article = seed("Ukraine is advancing deeper")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(article.get_absolute_url())
    page.get_by_role("button", name="Copy citation of paragraph 2", exact=True).click()
    expect(page.locator("#live-status")).to_have_text("Citation copied to the clipboard")
    copied = page.evaluate("navigator.clipboard.readText()")
    second = article.chunks.get(position=1)
    assert copied.startswith("Reuters. Guy Faulconbridge and Pavel Polityuk. “Ukraine is "
                             "advancing deeper into Russia, Zelenskiy says”. 14 Aug 2024.")
    assert copied.endswith(f"Paragraph 2: {page.url.split('?')[0]}#p-{second.key}")


def test_it_shows_commentary_beside_its_paragraph_and_under_it_on_a_phone(page, archive):
    from archive.models import Commentary

    article = seed("Ukraine is advancing deeper")
    second = article.chunks.get(position=1)
    Commentary.objects.create(article=article, chunk=second,
                              text="Kursk: the first foreign incursion since 1945.")
    Commentary.objects.create(article=article, text="Reuters' numbers are Kyiv's own claims.")
    Commentary.objects.create(article=article, chunk=second, text="Private draft", private=True)
    page.goto(article.get_absolute_url())
    expect(page.locator("#commentary")).to_contain_text("Kyiv's own claims")
    paragraph = page.locator(f"#p-{second.key} .para-text")
    note = page.locator(f"#p-{second.key} .para-notes")
    expect(note).to_contain_text("first foreign incursion")
    expect(page.get_by_text("Private draft")).to_have_count(0)
    text_box, note_box = paragraph.bounding_box(), note.bounding_box()
    assert note_box["x"] > text_box["x"] + text_box["width"], "beside it on a wide screen"
    assert abs(note_box["y"] - text_box["y"]) < 40
    screenshot(page, "article-with-commentary")
    page.set_viewport_size(PHONE)
    text_box, note_box = paragraph.bounding_box(), note.bounding_box()
    assert note_box["y"] >= text_box["y"] + text_box["height"], "under it on a phone"
    page.set_viewport_size(DESKTOP)


def test_it_skips_to_the_content_with_the_keyboard(page, archive):
    article = seed("From Stalemate")
    page.goto(article.get_absolute_url())
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused, "after the skip link, Tab goes into the article"


def test_a_removed_paragraphs_permalink_says_it_was_removed(page, archive):
    article = seed("Ukraine is advancing deeper")
    removed = article.chunks.get(position=1)
    article.body = "\n\n".join(c.text for c in article.chunks.exclude(pk=removed.pk))
    article.save()
    page.goto(f"{article.get_absolute_url()}#p-{removed.key}")
    expect(page.locator("#removed-notice")).to_have_text(re.compile(
        r"^The paragraph this link points to was removed from the article on \d{4}-\d{2}-\d{2}\.$"))
