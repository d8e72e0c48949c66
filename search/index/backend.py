"""The local backend: this host's Whoosh index and the engine over it.

`LocalBackend` is the SearchBackend of search/service/backend.py (the read side) and
`LocalReplica` its Replica (the write side, following the change log). Each method opens
the index for its own `with searching() as s:` block, calls one of the engine's entry
points and hands back plain data (search/types.py): ids, counts, flags, never a docnum.
The service reads the texts of those ids from the database.

What the engine needs from the reference tables (the archivists' spelling variants and
people and places, analysed) is built here once per ReferenceTables token.
"""
import logging

from django.conf import settings

from archive.models import Chunk

from ..engine import article_copies as copies_of
from ..engine.attention import attention as attention_series
from ..engine.budget import Budget
from ..engine.entities import entity, gazetteer, text_mentions
from ..engine.finding import (Lookups, chosen_page, matching_articles, paragraph_order,
                              query_marks, search_page)
from ..engine.highlight import MAX_CHARS, glosses_in, highlight
from ..engine.related import WINDOW_DAYS, other_outlets
from ..engine.translation import prepare as prepare_translation, shipped as shipped_lexicon
from ..engine.variants import from_rows
from ..text.analysis import terms
from ..text.lexicon import LexiconError, rows_concepts
from ..text.detection import detect
from ..text.english_forms import family_terms
from ..types import EntityRef, Gloss, MatchOrder, SearchRequest
from . import drain as log_drain, follow, outbox, rebuild as rebuilding, registry
from .cursor import live_position
from .memo import PROCESS
from .searcher import searching
from .signatures import fingerprint_number
from .status import index_status

FEATURES = frozenset({"copies", "entities", "suggestions", "attention", "related",
                      "boilerplate"})
ANALYSED = "reference tables analysed"      # its memo in the process's (memo.py)
log = logging.getLogger(__name__)
SAMPLE = "The language model is loaded once per process, on the first text it reads."


def paragraph_texts(chunk_ids):
    """{chunk pk: text}: what relaxed ranking re-reads of a few paragraphs."""
    return dict(Chunk.objects.filter(pk__in=chunk_ids).values_list("pk", "text"))


def analyse(tables):
    variants = from_rows(("reference", tables.token), list(tables.variant_groups))
    admins = tuple(entity(name, kind, spellings) for name, kind, spellings in tables.entities)
    return variants, admins, gazetteer(admins, variants), lexicon_of(tables.lexicon)


def lexicon_of(rows):
    """The shipped lexicon with the archivists' concepts. The admin refuses a malformed
    one; a row written past it (a restored backup, a shell) is left out and logged, not
    allowed to stop every search."""
    concepts = []
    for number, row in enumerate(rows, 1):
        try:
            concepts += rows_concepts([row], source=f"the admin's lexicon, row {number}")
        except LexiconError as error:
            log.warning("lexicon concept left out: %s", error)
    return shipped_lexicon().extended(concepts)


def lookups(analysed, tables, unlimited=False):
    """The engine's Lookups for one request, with its work budget; `analysed`: the
    (Variants, archivists' Entities, gazetteer, Lexicon) of `tables`."""
    variants, admins, _everyone, lexicon = analysed
    budget = Budget.unlimited() if unlimited else Budget.start(
        seconds=settings.SEARCH_BUDGET_SECONDS, max_terms=settings.SEARCH_MAX_EXPANDED_TERMS)
    return Lookups(outlet_names=tables.outlet_names, paragraph_texts=paragraph_texts,
                   variants=variants, budget=budget, boilerplate_verdicts=tables.verdicts,
                   entities=admins, lexicon=lexicon)


class LocalBackend:
    """Search over this host's index (search/service/backend.py SearchBackend)."""

    features = FEATURES

    # ---------------------------------------------------------------- what it is handed

    def analysed(self, tables):
        """(Variants, the archivists' Entities, the whole gazetteer, the Lexicon) of
        `tables`, kept in the process's memos by their token: analysing every spelling is
        the costly part, and the token changes with any of them."""
        return PROCESS.memo(ANALYSED, limit=2).get_or_make(tables.token,
                                                             lambda: analyse(tables))

    def lookups(self, tables, unlimited=False):
        return lookups(self.analysed(tables), tables, unlimited)

    # ---------------------------------------------------------------- searching

    def page(self, request, tables):
        with searching() as s:
            return search_page(s, request, self.lookups(tables))

    def order(self, request, tables, unlimited=False):
        with searching() as s:
            rows, marks, copies = paragraph_order(s, request, self.lookups(tables, unlimited))
        return MatchOrder(rows, marks, copies)

    def matching(self, request, tables):
        with searching() as s:
            return matching_articles(s, request, self.lookups(tables)).tolist()

    def chosen(self, request, tables, article_ids):
        with searching() as s:
            return chosen_page(s, request, self.lookups(tables), article_ids)

    def marks(self, q, variants, tables, translate=True):
        with searching() as s:
            return query_marks(s, q, variants, self.lookups(tables), translate)

    def highlight(self, text, marks, max_chars=MAX_CHARS):
        return highlight(text, marks, max_chars=max_chars)

    def glosses(self, texts, marks):
        return [Gloss(*gloss) for gloss in glosses_in(texts, marks)]

    def attention(self, request, compare, interval, normalize, tables):
        with searching() as s:
            return attention_series(s, request, compare, interval, normalize,
                                    self.lookups(tables))

    # ---------------------------------------------------------------- copies and stories

    def paragraph_copies(self, chunk, tables):
        with searching() as s:
            return copies_of.paragraph_copies(s, chunk, tables.verdicts)

    def article_copies(self, article, tables):
        with searching() as s:
            return copies_of.article_copies(s, article, tables.verdicts)

    def boilerplate(self, tables):
        with searching() as s:
            return copies_of.boilerplate_blocks(s, tables.verdicts)

    def fingerprint(self, text):
        return fingerprint_number(text)

    def related(self, article, texts, published, outlet, skip=(), window_days=WINDOW_DAYS):
        with searching() as s:
            return other_outlets(s, article, texts, published, outlet, skip=skip,
                                 window_days=window_days)

    # ---------------------------------------------------------------- people and places

    def entities(self, tables):
        return [EntityRef(e.slug, e.name, e.kind) for e in self.analysed(tables)[2]]

    def mentions(self, headline, paragraphs, tables, language=""):
        found = text_mentions(headline, paragraphs, self.analysed(tables)[2], language)
        return [EntityRef(e.slug, e.name, e.kind) for e in found]

    # ---------------------------------------------------------------- the index itself

    def languages(self):
        with searching() as s:
            return sorted(code for code in s.info.languages if code)

    def newest_article(self):
        with searching() as s:
            ids = s.info.article_array
            return int(ids.max()) if len(ids) else 0

    def status(self):
        return index_status()

    def warm(self, tables):
        """Load what a new worker's first requests would: the language model, the
        lexicon and dictionaries that translate a query (about a second), the searcher,
        the generation's columns and copies (a page of the newest articles). Returns
        the generation's number of documents."""
        detect(SAMPLE, languages=settings.ARCHIVE_LANGUAGES)
        terms(SAMPLE)                   # the English stemmer (NLTK's: 0.4 s to load)
        prepare_translation()
        family_terms("sank")            # the English forms' tables (0.1 s to read)
        self.page(SearchRequest(), tables)
        with searching() as s:
            return s.info.doc_count


class LocalReplica:
    """This host's index following the change log (search/service/backend.py Replica)."""

    def position(self):
        return live_position()

    def lag(self):
        return registry.own_lag(self.position())

    def every_lag(self):
        return registry.every_lag()

    def catch_up(self, timeout=log_drain.LOCK_TIMEOUT, build=False):
        return log_drain.drain(timeout=timeout, build=build)

    def follow_soon(self):
        follow.follow_soon()

    def follow(self, interval, should_stop, report=None):
        follow.follow_forever(interval, should_stop, report)

    def rebuild(self, progress=None, procs=rebuilding.REBUILD_PROCS):
        return rebuilding.rebuild(progress=progress, procs=procs)

    def deferred(self, batch_seconds=None):
        return outbox.deferred(batch_seconds)
