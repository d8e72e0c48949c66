"""One synonym set per query word: its spellings and translations weigh as one word."""
import numpy
import pytest

from search.engine import scoring
from search.engine.synonyms import pseudo_postings, summed, synonyms, term
from search.index.paragraph_index import searching_in


def test_a_word_written_many_ways_does_not_outweigh_the_other_words(archive):
    archive.article("One word, three spellings",
                    "Zelensky, Zelenskyy and Zelenskiy: three spellings in one report.",
                    language="en")
    archive.article("Both words", "Zelensky spoke about grain exports.", language="en")
    archive.article("Filler", "Ports reopened. " * 3, language="en")
    page = archive.run("Zelensky OR grain")
    assert page.headlines()[0] == "Both words"


def test_a_translated_word_weighs_what_it_weighs_in_its_own_language(archive):
    # Two paragraphs equally about the subject, one in English, one in Ukrainian: the
    # translation's several terms do not make the Ukrainian one weigh more.
    archive.article("English", "Drones, drones and more drones over the city.", language="en")
    archive.article("Ukrainian", "Дрони, безпілотники і ще раз дрони над містом.",
                    language="uk")
    page = archive.run("drones")
    assert page.headlines()[0] == "English"


def test_a_sets_frequency_is_the_sum_of_its_members_and_its_documents_their_union(archive):
    archive.article("A", "Kyiv and Kiev.", language="en")
    archive.article("B", "Kiev only.", language="en")
    archive.article("C", "Kyiv only.", language="en")
    archive.run("kyiv")            # builds the index
    with searching_in(archive._index()) as s:
        ids, tf = pseudo_postings(s, synonyms("text", [("kyiv",), ("kiev",)]))
        kyiv = s.postings("text", "kyiv")
        kiev = s.postings("text", "kiev")
        assert len(ids) == 3 == len(set(kyiv.ids) | set(kiev.ids))
        both = [d for d in ids if d in set(kyiv.ids) & set(kiev.ids)]
        assert tf[list(ids).index(both[0])] == 2
        # a set of one term is scored as that term always was
        single, _ = scoring.contributions(s, term("text", "kyiv"))
        assert list(single) == list(kyiv.ids)


@pytest.mark.parametrize("seed", range(16))
def test_a_sets_lists_are_summed_alike_however_sparse(seed):
    # Few docnums spread wide are merged in order, many are added into a table: both give
    # each docnum once, ascending, with its members' weights summed in member order.
    rng = numpy.random.default_rng(seed)
    span = int(rng.integers(100, 1_000_000))
    parts = []
    for _ in range(int(rng.integers(2, 6))):
        ids = numpy.sort(rng.choice(span, int(rng.integers(1, min(span, 60_000))), replace=False))
        parts.append((ids.astype(numpy.int32), rng.random(len(ids)) * 4))
    expected = {}
    for ids, weights in parts:
        for d, w in zip(ids.tolist(), weights.tolist()):
            expected[d] = expected.get(d, 0.0) + w
    ids, weights = summed(parts)
    assert ids.tolist() == sorted(expected)
    assert weights.tolist() == [expected[d] for d in sorted(expected)]
