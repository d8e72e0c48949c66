"""Citing in a real browser: the article's references in two styles, the files for a
reference manager, and the Highwire tags Zotero's connector reads."""
import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, SCREENSHOTS

pytestmark = pytest.mark.browser


def test_it_offers_the_article_as_styled_references_and_files(page, archive):
    from archive.models import Article

    article = Article.objects.get(headline__startswith="Ukraine is advancing deeper")
    page.goto(article.get_absolute_url())
    expect(page.locator('meta[name="citation_author"]')).to_have_count(2)
    expect(page.locator('meta[name="citation_publication_date"]')).to_have_attribute(
        "content", "2024/08/14")
    page.get_by_text("Cite this article").click()
    expect(page.locator(".styled-citations dd").first).to_contain_text(
        "Faulconbridge, Guy, and Pavel Polityuk. 2024.")
    with page.expect_download() as download:
        page.locator(".cite-downloads").get_by_role("link", name="RIS").click()
    assert download.value.suggested_filename == f"archive-{article.pk}.ris"
    text = open(download.value.path(), encoding="utf-8", newline="").read()
    assert re.search(r"^TY  - NEWS\r$", text, re.M) and "AU  - Faulconbridge, Guy" in text
    expect(page.locator(".mentioned")).to_contain_text("Zelensky")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SCREENSHOTS / "article-cite-phone.png"))
