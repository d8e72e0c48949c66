"""A small archive of plain paragraphs searched by the engine through its port.

    archive.article("Drones over Kursk", "Drones struck a fuel depot.", outlet_name="BBC")
    page = archive.run("kursk", sort="newest")
    page.headlines(), page.results[0].paragraphs[0].text, page.response.total_articles

The index is built (search/index/paragraph_index.py) on the first search after an
article is added, in a folder of its own; the engine is handed the Searching over it and
the Lookups a search would give it (outlet names, paragraph texts, the shipped variants).
"""
from dataclasses import dataclass, field
from datetime import date

from search.engine.finding import Lookups, search_page
from search.engine.highlight import highlight
from search.index.paragraph_index import PlainArticle, build, searching_in
from search.types import SearchRequest


@dataclass
class Result:
    article: PlainArticle
    paragraphs: list                      # PlainParagraph, as the page shows them
    count: int                            # the article's matching paragraphs
    marks: object = None

    @property
    def html(self):
        """Each shown paragraph highlighted as the page shows it."""
        return [highlight(p.text, self.marks) for p in self.paragraphs]


@dataclass
class Page:
    response: object                      # search.types.SearchResponse, results empty
    results: list = field(default_factory=list)
    marks: object = None

    def headlines(self):
        return [r.article.headline for r in self.results]


class Paragraphs:
    def __init__(self, folder):
        self.folder, self.articles, self.paragraphs = folder, [], {}
        self.outlet_names = {}            # slug -> name
        self.lexicon = None               # a Lexicon (text/lexicon.py); None: the shipped one
        self._built = 0

    def article(self, headline, *paragraphs, outlet_name="Reuters",
                published=date(2024, 8, 14), authors="", precision="day", language="",
                notes=None):
        self.outlet_names[slug(outlet_name)] = outlet_name
        made = PlainArticle(len(self.articles) + 1, headline, list(paragraphs),
                            slug(outlet_name), published, precision, authors, language,
                            notes or {})
        self.articles.append(made)
        return made

    def run(self, q="", **options):
        """The engine's page for SearchRequest(q, **options), its ids read back."""
        folder = self._index()
        request = SearchRequest(q=q, **options)
        with searching_in(folder) as s:
            page = search_page(s, request, self.lookups())
        by_id = {a.id: a for a in self.articles}
        results = [Result(by_id[item.article], [self.paragraphs[c] for c in item.chunks if c],
                          item.count, page.marks) for item in page.items]
        return Page(page.response, results, page.marks)

    def lookups(self):
        return Lookups(dict(self.outlet_names),
                       lambda pks: {pk: self.paragraphs[pk].text for pk in pks
                                    if pk in self.paragraphs},
                       lexicon=self.lexicon)

    def _index(self):
        folder = self.folder / f"built-{len(self.articles)}"
        if self._built != len(self.articles):
            folder.mkdir(parents=True)
            self.paragraphs = build(folder, self.articles)
            self._built = len(self.articles)
        return folder


def slug(name):
    return name.lower().replace(" ", "-")
