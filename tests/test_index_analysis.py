"""The news analyzer: the same words match however they are typed."""
import pytest
from whoosh.qparser import QueryParser

from search.index.drain import drain
from search.text.analysis import terms, word_pairs
from search.index.searcher import searching

pytestmark = pytest.mark.django_db


def found(q, field="text"):
    with searching() as s:
        parsed = QueryParser(field, s.searcher.schema).parse(q)
        return len(s.searcher.search(parsed, limit=None))


def test_it_treats_straight_and_curly_apostrophes_alike():
    assert terms("Kyiv's") == terms("Kyiv’s") == terms("Kyiv") == ["kyiv"]
    assert terms("Pokrovs'k") == terms("Pokrovsk")


def test_it_folds_accents_and_case_and_stems():
    assert terms("ZAPORÍZHZHIA") == terms("Zaporizhzhia")
    assert terms("governments") == terms("government")


def test_it_keeps_us_and_may_which_generic_stop_lists_drop():
    assert terms("the US in May") == ["us", "may"]


def test_it_pairs_only_adjacent_common_terms():
    assert word_pairs("the Prime Minister of Ukraine") == ["prime_minist", "minist_ukrain"]
    assert word_pairs("Kursk Oblast") == []


def test_it_finds_phrases_across_stop_words_and_apostrophes(make_article):
    make_article("The Bank of England raised rates. Kyiv’s mayor spoke.")
    make_article("The bank said England would not.")
    drain()
    assert found('"Bank of England"') == 1
    assert found('"kyiv\'s mayor"') == 1
    assert found("zaporizhzhia OR kyiv") == 1


def test_it_searches_headlines_authors_and_pair_terms(make_article):
    make_article("The Prime Minister spoke.", headline="Zelenskyy in Kharkiv",
                 authors="Olena Harmash")
    drain()
    assert found("headline:kharkiv") == 2        # the paragraph and the article document
    assert found("authors:harmash") == 2
    assert found("pairs:prime_minist") == 1


def test_it_offers_real_words_for_spelling_suggestions(make_article):
    make_article("The government announced new sanctions.")
    drain()
    with searching() as s:
        assert "government" in s.searcher.reader().terms_within("spell", "goverment", 2)


def test_it_folds_accents_by_the_table_the_index_was_always_built_with():
    from whoosh.support.charset import accent_map

    from search.text.analysis import APOSTROPHES, _FOLD

    expected = dict(accent_map)
    expected.update({ord(ch): None for ch in APOSTROPHES})
    assert _FOLD == expected


def test_it_stems_english_as_whoosh_did_so_no_index_needs_rebuilding():
    from whoosh.lang import stemmer_for_language

    from search.text.analysis import stem

    whooshs = stemmer_for_language("en")
    words = ["added", "organization", "evening", "geologists", "international", "paste",
             "vying", "universities", "emergency", "later", "shelling", "negotiations"]
    assert [stem(w) for w in words] == [whooshs(w) for w in words]


def test_an_index_written_before_the_analyzer_moved_still_opens(tmp_path, monkeypatch):
    import sys
    import types

    from whoosh import index as whoosh_index

    from search.index import analyzer, whoosh_patches
    from search.index.schema import build_schema

    old_place = types.ModuleType("search.engine.analysis")     # where it was pickled from
    old_place.NewsAnalyzer = analyzer.NewsAnalyzer
    with monkeypatch.context() as before:
        before.setitem(sys.modules, "search.engine.analysis", old_place)
        before.setattr(analyzer.NewsAnalyzer, "__module__", "search.engine.analysis")
        whoosh_index.create_in(str(tmp_path), build_schema())
    assert b"search.engine.analysis" in next(tmp_path.glob("*.toc")).read_bytes()
    whoosh_patches.apply()
    schema = whoosh_index.open_dir(str(tmp_path)).schema
    assert type(schema["text"].analyzer) is analyzer.NewsAnalyzer
