"""Hostile files into the importer: a clear message for what cannot be imported, and
nothing half-imported (every article in the database is whole: its paragraphs match its body)."""
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive.chunking import split_body
from archive.importers import Defaults, import_paths
from archive.models import Article, Chunk
from tests import hostile  # noqa: F401  (loads the Hypothesis profile)

pytestmark = pytest.mark.django_db

GOOD = {"title": "Drones over Kursk", "outlet": "Reuters", "published": "2024-08-14",
        "body": "Drones struck a depot.\n\nKyiv said the defences held."}


def import_file(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    seen = []
    summary = import_paths([str(path)], Defaults(outlet="Test Wire"), on_outcome=seen.append)
    return summary, seen


def assert_nothing_half_imported(summary, seen):
    assert Article.objects.count() == summary.created
    for outcome in seen:
        if outcome.status == "failed":
            assert outcome.message.strip(), outcome
            assert outcome.article_id is None
    for article in Article.objects.all():
        texts = list(article.chunks.order_by("position").values_list("text", flat=True))
        assert texts == [b.text for b in split_body(article.body)], article.pk
    assert not Chunk.objects.exclude(article__in=Article.objects.all()).exists()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)
json_lines = st.lists(
    st.fixed_dictionaries({}, optional={k: json_values | st.text(max_size=200) for k in GOOD}).map(json.dumps)
    | st.just(json.dumps(GOOD))
    | st.text(max_size=80)
    | st.binary(max_size=80).map(lambda b: b.decode("latin-1")),
    max_size=6,
)


@given(lines=json_lines)
def test_it_imports_whole_articles_or_says_why_from_any_json_lines(tmp_path_factory, lines):
    Article.objects.all().delete()
    summary, seen = import_file(tmp_path_factory.mktemp("jl"), "in.jsonl",
                                "\n".join(lines).encode("utf-8", "surrogatepass"))
    assert_nothing_half_imported(summary, seen)


@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".md", ".jsonl"]))
def test_it_survives_any_bytes(tmp_path_factory, data, suffix):
    Article.objects.all().delete()
    summary, seen = import_file(tmp_path_factory.mktemp("bin"), "in" + suffix, data)
    assert_nothing_half_imported(summary, seen)


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", "empty file"),
    ("blank.md", b"  \n\n \t\n", "empty file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
    ("report.md", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    ("windows.txt", "Drones «struck» the depot — officials said.".encode("cp1252", "replace"), "not UTF-8"),
    ("utf16.txt", "Drones struck.".encode("utf-16-le"), "binary"),
    ("huge.txt", b"word " * 1_100_000, "too large"),
])
def test_it_names_what_is_wrong_with_a_file(tmp_path, name, data, message):
    summary, seen = import_file(tmp_path, name, data)
    assert summary.failed == 1 and summary.created == 0
    assert message in seen[0].message
    assert_nothing_half_imported(summary, seen)


def test_it_imports_the_good_lines_around_broken_ones(tmp_path):
    lines = [json.dumps(GOOD), '{"title": "cut off', json.dumps({**GOOD, "body": 42}),
             "[" * 100_000, json.dumps({**GOOD, "title": "x" * 600, "url": "https://e.org/2", "body": "A third text."}),
             json.dumps({**GOOD, "title": "Second", "body": "Another text.", "url": "https://e.org/3"})]
    summary, seen = import_file(tmp_path, "mixed.jsonl", "\n".join(lines).encode())
    # A 600-character title is shortened (and said so), not a reason to lose the article.
    assert (summary.created, summary.failed) == (3, 3)
    failures = {o.source.rsplit(" ", 1)[-1]: o.message for o in seen if o.status == "failed"}
    assert set(failures) == {"2", "3", "4"}
    assert "not valid JSON" in failures["2"] and "body must be text" in failures["3"]
    assert "headline of 600 characters shortened" in seen[4].warnings[0]
    assert_nothing_half_imported(summary, seen)


def test_it_imports_an_enormous_paragraph_whole(tmp_path):
    body = "Drones struck the depot again and again. " * 90_000  # one 3.7 MB paragraph
    summary, seen = import_file(tmp_path, "long.jsonl", json.dumps({**GOOD, "body": body}).encode())
    assert summary.created == 1 or "too" in seen[0].message
    assert_nothing_half_imported(summary, seen)
