"""Attention over time in a real browser: from the results to the chart, the chart's form
(compare a second query, by month), its table and its CSV."""
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from .conftest import screenshot

pytestmark = pytest.mark.browser


def add_coverage():
    """Kursk and grain-deal articles from two outlets over 2024, so the lines move."""
    from archive.models import Article, Outlet
    from search.index.drain import drain

    wire, weekly = Outlet.objects.create(name="Test Wire"), Outlet.objects.create(name="Weekly")
    for month, kursk, grain in ((3, 1, 2), (5, 2, 1), (8, 6, 0), (9, 4, 1), (11, 2, 3)):
        for n in range(kursk):
            Article.objects.create(outlet=wire if n % 3 else weekly, headline=f"Kursk {month}/{n}",
                                   published=date(2024, month, n + 1),
                                   body="The Kursk incursion, day by day.")
        for n in range(grain):
            Article.objects.create(outlet=weekly, headline=f"Grain {month}/{n}",
                                   published=date(2024, month, n + 10),
                                   body="The Black Sea grain deal and its ships.")
    drain()


def test_it_draws_attention_over_time_and_compares_a_query(page, archive):
    add_coverage()
    page.goto("/?q=kursk")
    page.get_by_role("link", name="Attention over time").click()
    expect(page).to_have_url(re.compile(r"/search/attention\?q=kursk"))
    chart = page.get_by_role("figure", name=re.compile("Attention by"))
    expect(chart).to_be_visible()
    assert page.locator(".attention-chart polyline").count() >= 3   # all outlets, and each
    with page.expect_navigation():
        # a point opens its articles (the last line's: drawn on top where points meet)
        page.locator(".attention-chart svg g.series").last.locator("a").first.click()
    expect(page).to_have_url(re.compile(r"/\?q=kursk&outlet=.*&from=\d{4}-.*&to=\d{4}-"))
    expect(page.locator("article.result").first).to_be_visible()
    page.go_back()
    page.get_by_label("Compare with").first.fill("grain deal")
    page.get_by_label("Period").select_option("month")
    page.get_by_role("button", name="Draw").click()
    expect(page).to_have_url(re.compile(r"compare=grain\+deal.*interval=month"))
    expect(page.locator(".legend li")).to_have_count(2)
    expect(page.locator(".legend")).to_contain_text("grain deal")
    page.get_by_text("The chart’s values as a table").click()
    expect(page.get_by_role("rowheader", name="Aug 2024")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename == "attention-month.csv"
    screenshot(page, "attention-compare")
    page.get_by_label("share of each outlet's articles").check()
    page.get_by_role("button", name="Draw").click()
    expect(page.locator("figcaption")).to_have_text(re.compile("share of each outlet"))
    page.emulate_media(color_scheme="dark")
    screenshot(page, "attention-share-dark")
