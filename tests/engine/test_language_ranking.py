"""Ranking that respects the reader's language: the query's own language first, the
others beside it by merit, not in a block above or below it."""
import numpy
import pytest

from search.engine.language_ranking import LEVEL, level, query_languages
from search.engine.parsing import parse


def kherson_archive(archive):
    for i in range(3):
        archive.article(f"English {i}", "Kherson, Kherson: shelling of Kherson again. "
                        f"Kherson officials reported damage in Kherson district {i}.",
                        language="en")
    archive.article("Ukrainian", "Херсон знову під обстрілом, повідомила обласна "
                    "адміністрація.", language="uk")


def test_a_cyrillic_query_ranks_cyrillic_reporting_first(archive):
    kherson_archive(archive)
    page = archive.run("Херсон")
    assert page.headlines()[0] == "Ukrainian"
    assert page.response.total_articles == 4       # a boost, not a filter


def test_an_english_query_keeps_its_own_language_first_at_equal_merit(archive):
    kherson_archive(archive)
    assert archive.run("Kherson").headlines()[-1] == "Ukrainian"


def test_translated_matches_are_not_stacked_above_the_english_ones(archive):
    archive.article("English", "Drones attacked the port overnight, officials said.",
                    language="en")
    for i in range(3):
        archive.article(f"Russian {i}", f"Беспилотники, беспилотники, беспилотники: "
                        f"дроны атаковали район {i}.", language="ru")
    assert archive.run("drones").headlines()[0] == "English"


def test_the_query_s_languages_come_from_its_words():
    assert query_languages(parse("drone attack").node) == ("en",)
    assert query_languages(parse("обстріл").node) == ("uk",)
    assert query_languages(parse("обстріл Херсона").node) == ("uk", "ru")   # Херсона: both
    assert query_languages(parse("беспилотник").node) == ("ru",)
    assert query_languages(parse("дрон").node) == ("uk", "ru")
    assert query_languages(parse("Kyiv -дрон").node) == ("en",)      # not what is excluded
    assert query_languages(parse("from:2024").node) == ()


@pytest.mark.parametrize("seed", range(12))
def test_a_languages_level_is_the_mean_of_its_best_scores_at_any_size(seed):
    # What a first page of one language's matches scores, however many they are (a
    # common word's matches are partitioned from a bound, not all of them).
    rng = numpy.random.default_rng(seed)
    scores = rng.random(int(rng.integers(1, 120_000)))
    if seed % 3 == 0:
        scores = numpy.round(scores * 4)          # few values: ties at the tenth best
    elif seed % 3 == 1:
        scores[: len(scores) // 2] = 0.0         # half of them not scored
    best = numpy.sort(scores)[-min(LEVEL, len(scores)):]
    assert level(scores) == pytest.approx(best.mean(), rel=1e-12)
