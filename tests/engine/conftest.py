"""The engine's tests: a real local index of plain paragraphs, no Django, no database.

They run in the whole suite, and alone without Django at all:
    .venv/bin/python -m pytest -p no:django tests/engine
"""
import pytest

from tests.engine.paragraphs import Paragraphs


@pytest.fixture(autouse=True)
def index_dir(tmp_path):
    """Overrides the suite's (which sets Django's SEARCH_INDEX_DIR): a plain folder."""
    return tmp_path / "index"


@pytest.fixture
def archive(index_dir):
    """Articles of plain paragraphs, indexed by the index layer's own writer on first search."""
    return Paragraphs(index_dir)
