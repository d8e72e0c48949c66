"""Hostile queries straight into the parser and the engine: never an error, always a reading."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.engine.parsing import parse
from tests import hostile
from tests.search_archive import run
from tests.hostile import readable

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    hostile.small_archive()


@given(text=hostile.queries)
def test_it_parses_any_text_without_raising(text):
    parsed = parse(text)
    # What the page shows ("Read as ...", its notices) is printable text.
    assert readable(parsed.interpreted)
    assert all(n and readable(n) for n in parsed.notices)


@given(text=hostile.queries, group=st.sampled_from(["article", "paragraph"]),
       sort=st.sampled_from(["relevance", "newest", "oldest"]), variants=st.booleans())
def test_it_searches_any_text_without_raising(archive, text, group, sort, variants):
    response = run(text, group=group, sort=sort, variants=variants)
    limit = response.total_articles if group == "article" else response.total_paragraphs
    assert len(response.results) <= limit
    for result in response.results:
        for hit in result.paragraphs:
            assert "<script" not in hit.html


@pytest.mark.parametrize("text", hostile.FRAGMENTS)
def test_it_reads_each_syntax_fragment_alone(archive, text):
    response = run(text)
    assert readable(response.interpreted)
    assert len(response.results) <= response.total_articles
