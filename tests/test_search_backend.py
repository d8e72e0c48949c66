"""The conformance suite of a search backend: what any SearchBackend (and its Replica) must
do for the archive's readers, written once against the protocols of
search/service/backend.py, as Wagtail's search backends share one test class.

`SearchBackendConformance` is the suite; `TestLocalBackend` runs it against this host's
Whoosh index. A second backend subclasses it with its own `backend` and `replica`
fixtures: its replica follows the same change log the archive writes, so the archive
built here reaches it the way real edits would. A feature a backend does not declare
(search/service/backend.py FEATURES) is skipped here, and the pages hide it (the last
tests, with a local backend that declares none).
"""
from datetime import date

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from archive.models import Article, Chunk, Outlet
from search.index.backend import LocalBackend, LocalReplica
from search.service.backend import FEATURES, Replica, SearchBackend
from search.types import IdPage, MatchOrder, ReferenceTables, SearchRequest
from tests.search_archive import article

pytestmark = pytest.mark.django_db

WIRE = ["Ukrainian drones struck an oil depot near Kursk overnight, the regional governor "
        "said, the third such attack on fuel sites this month.",
        "Firefighters worked through the morning; no casualties were reported, and the "
        "price cap on Russian oil was not mentioned by officials.",
        "Analysts said the strikes aim at the logistics that feed the front in the east."]
UKRAINIAN = ("Зеленський відвідав Харків і зустрівся з військовими. Обстріли міста тривали "
             "всю ніч, повідомила обласна адміністрація, пошкоджено житлові будинки.")


def tables():
    """The reference tables as plain rows, straight from the database."""
    names = {o.slug: o.name for o in Outlet.objects.order_by("name")}
    return ReferenceTables("conformance", names, (), {}, ())


class SearchBackendConformance:
    """Every backend passes these. Subclasses give `backend` and `replica`."""

    @pytest.fixture
    def backend(self):
        raise NotImplementedError("a backend's test class gives its SearchBackend")

    @pytest.fixture
    def replica(self):
        raise NotImplementedError("a backend's test class gives its Replica")

    @pytest.fixture
    def archive(self, db, replica):
        """Six articles over three outlets, two languages and three months; one of them
        carried whole by a second outlet; one undated. Applied through the replica."""
        made = {
            "wire": article("Drones hit an oil depot near Kursk", *WIRE,
                            published=date(2024, 8, 14)),
            "copy": article("Oil depot near Kursk struck by drones", *WIRE,
                            outlet_name="Meer", published=date(2024, 8, 15)),
            "cap": article("The price cap, a year on", "The price cap on Russian oil is a "
                           "year old; its effect on revenue is disputed.",
                           "Tankers found ways around the cap.", outlet_name="Meer",
                           published=date(2024, 9, 2)),
            "grain": article("Grain corridor holds", "Ships left Odesa with grain despite "
                             "the threat of drones.", outlet_name="Kyiv Independent",
                             published=date(2024, 10, 1)),
            "kharkiv": article("Зеленський у Харкові", UKRAINIAN, outlet_name="Kyiv Independent",
                               published=date(2024, 10, 3)),
            "undated": article("Drone makers scale up", "Workshops build drones in garages.",
                               outlet_name="Kyiv Independent", published=None),
        }
        assert replica.catch_up(build=True) is not None
        return made

    def page(self, backend, **request):
        found = backend.page(SearchRequest(**request), tables())
        assert isinstance(found, IdPage)
        return found

    def ids(self, backend, **request):
        """Every matching article, in the request's order (a page folds copies)."""
        return backend.matching(SearchRequest(**request), tables())

    def shown(self, backend, **request):
        return [item.article for item in self.page(backend, **request).items]

    # ---------------------------------------------------------------- the protocols

    def test_it_implements_the_protocols_and_declares_known_features(self, backend, replica):
        assert isinstance(backend, SearchBackend) and isinstance(replica, Replica)
        assert set(backend.features) <= set(FEATURES)

    # ---------------------------------------------------------------- words

    def test_it_finds_every_word_and_not_the_others(self, backend, archive):
        assert set(self.ids(backend, q="oil depot")) == {archive["wire"].pk, archive["copy"].pk}
        assert self.ids(backend, q="nowhere-to-be-found") == []

    def test_it_matches_a_phrase_only_side_by_side(self, backend, archive):
        found = self.ids(backend, q='"price cap"')
        assert archive["cap"].pk in found
        assert archive["grain"].pk not in found
        assert self.ids(backend, q='"cap price"') == []

    def test_it_expands_a_prefix(self, backend, archive):
        assert set(self.ids(backend, q="tank*")) == {archive["cap"].pk}

    def test_it_reads_and_or_not(self, backend, archive):
        assert set(self.ids(backend, q="grain AND drones")) == {archive["grain"].pk}
        assert set(self.ids(backend, q="tankers OR workshops")) == {archive["cap"].pk,
                                                                    archive["undated"].pk}
        assert archive["grain"].pk not in self.ids(backend, q="drones -grain")
        assert archive["undated"].pk in self.ids(backend, q="drones -grain")

    # ---------------------------------------------------------------- filters and facets

    def test_it_filters_by_outlet_both_ways(self, backend, archive):
        assert set(self.ids(backend, q="drones", outlets=("meer",))) == {archive["copy"].pk}
        assert archive["copy"].pk not in self.ids(backend, q="drones", exclude_outlets=("meer",))

    def test_it_filters_by_date_and_finds_the_undated(self, backend, archive):
        assert set(self.ids(backend, date_from=date(2024, 9, 1), date_to=date(2024, 9, 30))) \
            == {archive["cap"].pk}
        assert self.ids(backend, undated=True) == [archive["undated"].pk]

    def test_it_filters_by_language(self, backend, archive):
        assert self.ids(backend, languages=("uk",)) == [archive["kharkiv"].pk]
        assert "uk" in backend.languages() and "en" in backend.languages()

    def test_it_counts_facets_over_every_match_not_the_page(self, backend, archive):
        facets = self.page(backend, q="drones", per_page=1, outlets=("meer",)).response.facets
        outlets = {o.slug: (o.count, o.selected) for o in facets.outlets}
        assert outlets["reuters"] == (1, False) and outlets["meer"] == (1, True)
        assert outlets["kyiv-independent"] == (2, False)   # counted before the outlet filter
        everything = self.page(backend).response.facets
        assert {c.code: c.count for c in everything.languages} == {"en": 5, "uk": 1}
        assert {b.bucket: b.count for b in everything.published} == {"2024": 5}
        assert everything.undated == 1

    # ---------------------------------------------------------------- order and pages

    def test_it_sorts_by_date_both_ways(self, backend, archive):
        dated = [archive[n].pk for n in ("wire", "copy", "cap", "grain", "kharkiv")]
        newest = self.ids(backend, sort="newest", undated=False, date_from=date(2024, 1, 1))
        assert newest == dated[::-1]
        assert self.ids(backend, sort="oldest", date_from=date(2024, 1, 1)) == dated

    def test_it_ranks_the_best_match_first(self, backend, archive):
        assert self.shown(backend, q="cap")[0] == archive["cap"].pk
        assert self.ids(backend, q="cap")[0] == archive["cap"].pk

    def test_it_pages_through_the_matches(self, backend, archive):
        first = self.page(backend, sort="oldest", per_page=2, exclude_outlets=("meer",))
        assert first.response.total_articles == 4 and first.response.pages == 2
        pages = [self.shown(backend, sort="oldest", per_page=2, page=n,
                            exclude_outlets=("meer",)) for n in (1, 2)]
        assert pages == [[archive["wire"].pk, archive["grain"].pk],
                         [archive["kharkiv"].pk, archive["undated"].pk]]

    def test_it_gives_each_result_its_matching_paragraphs_in_reading_order(self, backend, archive):
        item = next(i for i in self.page(backend, q="cap", per_page=10).items
                    if i.article == archive["cap"].pk)
        chunks = list(Chunk.objects.filter(article=archive["cap"]).order_by("position")
                      .values_list("pk", flat=True))
        assert item.count == 2 and item.chunks == chunks

    # ---------------------------------------------------------------- marks

    def test_it_marks_the_words_it_matched_and_escapes_the_rest(self, backend, archive):
        marks = backend.marks("depot", True, tables())
        html = backend.highlight("An <b>oil</b> depot, near Kursk.", marks, 200)
        assert "<mark>depot</mark>" in html and "&lt;b&gt;oil&lt;/b&gt;" in html
        assert "<b>" not in html
        page = self.page(backend, q="depot")
        assert backend.highlight(WIRE[0], page.marks, 400).count("<mark>") == 1

    # ---------------------------------------------------------------- exports

    def test_it_orders_every_match_for_exports_as_the_pages_do(self, backend, archive):
        found = backend.order(SearchRequest(q="drones", sort="newest"), tables())
        assert isinstance(found, MatchOrder)
        assert [a for a, _chunks in found.rows] == self.ids(backend, q="drones", sort="newest")
        wire = dict(found.rows)[archive["wire"].pk]
        assert wire == [Chunk.objects.get(article=archive["wire"], position=0).pk]

    def test_it_pages_chosen_articles_in_the_order_given(self, backend, archive):
        wanted = [archive["grain"].pk, archive["wire"].pk, archive["cap"].pk]
        chosen = backend.chosen(SearchRequest(q="drones"), tables(), wanted)
        assert [item.article for item in chosen.items] == [archive["grain"].pk,
                                                           archive["wire"].pk]

    # ---------------------------------------------------------------- the replica

    def test_it_follows_the_change_log(self, backend, replica, archive):
        archive["grain"].body += "\n\nA convoy of barges followed."
        archive["grain"].save()
        Article.objects.filter(pk=archive["undated"].pk).delete()
        assert replica.catch_up() is not None
        assert self.ids(backend, q="barges") == [archive["grain"].pk]
        assert self.ids(backend, q="workshops") == []
        assert replica.lag().rows_behind == 0 and replica.position() > 0
        assert backend.newest_article() == max(a.pk for a in archive.values())

    def test_it_says_how_it_is(self, backend, archive):
        status = backend.status()
        assert status.ok and status.documents > 0 and status.outbox_backlog == 0

    # ---------------------------------------------------------------- features

    def needs(self, backend, feature):
        if feature not in backend.features:
            pytest.skip(f"the backend does not offer {feature}")

    def test_copies_of_a_paragraph_and_of_an_article(self, backend, archive):
        self.needs(backend, "copies")
        first = Chunk.objects.get(article=archive["wire"], position=0)
        theirs = Chunk.objects.get(article=archive["copy"], position=0)
        assert backend.paragraph_copies(first.pk, tables()) == [(archive["copy"].pk, theirs.pk)]
        found = backend.article_copies(archive["wire"].pk, tables())
        assert [c.article for c in found.copies] == [archive["copy"].pk]
        assert found.paragraphs[first.pk].also_in == [archive["copy"].pk]

    def test_related_articles_of_other_outlets(self, backend, archive):
        self.needs(backend, "related")
        texts = ["Drones hit an oil depot near Kursk"] + WIRE[:1]
        found = backend.related(archive["wire"].pk, texts, date(2024, 8, 14), "reuters")
        assert archive["copy"].pk in found and archive["wire"].pk not in found

    def test_people_and_places(self, backend, archive):
        self.needs(backend, "entities")
        named = {(e.kind, e.slug) for e in backend.mentions("Зеленський у Харкові",
                                                            [UKRAINIAN], tables())}
        assert {("person", "zelensky"), ("place", "kharkiv")} <= named
        assert {"zelensky", "kharkiv"} <= {e.slug for e in backend.entities(tables())}
        assert self.ids(backend, people=("zelensky",)) == [archive["kharkiv"].pk]

    def test_did_you_mean(self, backend, archive):
        self.needs(backend, "suggestions")
        suggestion = self.page(backend, q="tankrs").response.suggestion
        assert suggestion is not None and suggestion.q == "tankers" and suggestion.count == 1

    def test_attention_over_time(self, backend, archive):
        self.needs(backend, "attention")
        chart = backend.attention(SearchRequest(q="drones"), (), "month", "count", tables())
        counts = {(s.outlet, p.bucket): p.count for s in chart.series for p in s.points if p.count}
        assert counts == {("reuters", "2024-08"): 1, ("meer", "2024-08"): 1,
                          ("kyiv-independent", "2024-10"): 1,
                          (None, "2024-08"): 2, (None, "2024-10"): 1}   # all outlets


class TestLocalBackend(SearchBackendConformance):
    @pytest.fixture
    def backend(self):
        return LocalBackend()

    @pytest.fixture
    def replica(self):
        return LocalReplica()


# ---------------------------------------------------------------- features not offered

class PlainLocalBackend(LocalBackend):
    """This host's index, declaring none of the optional features."""
    features = frozenset()


@pytest.fixture
def plain(settings):
    settings.SEARCH_BACKEND = "tests.test_search_backend.PlainLocalBackend"


def test_the_pages_hide_what_a_backend_does_not_offer(client, plain):
    wire = article("Drones hit an oil depot near Kursk", *WIRE)
    article("Oil depot near Kursk struck by drones", *WIRE, outlet_name="Meer")
    LocalReplica().catch_up(build=True)
    page = client.get("/?q=depot")
    assertContains(page, "<mark>depot</mark>")
    for offered_elsewhere in ("Also in", "Also published by", "Attention over time",
                              'class="entity-facet"'):
        assertNotContains(page, offered_elsewhere)
    assert client.get("/api/search?q=depot").json()["facets"]["places"] == []
    reading = client.get(wire.get_absolute_url())
    assert reading.context["copies"] == [] and reading.context["same_story"] == []
    chunk = Chunk.objects.filter(article=wire).first()
    assert client.get(f"/paragraphs/{chunk.pk}/copies/").status_code == 404
    assertContains(client.get("/search/attention?q=drones"), "cannot draw attention over time")
