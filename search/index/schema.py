"""The Whoosh schema: one document per paragraph (Chunk), plus one per article.

FIELD NAMES ARE A CONTRACT with the engine (search/engine/matching.py, finding.py) and the
columns it reads (columns.py): change one only with a note here.
(Change log: chunk, key, precision and hash became STORED-only, not searchable, to keep
indexing fast; numbers are indexed as one term each (shift_step); the `month` column,
written and never read, was dropped: an index built before still opens.)

Paragraph documents (kind "paragraph"), one per Chunk:
  id          ID, unique, stored     "c<chunk pk>"
  kind        ID, stored             "paragraph"
  chunk       STORED                 chunk pk (load the Chunk for display and highlighting:
                                     paragraph text is NOT stored in the index)
  key         STORED                 chunk key (permalink anchor #p-KEY)
  article     NUMERIC, stored, column   article pk
  position    NUMERIC, stored, column   paragraph position in the article (0-based)
  outlet      ID, stored, column     outlet slug
  published   NUMERIC, stored, column   yyyymmdd, 0 when the date is unknown
  precision   STORED                 "day" | "month" | "year" ("" when unknown)
  text        TEXT, phrases          the paragraph (search/engine/analysis.py: stemmed)
  headline    TEXT, phrases, field_boost HEADLINE_BOOST   the article's headline
  authors     TEXT (unstemmed)       the article's authors
  commentary  TEXT, phrases          PUBLIC commentary on this paragraph (never private)
  pairs       KEYWORD, scorable      adjacent analyzed term pairs of text, headline and
                                     commentary, e.g. "prime_minist" (never across fields),
                                     ONLY when both terms are common (analysis.is_paired):
                                     a two-word phrase whose pair is_paired is
                                     Term("pairs", a_b); otherwise use a Phrase (cheap then).
                                     Longer phrases: AND of their pairs, then verify with a
                                     Phrase on the real field if exactness matters.
  spell       KEYWORD, scorable      ARTICLE DOCUMENTS ONLY: the distinct plain words of
                                     the article's paragraphs, headline and public
                                     commentary (doc frequency = articles): correct
                                     misspellings against this field
                                     (reader.terms_within("spell", word, 2)).
  hash        STORED                 content hash of everything indexed (sync_index --check)
  lang        ID, stored, column     the paragraph's language (ISO 639-1; the article's
                                     own document: the article's), "" when not detected.
                                     text is analysed in it (engine/morphology.py),
                                     headline in the article's, commentary in its own.
  scripts     KEYWORD                ARTICLE DOCUMENTS ONLY: "key|term" for each Cyrillic
                                     term of the article (analysis.script_keys): its
                                     lexicon is how a Latin query word finds them
                                     (engine/scripts.py); its postings are never read.
  copies      COLUMN (136 fixed bytes)  PARAGRAPHS ONLY (zeros on article documents): the
                                     exact fingerprint and MinHash of the text
                                     (signatures.py); the engine's copy clusters, boilerplate
                                     and syndicated articles come from it (engine/copies.py)

Article documents (kind "article"), one per Article, so that commentary on the whole
article (and the headline of an article with no paragraphs) is searchable and its hit
leads to the article: id "a<article pk>", chunk 0, key "", position -1, text "",
commentary = the article's public article-level commentary (including commentary whose
paragraph was removed), headline/authors/outlet/dates as above.
So every paragraph document also matches headline: queries, and grouping by `article`
gathers a paragraph hit and an article-document hit into one result.

Sorting newest/oldest uses the `published` column; facets and filters read the
`article`, `outlet` and `published` columns once per index generation (columns.py).
"""
from whoosh import columns, fields

from .analyzer import NewsAnalyzer
from .signatures import SIGNATURE_BYTES

HEADLINE_BOOST = 2.0
# One index term per number instead of Whoosh's several "trie" terms: ranges over these
# fields are small (or done on per-document arrays), and postings cost indexing time.
ONE_TERM = 32
KIND_PARAGRAPH = "paragraph"
KIND_ARTICLE = "article"


def build_schema():
    news = NewsAnalyzer(stem=True)
    plain = NewsAnalyzer(stem=False)
    return fields.Schema(
        id=fields.ID(unique=True, stored=True),
        kind=fields.ID(stored=True),
        chunk=fields.STORED(),
        key=fields.STORED(),
        article=fields.NUMERIC(int, stored=True, sortable=True, shift_step=ONE_TERM),
        position=fields.NUMERIC(int, stored=True, sortable=True, shift_step=ONE_TERM),
        outlet=fields.ID(stored=True, sortable=True),
        published=fields.NUMERIC(int, stored=True, sortable=True, shift_step=ONE_TERM),
        precision=fields.STORED(),
        text=fields.TEXT(analyzer=news, phrase=True),
        headline=fields.TEXT(analyzer=news, phrase=True, field_boost=HEADLINE_BOOST),
        authors=fields.TEXT(analyzer=plain, phrase=True),
        commentary=fields.TEXT(analyzer=news, phrase=True),
        pairs=fields.KEYWORD(scorable=True),
        spell=fields.KEYWORD(scorable=True),
        hash=fields.STORED(),
        lang=fields.ID(stored=True, sortable=True),
        scripts=fields.KEYWORD(),
        copies=fields.COLUMN(columns.FixedBytesColumn(SIGNATURE_BYTES)),
    )
