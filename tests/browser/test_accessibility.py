"""axe-core on the main pages, in light and dark themes: no serious or critical violations.

axe-core comes from the pinned `axe-playwright-python` package (it vendors axe.min.js,
MPL-2.0), so nothing is committed or fetched at test time.
"""
import pytest

from .conftest import PHONE, screenshot

pytestmark = pytest.mark.browser

PAGES = {
    "search": "/",
    "results": "/?q=kursk",
    "empty-results": "/?q=zzqxjv",
    "article": "ARTICLE?q=kursk",
    "not-found": "/articles/999999/",
    "attention": "/search/attention?q=ukraine&compare=kursk",
    "sign-in": "/accounts/login/",
    "sign-up": "/accounts/signup/",
}


def violations(page):
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [v for v in found if v["impact"] in ("serious", "critical")]


def describe(found):
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} at "
                     f"{[n['target'] for n in v['nodes'][:3]]}" for v in found)


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_it_has_no_serious_accessibility_violations(page, archive, name, scheme):
    from archive.models import Article

    article = Article.objects.get(headline__startswith="Ukraine is advancing deeper")
    page.emulate_media(color_scheme=scheme)
    page.goto(PAGES[name].replace("ARTICLE", article.get_absolute_url()))
    found = violations(page)
    assert not found, describe(found)
    page.set_viewport_size(PHONE)
    found = violations(page)
    assert not found, "at phone width:\n" + describe(found)
    if scheme == "light":
        screenshot(page, name)
    else:
        screenshot(page, f"{name}-dark")
