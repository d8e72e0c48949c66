"""Searching in a real browser: the search box, results, facets, histogram, chips, paging."""
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, screenshot

pytestmark = pytest.mark.browser


def add_kursk_articles(count):
    """Enough extra articles mentioning Kursk for several pages of results."""
    from archive.models import Article, Outlet
    from search.index.drain import drain

    outlet = Outlet.objects.create(name="Test Wire")
    for n in range(count):
        Article.objects.create(
            outlet=outlet, headline=f"Kursk dispatch number {n + 1}", published=date(2024, 8, 20),
            body=f"Dispatch {n + 1} from the Kursk front.\n\nNothing else of note today.")
    drain()


def search_for(page, words):
    page.goto("/")
    box = page.get_by_role("searchbox", name="Search the archive")
    expect(box).to_be_focused()
    box.fill(words)
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=" + re.escape(words)))


def test_it_shows_highlighted_results_for_a_typed_query(page, archive):
    search_for(page, "kursk")
    results = page.locator("article.result")
    expect(results.first).to_be_visible()
    assert results.count() >= 3
    expect(page.locator("article.result mark").first).to_have_text(re.compile("kursk", re.I))
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for “kursk”")
    screenshot(page, "results")


def test_it_keeps_outlet_counts_visible_when_two_outlets_are_checked(page, archive):
    search_for(page, "ukraine")
    page.get_by_role("checkbox", name=re.compile("^Reuters")).check()
    expect(page).to_have_url(re.compile("outlet=reuters"))
    page.get_by_role("checkbox", name=re.compile("^Meer")).check()
    expect(page).to_have_url(re.compile("outlet=meer"))
    expect(page.get_by_role("checkbox", name=re.compile("^Reuters"))).to_be_checked()
    expect(page.get_by_role("checkbox", name=re.compile("^Meer"))).to_be_checked()
    labels = page.locator(".facet-list label").all_inner_texts()
    assert len(labels) == 5 and all(re.search(r"\d", label) for label in labels), labels
    assert page.locator("article.result").count() == 2
    # Focus came back to the checkbox the keyboard was on, not to the search box.
    expect(page.get_by_role("checkbox", name=re.compile("^Meer"))).to_be_focused()


def test_it_narrows_to_a_period_from_the_histogram_and_removes_the_chip(page, archive):
    search_for(page, "ukraine")
    bar = page.locator("svg.histogram a").first
    period = bar.get_attribute("aria-label").split(":")[0]
    bar.click()
    chip = page.get_by_role("link", name=f"Remove filter Date: {period}")
    expect(chip).to_be_visible()
    expect(page).to_have_url(re.compile("from="))
    chip.click()
    expect(page.locator("a.chip")).to_have_count(0)
    expect(page).not_to_have_url(re.compile("from="))
    expect(page.get_by_role("searchbox", name="Search the archive")).to_have_value("ukraine")


def test_it_pages_forward_keeping_the_filters(page, archive):
    add_kursk_articles(24)
    search_for(page, "kursk")
    page.get_by_role("checkbox", name=re.compile("^Test Wire")).check()
    expect(page).to_have_url(re.compile("outlet=test-wire"))
    first_page = page.locator("h2.result-title").all_inner_texts()
    page.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile("page=2"))
    expect(page).to_have_url(re.compile("outlet=test-wire"))
    second_page = page.locator("h2.result-title").all_inner_texts()
    assert second_page and not set(first_page) & set(second_page)
    expect(page.locator('.pagination a[aria-current="page"]')).to_have_text("Page 2")
    screenshot(page, "results-page-2")


def test_it_opens_more_matching_paragraphs_in_place(page, archive):
    search_for(page, "russia")
    more = page.locator("a.more").first
    expect(more).to_be_visible()
    result = page.locator("#" + more.get_attribute("data-expand"))
    shown = result.locator(".hits > li").count()
    wanted = shown + int(more.inner_text().split()[0])
    url = page.url
    more.click()
    expect(result.locator(".hits > li")).to_have_count(wanted)
    assert page.url == url


def test_it_shows_an_empty_state_with_the_query_syntax(page, archive):
    search_for(page, "zzqxjv")
    expect(page.get_by_role("heading", name="No articles match “zzqxjv”")).to_be_visible()
    expect(page.locator("dl.syntax")).to_be_visible()
    screenshot(page, "empty-results")


def test_it_browses_the_archive_without_a_query(page, archive):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Browse the archive")
    assert page.locator("article.result").count() == 5
    expect(page.locator("svg.histogram")).to_be_visible()
    screenshot(page, "search")


def test_it_works_with_the_keyboard_only(page, archive):
    page.goto("/")
    page.keyboard.type("kursk")
    page.keyboard.press("Enter")
    expect(page.locator("article.result").first).to_be_visible()
    first_title = page.locator("h2.result-title a").first
    for _ in range(40):                          # Tab from the search box to the first result
        page.keyboard.press("Tab")
        if first_title.evaluate("el => el === document.activeElement"):
            break
    expect(first_title).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/articles/\d+/\?q=kursk"))
    page.keyboard.press("/")
    expect(page.get_by_role("searchbox", name="Search the archive")).to_be_focused()


def test_it_fits_a_phone_screen(page, archive):
    page.set_viewport_size(PHONE)
    search_for(page, "kursk")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways: {width}px"


def test_slash_types_no_slash_and_the_filters_are_a_few_keys_away(page, archive):
    page.goto("/?q=kursk")
    box = page.get_by_role("searchbox", name="Search the archive")
    expect(box).to_be_focused()                  # the search page opens in the box
    page.keyboard.press("/")
    page.keyboard.type("drones")
    expect(box).to_have_value("drones")          # the shortcut, not "/droneskursk"
    page.keyboard.press("End")
    page.keyboard.type(" 24/7")
    expect(box).to_have_value("drones 24/7")     # once typing, "/" is a character
    page.goto("/?q=kursk")                       # desktop width (conftest.DESKTOP)
    in_filters = "() => !!document.activeElement.closest('#filters') && " \
                 "document.activeElement.matches('input, a, button, select')"
    presses = []
    for _ in range(30):
        key = "Enter" if page.evaluate(
            "() => document.activeElement.textContent === 'Skip to the filters'") else "Tab"
        page.keyboard.press(key)
        presses.append(key)
        if page.evaluate(in_filters):
            break
    assert page.evaluate(in_filters), presses
    assert len(presses) <= 4, presses            # Tab, Tab, Enter, Tab (it was 63 Tabs)
