"""Finding things faster in a real browser: from/to date inputs, the filter box over a long
outlet list, and search as you type (with the page still working without JavaScript)."""
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from .conftest import screenshot

pytestmark = pytest.mark.browser


def add_outlets(count=9):
    from archive.models import Article, Outlet
    from search.index.drain import drain

    for n in range(count):
        outlet = Outlet.objects.create(name=f"Wire {chr(65 + n)}")
        Article.objects.create(outlet=outlet, headline=f"Kursk from wire {n}",
                               published=date(2024, 3 + n % 9, 1 + n),
                               body="Dispatch from the Kursk front.")
    drain()


def test_it_narrows_by_typed_dates(page, archive):
    page.goto("/?q=kursk")
    before = page.locator("article.result").count()
    page.get_by_label("From", exact=True).fill("2024-08-01")
    page.get_by_label("To", exact=True).fill("2024-08-31")
    page.get_by_role("button", name="Apply dates").click()
    expect(page).to_have_url(re.compile(r"q=kursk.*from=2024-08-01&to=2024-08-31"))
    expect(page.get_by_role("link", name=re.compile("Remove filter Date"))).to_be_visible()
    assert 0 < page.locator("article.result").count() < before
    expect(page.get_by_label("From", exact=True)).to_have_value("2024-08-01")
    screenshot(page, "date-range")


def test_it_filters_a_long_outlet_list_as_you_type(page, archive):
    add_outlets()
    page.goto("/?q=kursk")
    box = page.get_by_role("searchbox", name="Filter the outlets")
    box.fill("wire c")
    expect(page.locator(".outlet-facet li:visible")).to_have_count(1)
    expect(page.locator(".outlet-facet li:visible")).to_contain_text("Wire C")
    box.fill("")
    assert page.locator(".outlet-facet li:visible").count() >= 9


def test_it_searches_as_you_type_and_keeps_the_filters(page, archive):
    page.goto("/?outlet=reuters")
    box = page.get_by_role("searchbox", name="Search the archive")
    box.press_sequentially("kur", delay=40)
    box.press_sequentially("sk", delay=40)
    expect(page).to_have_url(re.compile(r"\?q=kursk&outlet=reuters$"))
    expect(page.locator(".results-heading")).to_have_text(re.compile("Results for “kursk”"))
    expect(page.locator("article.result mark").first).to_have_text(re.compile("kursk", re.I))
    expect(box).to_be_focused()


def test_it_searches_the_same_without_javascript(browser, live_server, archive):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.get_by_role("searchbox", name="Search the archive").fill("kursk")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("article.result").first).to_be_visible()
    assert page.locator(".facet-filter").count() == 0
    page.get_by_label("From", exact=True).fill("2024-08-01")
    page.get_by_role("button", name="Apply dates").click()
    expect(page).to_have_url(re.compile(r"from=2024-08-01"))
    context.close()
