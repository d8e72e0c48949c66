"""The admin in a real browser: lists that fit a 1280-pixel window, and a commentary's
paragraph chosen in one step."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/wt14-shots")


@pytest.fixture
def admin_page(page, archive, live_server):
    from django.contrib.auth.models import User

    User.objects.create_superuser("archivist", password="a long test password")
    page.goto("/admin/login/")
    page.fill("#id_username", "archivist")
    page.fill("#id_password", "a long test password")
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_be_visible()
    return page


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fits_the_window(page):
    """Neither the page nor the list's own box scrolls sideways: no column is cut."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth && "
                         "[...document.querySelectorAll('#changelist .results')].every("
                         "el => el.scrollWidth <= el.clientWidth)")


def test_the_article_and_commentary_lists_fit_1280_pixels(admin_page):
    from archive.models import Article, Commentary

    article = Article.objects.first()
    Commentary.objects.create(article=article, chunk=article.chunks.first(),
                              text="A long note on the paragraph " * 8)
    page = admin_page
    page.goto("/admin/archive/article/")
    shot(page, "admin-article-list")
    assert fits_the_window(page)
    count = page.locator("td.field-paragraph_count").first
    assert count.evaluate("el => getComputedStyle(el).textAlign") == "right"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", page.locator("td.field-published_display").first
                        .inner_text().strip())
    shot(page, "admin-article-list")
    page.goto("/admin/archive/commentary/")
    assert fits_the_window(page)
    shot(page, "admin-commentary-list")
    page.goto(f"/admin/archive/article/{article.pk}/change/")
    width = page.locator("#id_headline").evaluate("el => el.getBoundingClientRect().width")
    assert width > 600
    shot(page, "admin-article-change")


def test_a_commentary_is_anchored_to_a_paragraph_without_saving_first(admin_page):
    from archive.models import Article, Commentary

    article = Article.objects.order_by("pk").first()
    page = admin_page
    page.goto("/admin/archive/commentary/add/")
    expect(page.locator("#id_chunk option")).to_have_count(1)      # no article yet
    page.locator(".select2-selection").first.click()
    page.locator(".select2-search__field").fill(article.headline[:12])
    page.locator(".select2-results__option", has_text=article.headline[:12]).first.click()
    second = article.chunks.get(position=1)
    expect(page.locator(f"#id_chunk option[value='{second.pk}']")).to_have_text(
        re.compile(r"^¶2: "))
    page.select_option("#id_chunk", str(second.pk))
    page.fill("#id_text", "On the second paragraph.")
    shot(page, "admin-commentary-paragraphs")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert Commentary.objects.get(text="On the second paragraph.").chunk == second


def test_a_new_articles_inline_offers_the_paragraphs_being_written(admin_page):
    from archive.models import Commentary, Outlet

    page = admin_page
    page.goto("/admin/archive/article/add/")
    page.select_option("#id_outlet", str(Outlet.objects.first().pk))
    page.fill("#id_headline", "A report written in the admin")
    page.fill("#id_body", "Troops crossed the border.\n\nThe governor spoke.\n\nShelling went on.")
    select = page.locator("select[name='commentary-0-chunk']")
    expect(select.locator("option")).to_have_count(4)
    select.select_option(label="¶2: The governor spoke.")
    page.fill("textarea[name='commentary-0-text']", "The governor, again.")
    shot(page, "admin-new-article-inline")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert Commentary.objects.get(text="The governor, again.").chunk.text == "The governor spoke."
