"""Citations for a reference manager: BibTeX, RIS and CSL-JSON per article and paragraph,
Chicago and APA on the article page, Highwire meta tags, a search's results as RIS/BibTeX."""
import json
from datetime import date
from html.parser import HTMLParser

import pytest

from tests.search_archive import article, index

pytestmark = pytest.mark.django_db

HOSTILE = "Kursk}\nER  - \nTY  - JOUR <script>alert(1)</script> 100% & $5"


def reuters_article(**fields):
    values = dict(authors="Guy Faulconbridge and Pavel Polityuk", published=date(2024, 8, 14))
    values.update(fields)
    made = article(values.pop("headline", "Ukraine is advancing deeper into Russia"),
                   "First paragraph about Kursk.", "Second paragraph on the front.", **values)
    made.url = "https://www.reuters.com/world/europe/ukraine-advancing/"
    made.save()
    return made


def download(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    assert response["Content-Disposition"].startswith("attachment;")
    return response


def ris_tags(text):
    return [(line[:2], line[6:]) for line in text.split("\r\n") if line]


def test_it_gives_an_article_as_csl_json_ris_and_bibtex(client):
    made = reuters_article()
    base = f"/articles/{made.pk}/cite"
    item = json.loads(download(client, base + ".csl.json").content)[0]
    assert item["type"] == "article-newspaper"
    assert item["title"] == "Ukraine is advancing deeper into Russia"
    assert item["container-title"] == "Reuters"
    assert item["author"] == [{"family": "Faulconbridge", "given": "Guy"},
                              {"family": "Polityuk", "given": "Pavel"}]
    assert item["issued"] == {"date-parts": [[2024, 8, 14]]}
    assert item["URL"] == "https://www.reuters.com/world/europe/ukraine-advancing/"
    ris = download(client, base + ".ris")
    assert ris["Content-Type"].startswith("application/x-research-info-systems")
    tags = ris_tags(ris.content.decode())
    assert tags[0] == ("TY", "NEWS") and tags[-1][0] == "ER"
    assert ("AU", "Polityuk, Pavel") in tags and ("DA", "2024/08/14/") in tags
    bib = download(client, base + ".bib").content.decode()
    assert bib.startswith(f"@article{{archive-{made.pk},")
    assert "author = {Faulconbridge, Guy and Polityuk, Pavel}" in bib
    assert "journal = {Reuters}" in bib and "month = {aug}" in bib


def test_it_cites_a_paragraph_with_its_number_and_anchor(client):
    made = reuters_article()
    second = made.chunks.get(position=1)
    response = download(client, f"/articles/{made.pk}/cite.ris", paragraph=second.key)
    tags = dict(ris_tags(response.content.decode()))
    assert tags["N1"] == (f"Paragraph 2. Archived at "
                          f"http://testserver/articles/{made.pk}/#p-{second.key}")
    item = json.loads(download(client, f"/articles/{made.pk}/cite.csl.json",
                               paragraph=second.key).content)[0]
    assert item["locator"] == "2" and item["id"] == f"archive-{made.pk}-p-{second.key}"
    missing = client.get(f"/articles/{made.pk}/cite.bib", {"paragraph": "nope"})
    assert missing.status_code == 400 and b"paragraph" in missing.content
    assert client.get("/articles/999999/cite.bib").status_code == 404


def test_it_keeps_hostile_headlines_inside_their_field(client):
    made = reuters_article(headline=HOSTILE, authors="Evil } Author")
    tags = ris_tags(download(client, f"/articles/{made.pk}/cite.ris").content.decode())
    assert [t for t, _ in tags].count("TY") == 1 and [t for t, _ in tags].count("ER") == 1
    bib = download(client, f"/articles/{made.pk}/cite.bib").content.decode()
    assert r"title = {{Kursk\} ER - TY - JOUR <script>alert(1)</script> 100\% \& \$5}}" in bib
    assert r"author = {Evil \}, Author}" not in bib       # "}" is escaped wherever it is
    assert bib.count("{") - bib.count(r"\{") == bib.count("}") - bib.count(r"\}")


class MetaTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name", "").startswith("citation_"):
            self.found.append((attrs["name"], attrs["content"]))


def test_it_puts_highwire_tags_and_two_styles_on_the_article_page(client):
    made = reuters_article(headline="Kursk <b>incursion</b>")
    response = client.get(made.get_absolute_url())
    parser = MetaTags()
    parser.feed(response.content.decode())
    assert parser.found == [("citation_title", "Kursk <b>incursion</b>"),
                            ("citation_author", "Faulconbridge, Guy"),
                            ("citation_author", "Polityuk, Pavel"),
                            ("citation_publication_date", "2024/08/14"),
                            ("citation_publisher", "Reuters")]
    from pytest_django.asserts import assertContains
    assertContains(response, "<dt>Chicago (author-date)</dt>", html=True)
    assertContains(response, "Faulconbridge, Guy, and Pavel Polityuk. 2024. "
                             "“Kursk &lt;b&gt;incursion&lt;/b&gt;”. Reuters, August 14.")
    assertContains(response, "Faulconbridge, G., &amp; Polityuk, P. (2024, August 14).")
    assert b"<b>incursion" not in response.content


def test_it_exports_a_search_as_one_reference_per_article(client):
    for n in range(3):
        article(f"Kursk report {n}", "Kursk, first.", "Kursk, second.", authors="Ann Lee")
    article("Elsewhere", "Nothing about it.")
    index()
    ris = download(client, "/search/export.ris", q="kursk")
    text = b"".join(ris.streaming_content).decode()
    tags = ris_tags(text)
    assert sorted(v for t, v in tags if t == "TI") == ["Kursk report 0", "Kursk report 1",
                                                        "Kursk report 2"]
    bib = b"".join(download(client, "/search/export.bib", q="kursk").streaming_content).decode()
    assert bib.count("@article{") == 3
    assert client.get("/search/export.ris", {"to": "2024-99"}).status_code == 400


def test_it_links_the_search_page_to_its_references(client):
    article("Kursk report", "Kursk, first.")
    index()
    response = client.get("/", {"q": "kursk", "outlet": "reuters"})
    from pytest_django.asserts import assertContains
    assertContains(response, '<a href="/search/export.ris?q=kursk&amp;outlet=reuters" download>'
                             'RIS</a>', html=True)
