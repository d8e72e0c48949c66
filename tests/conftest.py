"""Shared fixtures: every test runs against its own temporary database and index folder."""
import pytest


@pytest.fixture(autouse=True)
def index_dir(settings, tmp_path):
    """A fresh, empty search index folder for each test, and no searcher left from another."""
    from search.index.searcher import POOL

    path = tmp_path / "index"
    settings.SEARCH_INDEX_DIR = path
    POOL.reset()
    yield path
    POOL.reset()


@pytest.fixture(autouse=True)
def no_counted_attempts():
    """Rate limits start from nothing in each test (archive/saved/limits.py)."""
    from django.core.cache import caches

    caches["limits"].clear()


@pytest.fixture
def make_article(db):
    """Create an article (and its outlet) from a body; paragraphs split on blank lines.

    In a plain django_db test on_commit hooks do not run, so the outbox is not drained:
    call search.index.drain.drain() (or use django_capture_on_commit_callbacks) to index.
    """
    from archive.models import Article, Outlet

    def make(body, headline="A headline", outlet="Kyiv Independent", **fields):
        outlet_obj, _ = Outlet.objects.get_or_create(name=outlet)
        return Article.objects.create(outlet=outlet_obj, headline=headline, body=body, **fields)

    return make
