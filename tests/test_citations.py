"""Citations for a reference manager: BibTeX, RIS and CSL-JSON per article and paragraph,
Chicago and APA on the article page, Highwire meta tags, a search's results as RIS/BibTeX.

Each file is read by the program a reader would use: bibtexparser, rispy, citeproc-py.
"""
import json
import warnings
from datetime import date
from html.parser import HTMLParser

import bibtexparser
import pytest
import rispy

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
    assert "journal = {Reuters}" in bib and "  month = aug," in bib   # BibTeX's own macro


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
                            ("citation_language", "en"),
                            ("citation_publisher", "Reuters")]
    from pytest_django.asserts import assertContains
    assertContains(response, "<dt>Chicago (author-date)</dt>", html=True)
    assertContains(response, "Faulconbridge, Guy, and Pavel Polityuk. 2024. "
                             "“Kursk &lt;b&gt;incursion&lt;/b&gt;.” Reuters, August 14.")
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


UKRAINIAN = "Сьогодні ЗМІ пишуть про обстріл Харкова."


def ukrainian_article(**fields):
    values = dict(outlet_name="Українська правда", authors="", published=date(2024, 8, 14))
    values.update(fields)
    made = article(values.pop("headline", UKRAINIAN),
                   "Ворог знову обстріляв Харків уночі, пошкоджено житлові будинки.", **values)
    made.url = "https://www.pravda.com.ua/news/2024/08/14/attack-in-_n_1775537/?utm_source=x&a=1"
    made.save()
    return made


def bib_entry(client, made):
    text = download(client, f"/articles/{made.pk}/cite.bib").content.decode()
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    [entry] = library.entries
    return {name: field.value for name, field in entry.fields_dict.items()}


def test_bibtex_gives_the_url_as_it_is_and_the_language(client):
    made = ukrainian_article()
    fields = bib_entry(client, made)
    assert fields["url"] == made.url                    # no \_ nor \& in it
    assert fields["langid"] == "ukrainian"
    assert fields["entrysubtype"] == "newspaper"
    raw = bibtexparser.parse_string(download(client, f"/articles/{made.pk}/cite.bib")
                                    .content.decode(), parse_stack=[])
    assert raw.entries[0].fields_dict["month"].value == "aug"   # the macro, not "{aug}"
    made.url = "https://example.org/a b{c}\\d"
    made.save()
    assert bib_entry(client, made)["url"] == "https://example.org/a%20b%7Bc%7D%5Cd"


def test_ris_and_csl_json_carry_the_language_and_whole_organisation_names(client):
    made = ukrainian_article(authors="Deutsche Welle")
    [entry] = rispy.loads(download(client, f"/articles/{made.pk}/cite.ris").content.decode())
    assert entry["type_of_reference"] == "NEWS" and entry["language"] == "uk"
    assert entry["authors"] == ["Deutsche Welle"]
    assert entry["urls"] == [made.url]
    [item] = json.loads(download(client, f"/articles/{made.pk}/cite.csl.json").content)
    assert item["language"] == "uk"
    assert item["author"] == [{"literal": "Deutsche Welle"}]
    assert bib_entry(client, made)["author"] == "{Deutsche Welle}"


def citeproc_render(items, style):
    """The bibliography citeproc-py makes of CSL-JSON items, with the archive's style files."""
    from citeproc import (Citation, CitationItem, CitationStylesBibliography,
                          CitationStylesStyle, formatter)
    from citeproc.source.json import CiteProcJSON

    from search.web.citations import CSL_FOLDER, STYLES

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(
            CitationStylesStyle(str(CSL_FOLDER / STYLES[style][1]), validate=False),
            CiteProcJSON(items), formatter.plain)
        bibliography.register(Citation([CitationItem(items[0]["id"])]))
        return str(bibliography.bibliography()[0])


def test_a_csl_processor_leaves_a_ukrainian_title_in_sentence_case(client):
    made = ukrainian_article()
    items = json.loads(download(client, f"/articles/{made.pk}/cite.csl.json").content)
    chicago = citeproc_render(items, "chicago")
    assert "Сьогодні ЗМІ пишуть про обстріл Харкова" in chicago, chicago
    assert "Українська правда" in chicago


def styles_on_the_page(client, made):
    page = client.get(made.get_absolute_url()).content.decode()
    import html
    import re
    return dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html.unescape(page)))


def test_references_without_an_author_or_a_date_read_as_the_styles_say(client):
    made = ukrainian_article()
    styles = styles_on_the_page(client, made)
    chicago, apa = styles["Chicago (author-date)"], styles["APA (7th edition)"]
    # Chicago: the newspaper stands for the author, once; the title keeps its case and
    # its own full stop, not a second one.
    assert chicago.startswith(f"Українська правда. 2024. “{UKRAINIAN}” August 14."), chicago
    assert chicago.count("Українська правда") == 1
    # APA: the title stands for the author, once.
    assert apa.startswith(f"{UKRAINIAN} (2024, August 14). Українська правда."), apa
    assert apa.count(UKRAINIAN) == 1
    undated = ukrainian_article(headline="Без дати", published=None)
    styles = styles_on_the_page(client, undated)
    assert styles["Chicago (author-date)"].startswith("Українська правда. n.d. “Без дати.”")
    assert "(n.d.)" in styles["APA (7th edition)"]
    this_year = str(date.today().year)
    assert this_year not in styles["Chicago (author-date)"]


def test_an_organisation_is_not_inverted_and_punctuation_is_not_doubled(client):
    made = reuters_article(headline="Why is Kursk next?", authors="Deutsche Welle")
    styles = styles_on_the_page(client, made)
    assert styles["Chicago (author-date)"].startswith(
        "Deutsche Welle. 2024. “Why Is Kursk Next?” Reuters, August 14.")
    assert styles["APA (7th edition)"].startswith(
        "Deutsche Welle. (2024, August 14). Why is Kursk next? Reuters.")


class Head(HTMLParser):
    """The <meta> and <time> elements and the JSON-LD of a page, in document order."""

    def __init__(self):
        super().__init__()
        self.meta, self.times, self.json_ld, self._in_ld = [], [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("name") or attrs.get("property")):
            self.meta.append((attrs.get("name") or attrs["property"], attrs.get("content")))
        elif tag == "time" and attrs.get("datetime"):
            self.times.append(attrs["datetime"])
        self._in_ld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(json.loads(data))
            self._in_ld = False


ZOTERO_TYPES = {"newspaperArticle", "journalArticle", "magazineArticle", "webpage", "blogPost"}


def zotero_item(html):
    """What Zotero's "Embedded Metadata" translator saves from the page (zotero/translators,
    Embedded Metadata.js with RDF.js; the rules that decide these fields):
    - citation_journal_title makes the item a journalArticle whatever else says (hwType);
    - else a Dublin Core type that is a Zotero item type wins over og:type, whose
      "article" is only a guess, as is citation_title's journalArticle;
    - the publication is citation_journal_title, else DC.source, else og:site_name
      (newspaper articles, blog posts and web pages only);
    - the date is citation_date / citation_publication_date, else the page's first
      <time datetime>; the language citation_language; creators citation_author, each
      split at a comma, else at its last space."""
    head = Head()
    head.feed(html)
    meta = {}
    for name, content in head.meta:
        meta.setdefault(name.lower(), content)
    dc_type = meta.get("dc.type")
    item_type = ("journalArticle" if "citation_journal_title" in meta
                 else dc_type if dc_type in ZOTERO_TYPES else "journalArticle")
    publication = meta.get("citation_journal_title") or meta.get("dc.source") or (
        meta.get("og:site_name") if item_type != "journalArticle" else None)
    creators = []
    for name, content in head.meta:
        if name == "citation_author":
            last, _, first = content.partition(", ") if "," in content \
                else content.rpartition(" ")[::-1]
            creators.append((first, last))
    return {"itemType": item_type, "title": meta.get("citation_title"),
            "publicationTitle": publication, "language": meta.get("citation_language"),
            "date": meta.get("citation_date") or meta.get("citation_publication_date")
            or (head.times[0] if head.times else None),
            "creators": creators, "json_ld": head.json_ld}


def test_zotero_saves_the_article_as_a_newspaper_article(client):
    made = ukrainian_article(authors="Ярослава Тимощук")
    item = zotero_item(client.get(made.get_absolute_url()).content.decode())
    assert item["itemType"] == "newspaperArticle"
    assert item["publicationTitle"] == "Українська правда"
    assert item["title"] == UKRAINIAN and item["language"] == "uk"
    assert item["date"] == "2024/08/14"
    assert item["creators"] == [("Ярослава", "Тимощук")]
    [ld] = item["json_ld"]
    assert ld["@type"] == "NewsArticle" and ld["inLanguage"] == "uk"
    assert ld["publisher"] == {"@type": "Organization", "name": "Українська правда"}
    assert ld["author"] == [{"@type": "Person", "name": "Ярослава Тимощук"}]
    assert ld["datePublished"] == "2024-08-14" and ld["isBasedOn"] == made.url


def test_zotero_takes_no_date_for_an_undated_article_and_no_split_organisation(client):
    dated = ukrainian_article(headline="Датована копія", authors="Deutsche Welle")
    undated = ukrainian_article(published=None, authors="Deutsche Welle")
    from archive.models import Article
    Article.objects.filter(pk=dated.pk).update(body=undated.body)   # a copy, to be listed
    item = zotero_item(client.get(undated.get_absolute_url()).content.decode())
    assert item["date"] is None
    assert item["creators"] == []            # never "Welle, Deutsche"
    assert item["json_ld"][0]["author"] == [{"@type": "Organization", "name": "Deutsche Welle"}]
    assert "datePublished" not in item["json_ld"][0]


def test_json_ld_cannot_end_its_script_element(client):
    made = reuters_article(headline="</script><script>alert(1)</script> & more")
    page = client.get(made.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in page
    head = Head()
    head.feed(page)
    assert head.json_ld[0]["headline"] == "</script><script>alert(1)</script> & more"
