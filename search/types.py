"""Plain data passed between the search layers and to the views.

`SearchRequest` is what a visitor asked for, already validated (search/service/reading.py).
`SearchResponse` is everything a page, the JSON API or an export needs to show it.
Only the `html` fields carry markup, and that markup is escaped text plus our `<mark>`.
"""
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

SORTS = ("relevance", "newest", "oldest")
GROUPS = ("article", "paragraph")
WITHIN = ("paragraph", "article")     # every word in one of these; "" (default): graded
PER_PAGE_CHOICES = (10, 20)
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    outlets: tuple[str, ...] = ()          # slugs, OR-ed together
    exclude_outlets: tuple[str, ...] = ()  # slugs
    date_from: date | None = None          # inclusive
    date_to: date | None = None            # inclusive
    undated: bool = False                  # only articles whose date is not known
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    group: str = "article"
    variants: bool = True
    translate: bool = True                 # also search the query's translations (lexicon)
    languages: tuple[str, ...] = ()        # ISO 639-1 codes of the articles, OR-ed together
    boilerplate: bool = False              # count outlets' boilerplate paragraphs as matches
    # Only articles added after the article with this id (ids grow as articles are added):
    # what is new for a saved search since it was last seen (archive/saved/). Not a URL
    # parameter of the public pages.
    after_article: int = 0
    people: tuple[str, ...] = ()           # entity slugs (engine/entities.py), AND-ed
    places: tuple[str, ...] = ()
    exclude_people: tuple[str, ...] = ()
    exclude_places: tuple[str, ...] = ()
    # "": graded (every word first, then most of them); "paragraph" or "article": only
    # what has every word in one paragraph, or in one article (engine/relaxing.py)
    within: str = ""


@dataclass(frozen=True)
class ArticleRef:
    id: int
    headline: str
    outlet_slug: str
    outlet_name: str
    authors: str
    published: date | None
    precision: str        # "day" | "month" | "year"
    url: str
    permalink: str        # path of the article page
    added: datetime | None = None      # when it entered the archive
    changed: datetime | None = None    # its last change (feeds' <updated>)
    language: str = ""    # ISO 639-1 code of the article's language
    copies: tuple = ()    # pks of its syndicated copies (exports; pages use ArticleResult)


@dataclass(frozen=True)
class CopyRef:
    """Another article holding a copy (of a paragraph, or of the whole article)."""
    id: int
    headline: str
    outlet_slug: str
    outlet_name: str
    published: date | None
    permalink: str


@dataclass(frozen=True)
class ParagraphHit:
    id: str               # the chunk's stable key
    position: int
    heading: str
    html: str             # escaped text with <mark> around matched words, trimmed if long
    permalink: str        # article path + "#p-KEY"
    text: str = ""        # the whole paragraph, plain (exports)
    language: str = ""    # ISO 639-1 code of the paragraph's language
    fingerprint: str = ""         # exact fingerprint of its normalised text (16 hex digits)
    cluster: str = ""             # its near-duplicate cluster (16 hex digits; "" for none)
    boilerplate: bool = False     # its outlet's boilerplate
    also_in: list = field(default_factory=list)   # CopyRefs: the first articles with a copy
    also_in_count: int = 0        # every other article with a copy of it
    copies_url: str = ""          # the page listing them


@dataclass(frozen=True)
class CommentaryHit:
    id: int
    html: str
    paragraph_id: str | None   # chunk key, None for commentary on the whole article
    text: str = ""             # the whole commentary, plain (exports)


@dataclass(frozen=True)
class ExportMatch:
    """One row of an export: a matching paragraph, or an article matched with none
    (its headline alone and an empty body, or its commentary on the whole article)."""
    article: ArticleRef
    paragraph: ParagraphHit | None
    commentary: list[CommentaryHit]   # public commentary the query matched, on this
                                      # paragraph (and, on the article's first row,
                                      # on the whole article)


@dataclass(frozen=True)
class ArticleResult:
    article: ArticleRef
    matching_paragraphs: int
    paragraphs: list[ParagraphHit]
    commentary: list[CommentaryHit]
    headline_html: str = ""    # the headline escaped and marked ("" : show it plain)
    folded: list = field(default_factory=list)    # CopyRefs of the results folded into it
    copies: list = field(default_factory=list)    # CopyRefs of its syndicated copies
    shown_above: CopyRef | None = None  # its matching paragraphs are all shown above, here
    glosses: list = field(default_factory=list)   # Glosses of the translated terms marked


@dataclass(frozen=True)
class OutletCount:
    slug: str
    name: str
    count: int
    selected: bool
    excluded: bool


@dataclass(frozen=True)
class LanguageCount:
    code: str             # ISO 639-1, "" when not detected
    name: str             # "Ukrainian"
    count: int            # articles
    selected: bool


@dataclass(frozen=True)
class DateBucket:
    bucket: str           # "YYYY" or "YYYY-MM"
    count: int
    start: date           # first day of the bucket
    end: date             # last day of the bucket


@dataclass(frozen=True)
class EntityCount:
    slug: str
    name: str
    count: int            # matching articles that mention the person or place
    selected: bool
    excluded: bool


@dataclass(frozen=True)
class Facets:
    outlets: list[OutletCount]
    published: list[DateBucket]
    granularity: str      # "year" | "month"
    undated: int = 0      # articles whose date is not known (no bucket of `published`)
    languages: list[LanguageCount] = field(default_factory=list)
    people: list[EntityCount] = field(default_factory=list)
    places: list[EntityCount] = field(default_factory=list)


@dataclass(frozen=True)
class AddedLanguage:
    """What the query's translation added in one language (engine/translation.py)."""
    code: str             # ISO 639-1: "uk"
    name: str             # "Ukrainian"
    terms: list[str]      # the lexicon's terms that found something: ["дрон", "безпілотник"]
    articles: int         # matching articles (after the filters) those terms found


@dataclass(frozen=True)
class Gloss:
    """A translated term marked in a result, with its English meaning: дрон = drone."""
    term: str             # as the lexicon writes it
    meaning: str          # its concept's English label
    language: str = ""    # the term's (ISO 639-1)


@dataclass(frozen=True)
class Suggestion:
    q: str
    count: int            # articles the suggested query would find


@dataclass
class SearchResponse:
    request: SearchRequest
    interpreted: str              # how the query was read, for people
    notices: list[str] = field(default_factory=list)   # e.g. "No paragraph has all the words ..."
    relaxed: bool = False         # all-words found nothing; any-word ranking was used
    variants_used: list[str] = field(default_factory=list)
    scripts_used: list[str] = field(default_factory=list)   # "Cyrillic", "Latin": of the variants
    # The query's own languages (ISO 639-1, from its words' letters and dictionaries), and
    # what its translation added in each other one (empty when the request asked for
    # its own languages only, or nothing was translated).
    query_languages: list[str] = field(default_factory=list)
    translations: list[AddedLanguage] = field(default_factory=list)
    total_articles: int = 0
    total_paragraphs: int = 0
    page: int = 1
    pages: int = 0
    results: list[ArticleResult] = field(default_factory=list)
    facets: Facets | None = None
    suggestion: Suggestion | None = None
    folded: int = 0               # results not shown because they are copies of one shown
    boilerplate_hidden: int = 0   # matching paragraphs left out as outlets' boilerplate
    # of total_articles: those with every word (in one paragraph, or across the article)
    # and those with only some of them (a graded query's near misses)
    all_words_articles: int = 0
    some_words_articles: int = 0


# ---------------------------------------------------------------- attention over time

INTERVALS = ("day", "week", "month")
NORMALIZATIONS = ("count", "share")


@dataclass(frozen=True)
class AttentionPoint:
    bucket: str           # "YYYY-MM-DD" (a day, or the Monday a week starts) or "YYYY-MM"
    count: int            # matching articles in the bucket
    share: float | None   # count / all the line's outlets' articles then (None: none then)
    start: date
    end: date


@dataclass(frozen=True)
class AttentionSeries:
    query: str
    outlet: str | None    # slug, or None for every outlet the request allows
    label: str            # what a person reads in the legend
    points: list[AttentionPoint]

    @property
    def total(self):
        return sum(p.count for p in self.points)


@dataclass
class Attention:
    interval: str
    normalize: str
    series: list[AttentionSeries] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    undated: int = 0      # matching articles with no known date: on no line


# ---------------------------------------------------------------- across the backend seam
# What a SearchBackend (search/service/backend.py) answers: ids, counts and flags, never a
# docnum or an object of the index's library; the service reads the texts by these ids.

class IndexUnavailable(Exception):
    """The search index cannot be used; str(error) says why and what to run (the server
    log and the command line); `public` is what a visitor may be told."""

    REBUILD_HINT = "Run: python manage.py rebuild_index"
    public = "The search index cannot be read at the moment."

    def __init__(self, reason):
        self.reason = reason
        super().__init__(f"{reason} {self.REBUILD_HINT}")


@dataclass
class Marks:
    """What to mark: single terms anywhere, and term sequences where they are adjacent
    (the backend's own terms: only the backend that made them marks a text with them)."""
    words: set = field(default_factory=set)
    phrases: list = field(default_factory=list)
    # translated terms (term tuples) -> (the lexicon's text, its English label, its
    # language): glossed beside the results (engine/highlight.py glosses_in)
    glosses: dict = field(default_factory=dict)

    def __bool__(self):
        return bool(self.words or self.phrases)


@dataclass(frozen=True)
class Shown:
    """A paragraph shown on the page, with what the index knows of its copies."""
    chunk: int                      # chunk pk
    fingerprint: int                # exact fingerprint of its text, 0: no words
    cluster: int                    # its near-duplicate cluster's key, 0: none
    boilerplate: bool               # its outlet's boilerplate (shown only when asked)
    also_in: list                   # pks of the other articles holding a copy of it


@dataclass(frozen=True)
class PageItem:
    article: int                    # article pk
    chunks: list                    # chunk pks of the paragraphs to show, reading order
    count: int                      # the article's matching paragraphs
    shown: list = field(default_factory=list)     # Shown, one per chunk of `chunks`
    folded: list = field(default_factory=list)    # pks of results folded into this one
    copies: list = field(default_factory=list)    # pks of its syndicated copies (archive)
    shown_above: int | None = None  # every paragraph is shown above, by this article


@dataclass
class IdPage:
    """One page as ids: the response without its results (the service reads and marks
    them), the page's items in order, and what the query marks."""
    response: SearchResponse
    items: list                     # PageItems, in page order
    marks: Marks


@dataclass(frozen=True)
class ExportCopies:
    """What an export says of copies, so a researcher can de-duplicate the download."""
    paragraphs: dict                # chunk pk -> (fingerprint, cluster key, boilerplate)
    stories: dict                   # article pk -> [pks of its syndicated copies]


@dataclass(frozen=True)
class MatchOrder:
    """Every match of a request, in its order, as ids (exports, reference lists)."""
    rows: list                      # [(article pk, [chunk pks of its matching paragraphs,
                                    #   reading order])]; [] for an article matched with none
    marks: Marks
    copies: ExportCopies


@dataclass(frozen=True)
class ParagraphCopies:
    chunk: int                 # chunk pk
    cluster: int               # cluster key (0: none)
    boilerplate: bool
    also_in: list              # pks of the other articles holding a copy


@dataclass(frozen=True)
class CopyDifference:
    article: int               # the other copy's pk
    only_here: list            # chunk pks of this article that the copy lacks
    only_there: list           # chunk pks of the copy that this article lacks


@dataclass
class ArticleCopies:
    paragraphs: dict = field(default_factory=dict)    # chunk pk -> ParagraphCopies
    copies: list = field(default_factory=list)        # CopyDifference, one per copy


@dataclass(frozen=True)
class BoilerplateBlock:
    """One outlet's repeated text, as the admin lists it."""
    outlet: str                # outlet slug
    chunk: int                 # chunk pk of one paragraph of it (the first indexed)
    fingerprint: int           # that paragraph's exact fingerprint (what a verdict names)
    articles: int              # the outlet's articles holding it
    detected: bool             # what the detection rule says
    boilerplate: bool          # after the archivist's verdicts


@dataclass(frozen=True)
class EntityRef:
    """A person or place of the gazetteer."""
    slug: str
    name: str
    kind: str                  # "person" | "place"


@dataclass(frozen=True)
class ReferenceTables:
    """The archive's small reference tables as plain rows, handed to the backend with each
    call; `token` changes whenever one of them does (a backend may keep what it builds
    from them under it)."""
    token: str | None
    outlet_names: dict         # slug -> name, in the outlets' order
    variant_groups: tuple      # (kind, (spelling, ...)): the archivists' spelling variants
    verdicts: dict             # (outlet slug, fingerprint) -> is boilerplate
    entities: tuple            # (name, kind, (spelling, ...)): the archivists' gazetteer rows
    lexicon: tuple = ()        # (domain, ("en:drone", "uk:дрон", ...)): the archivists' concepts


@dataclass(frozen=True)
class IndexStatus:
    ok: bool
    message: str
    documents: int           # documents in the index (paragraphs + one per article)
    outbox_backlog: int      # log rows committed after this index's position
    generation: str          # the live index's generation, e.g. "gen-3" ("" when none)
    name: str = ""           # this host's INDEX_NAME
    position: int = 0        # this index's position in the change log
    lag_seconds: float = 0.0  # age of the oldest change it has not applied
    # What is wrong in words for anyone ("cannot be written: the disk is full"): no
    # folders, no commands; "unavailable: ..." when it cannot be read. "" when ok.
    cause: str = ""

    def as_dict(self):
        return asdict(self)


@dataclass(frozen=True)
class IndexLag:
    name: str
    position: int
    generation: str
    last_drain: object          # datetime, or None
    rows_behind: int            # log rows after its position
    seconds_behind: float       # age of the oldest of them (0 when none)
    head: int = 0               # the newest of them (0 when none)
    log: object = None          # the log's end, horizon and epoch, read with them (a
                                # changelog.LogState of the archive's change log)
