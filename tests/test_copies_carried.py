"""Right after an edit, searches use the copies carried over from the generation before,
and those are what finding them afresh gives, until the exact ones replace them.

On a large archive (copies.CARRY_FROM documents) finding the copies of a new generation
takes seconds, so they are found in the background; these tests lower the bar to this
small archive, and hold the background job where they need to look in between."""
from datetime import date

import numpy
import pytest

from archive.models import Article
from search.engine import copies
from search.index import generation
from search.index.memo import LRU
from search.index.searcher import POOL, searching
from tests.search_archive import article, index, run

pytestmark = pytest.mark.django_db

TELEGRAM = ("JOIN US ON TELEGRAM! Get the latest analysis of the war first: subscribe to "
            "our channel and share it with your friends.")
WIRE = ["Ukrainian forces pushed deeper into the Kursk region on Tuesday, according to "
        "officials in Kyiv who spoke on condition of anonymity about the operation.",
        "Russian authorities evacuated thousands of residents from border villages as "
        "fighting spread and drones struck a fuel depot near the regional capital.",
        "The incursion is the largest foreign attack on Russian soil since the Second "
        "World War, analysts said, and has forced Moscow to move reserves north."]


@pytest.fixture
def held(monkeypatch):
    """Carry copies in this small archive, and keep the background jobs for the test."""
    monkeypatch.setattr(copies, "CARRY_FROM", 0)
    jobs = []
    monkeypatch.setattr(POOL.background, "submit", lambda key, job: jobs.append(job))
    return jobs


@pytest.fixture
def collection(db):
    made = {"wire": article("Ukraine advances into Kursk", *WIRE),
            "bbc": article("Ukraine pushes into Russia", *WIRE, outlet_name="BBC")}
    for i in range(4):
        made[f"meer{i}"] = article(f"Meer analysis {i}", f"Meer's own analysis number {i} of "
                                   f"the front near Pokrovsk, day {i}.", TELEGRAM,
                                   outlet_name="Meer", published=date(2024, 11, 1 + i))
    index()
    run("kursk")            # the first generation's copies, found here and now
    return made


def partition(found, info):
    """The clusters as sets of (article, paragraph text fingerprint), live texts only."""
    groups = {}
    for d in numpy.flatnonzero(found.clusters.cluster >= 0).tolist():
        groups.setdefault(int(found.clusters.cluster[d]), set()).add(
            (int(info.article_array[d]), int(info.fingerprint[d])))
    return sorted(sorted(g) for g in groups.values())


def carried_and_exact():
    with searching() as s:
        carried = copies.copies_for(s)
        assert s.memo("copies", limit=8).get(frozenset()) is carried
        exact = copies.exact_copies(LRU(1), s.info, {})
        return carried, exact, s.info


def assert_same_copies(carried, exact, info):
    assert partition(carried, info) == partition(exact, info)
    for d in numpy.flatnonzero(exact.clusters.cluster >= 0).tolist():
        members = {int(m) for m in exact.clusters.members(int(exact.clusters.cluster[d]))}
        assert {int(m) for m in carried.clusters.members(int(carried.clusters.cluster[d]))} \
            == members
    assert (carried.boilerplate == exact.boilerplate).all()
    assert (carried.detected == exact.detected).all()
    for pk in Article.objects.values_list("pk", flat=True):
        assert sorted(carried.story_members(pk)) == sorted(exact.story_members(pk))


def test_a_new_article_with_an_outlets_boilerplate_has_it_folded_at_once(collection, held):
    article("Meer analysis 5", "A new analysis of the front near Kupiansk.", TELEGRAM,
            outlet_name="Meer", published=date(2024, 11, 9))
    index()
    response = run("telegram")
    assert held, "the exact copies are left to the background"
    assert response.total_paragraphs == 0          # an outlet's boilerplate is left out
    assert run("telegram", boilerplate="on").total_articles == 5
    assert_same_copies(*carried_and_exact())


def test_an_edited_article_keeps_its_copies_and_a_new_paragraph_is_its_own(collection, held):
    bbc = collection["bbc"]
    bbc.body += "\n\nA correction: an earlier version misnamed the regional capital."
    bbc.save()
    index()
    [story] = [r for r in run("kursk border fuel depot").results
               if r.article.id in (collection["wire"].id, bbc.id)]
    assert len(story.copies) == 1                   # the wire story is still shown once
    assert_same_copies(*carried_and_exact())


def test_a_deleted_article_is_never_named_as_a_copy(collection, held):
    collection["wire"].delete()
    index()
    carried, exact, info = carried_and_exact()
    assert_same_copies(carried, exact, info)
    for result in run("kursk").results:
        assert collection["wire"].id not in [c.id for c in result.copies]
        for paragraph in result.paragraphs:
            assert collection["wire"].id not in [c.id for c in paragraph.also_in]


def test_the_exact_copies_replace_the_carried_ones_when_found(collection, monkeypatch):
    monkeypatch.setattr(copies, "CARRY_FROM", 0)
    article("Meer analysis 5", "A new analysis of the front near Kupiansk.", TELEGRAM,
            outlet_name="Meer", published=date(2024, 11, 9))
    index()
    run("telegram")
    assert POOL.background.wait()
    with searching() as s:
        found = copies.copies_for(s)
        assert s.earlier("copies") is None
        assert found is s.memo("copies", limit=8).get(frozenset())
        assert_same_copies(found, copies.exact_copies(LRU(1), s.info, {}), s.info)


def test_a_burst_of_generations_has_only_the_newest_ones_copies_found():
    ran = []
    background = generation.Background()
    for n in range(3):                      # three commits of an import, in quick succession
        background.submit(("copies", frozenset()), lambda n=n: ran.append(n))
    assert background.wait()
    assert ran == [2]
