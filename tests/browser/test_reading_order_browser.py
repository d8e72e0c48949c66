"""Results read as the articles do: a phrase marked whole, paragraphs in reading order with
their numbers, and the way back keeping every filter, sort and page."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import screenshot

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/wt14-shots")


def shot(page, name, full_page=True):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)
    screenshot(page, name)


def test_a_phrase_is_one_mark_and_paragraphs_come_in_reading_order(page, archive):
    page.goto("/?q=%22Kursk+region%22")
    expect(page.locator("h1.results-heading")).to_have_text("Results for “Kursk region”")
    marks = page.locator(".hit mark")
    expect(marks.first).to_have_text(re.compile(r"^Kursk region$", re.I))
    for result in page.locator("article.result").all():
        numbers = [int(re.search(r"\d+", text).group())
                   for text in result.locator("a.hit-link").all_inner_texts()]
        assert numbers == sorted(numbers)
    shot(page, "phrase-reading-order")


def test_back_to_the_results_keeps_filters_sort_and_page(page, archive):
    page.goto("/?q=kursk&sort=oldest&per_page=10&from=2024")
    first_url = page.url
    page.locator("h2.result-title a").first.click()
    expect(page).to_have_url(re.compile(r"/articles/\d+/\?"))
    shot(page, "article-from-filtered-results", full_page=False)
    page.get_by_role("link", name="Back to the results").click()
    expect(page).to_have_url(re.compile(r"/\?q=kursk&from=2024-01-01&sort=oldest$"))
    expect(page.locator(".chips")).to_contain_text("2024")
    expect(page.locator("nav.sort a[aria-current='true']")).to_have_text("Oldest first")
    assert first_url.endswith("/?q=kursk&sort=oldest&per_page=10&from=2024")
