"""Saved searches in a real browser: sign up from the results, save the search, find it
in the list, see what is new in it, and sign out."""
import re

import pytest
from playwright.sync_api import expect

from .conftest import screenshot
from .test_accessibility import describe, violations

pytestmark = pytest.mark.browser


def test_it_signs_up_saves_a_search_and_shows_what_is_new(page, archive):
    from archive.models import Article, Outlet
    from search.index.drain import drain

    page.goto("/?q=kursk")
    page.get_by_role("link", name="Sign in", exact=True).first.click()
    page.get_by_role("link", name="Create one").click()
    page.get_by_label("Username").fill("olena")
    page.get_by_label("Email").fill("olena@example.org")
    page.locator("#id_password1").fill("grain deal 2023 odesa")
    page.locator("#id_password2").fill("grain deal 2023 odesa")
    page.get_by_role("button", name="Create the account").click()
    expect(page).to_have_url(re.compile(r"/\?q=kursk$"))
    page.get_by_label("Save this search as").fill("Kursk, everything")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", name="Kursk, everything")).to_be_visible()
    expect(page.get_by_text("Nothing new.")).to_be_visible()

    Article.objects.create(outlet=Outlet.objects.first(), headline="Kursk, the newest dispatch",
                           body="Fighting in Kursk went on overnight.")
    drain()
    page.get_by_role("link", name="Your saved searches").first.click()
    row = page.get_by_role("row", name=re.compile("Kursk, everything"))
    expect(row).to_contain_text("1 new article")
    found = violations(page)
    assert not found, describe(found)
    screenshot(page, "saved-list")
    row.get_by_role("link", name="Kursk, everything", exact=True).click()
    expect(page.get_by_role("link", name="Kursk, the newest dispatch")).to_be_visible()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        found = violations(page)
        assert not found, describe(found)
    screenshot(page, "saved-detail-dark")
    page.emulate_media(color_scheme="light")
    page.get_by_label("E-mail me new articles at most once a day").check()
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_label("E-mail me new articles at most once a day")).to_be_checked()
    page.get_by_role("link", name="Your saved searches").first.click()
    expect(page.get_by_role("row", name=re.compile("Kursk, everything"))).to_contain_text(
        "nothing new")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in", exact=True).first).to_be_visible()
