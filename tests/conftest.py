"""Shared fixtures: every test runs against its own temporary database and index folder."""
import pytest


@pytest.fixture(autouse=True)
def index_dir(settings, tmp_path):
    """A fresh, empty search index folder for each test."""
    path = tmp_path / "index"
    settings.SEARCH_INDEX_DIR = path
    return path
