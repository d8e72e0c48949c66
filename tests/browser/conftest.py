"""Browser tests: Playwright drives the system's Chromium against the live test server.

Chromium comes from the system's packages (`apt-get install chromium`; Playwright's own
browser download is not available here). It is found through $CHROMIUM_PATH or on the PATH;
when there is none, every browser test is SKIPPED with a message saying so.
Each test gets a fresh database (transactional, so the live server sees it) holding the five
seed articles, indexed, plus whatever the test adds.
"""
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
# itself (creating data) are still plain synchronous calls, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "fixtures" / "seeds"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def find_chromium():
    for candidate in (os.environ.get("CHROMIUM_PATH"), shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def pytest_collection_modifyitems(config, items):
    if find_chromium():
        return
    skip = pytest.mark.skip(reason="no Chromium found (set CHROMIUM_PATH or apt-get install "
                                   "chromium): browser tests skipped")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def archive(transactional_db, variant_table):
    """The seed articles, imported and indexed as a fresh install would have them (with
    its spelling variants, whose people and places the pages show)."""
    from django.core.management import call_command

    from search.index.drain import drain

    call_command("import_articles", str(SEEDS), quiet=True)
    drain()     # normally done after each commit; made sure of before the browser looks
    return SEEDS


def screenshot(page, name):
    """Save the page at phone and desktop width to test-artifacts/screenshots/ (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(size)
