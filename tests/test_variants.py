"""Spelling variants: one spelling finds all, the response names them, and they can be off."""
from datetime import date

import pytest

from search.engine.variants import load, parse_table
from tests.search_archive import article, headlines, index, run


def test_it_ships_a_real_table_of_a_few_hundred_groups():
    table = load()
    assert len(table.groups) >= 300
    kinds = {g.kind for g in table.groups}
    assert {"person", "city", "region", "river", "spelling"} <= kinds
    for spelling in ("Zelensky", "Kyiv", "Kharkiv", "Sloviansk", "Dnipro", "Mykolaiv", "Odesa",
                     "Luhansk", "Zaporizhzhia", "Bakhmut", "Shoigu", "defence", "kilometres"):
        from search.text.analysis import terms
        assert table.alternatives(terms(spelling)), spelling


def test_it_keeps_groups_apart():
    table = parse_table(["city\tDnipro\tDnipropetrovsk\n", "river\tDnipro\tDnieper\n"])
    from search.engine.variants import Variants
    variants = Variants(table)
    assert {s.text for s in variants.alternatives(("dnipro",))} == {"Dnipropetrovsk", "Dnieper"}
    assert {s.text for s in variants.alternatives(("dnieper",))} == {"Dnipro"}


@pytest.fixture
def archive(db):
    article("Zelenskiy visits the front", "Zelenskiy met troops near Kiev.")
    article("Zelensky in Washington", "President Zelensky asked for more air defense.",
            outlet_name="AP", published=date(2023, 9, 21))
    article("Defence review", "The Ministry of Defence said the Second World War memorial was hit.",
            outlet_name="BBC", published=date(2022, 5, 9))
    index()


def test_it_finds_every_transliteration_and_names_those_that_matched(archive):
    response = run("Zelenskyy")
    assert set(headlines(response)) == {"Zelenskiy visits the front", "Zelensky in Washington"}
    assert set(response.variants_used) == {"Zelenskiy", "Zelensky"}


def test_it_finds_places_both_ways(archive):
    assert headlines(run("Kyiv")) == ["Zelenskiy visits the front"]
    assert headlines(run("kiev")) == ["Zelenskiy visits the front"]


def test_it_finds_british_and_american_spellings(archive):
    assert set(headlines(run("defence"))) == {"Defence review", "Zelensky in Washington"}
    assert set(headlines(run("defense"))) == {"Defence review", "Zelensky in Washington"}


def test_it_finds_multi_word_variants(archive):
    response = run("World War Two")
    assert headlines(response) == ["Defence review"]
    assert "Second World War" in response.variants_used
    assert headlines(run("World War II")) == ["Defence review"]
    assert headlines(run('"World War II"')) == []      # quotes: this spelling only


def test_a_quoted_word_means_its_own_spelling_only(archive):
    assert headlines(run('"Kiev"')) == ["Zelenskiy visits the front"]
    assert run('"Kyiv"').total_articles == 0


def test_it_marks_the_variant_spelling_in_the_text(archive):
    response = run("Kyiv")
    assert "<mark>Kiev</mark>" in response.results[0].paragraphs[0].html


def test_it_searches_exactly_with_variants_off(archive):
    response = run("Zelenskyy", variants=False)
    assert headlines(response) == []
    assert response.variants_used == []
    assert headlines(run("kiev", variants=False)) == ["Zelenskiy visits the front"]
    assert headlines(run("kyiv", variants=False)) == []


def test_the_moskva_the_cruiser_is_not_moscow(db):
    article("The cruiser", "The Moskva sank in the Black Sea.")
    article("The capital", "Moscow announced new measures.")
    index()
    assert headlines(run("Moskva")) == ["The cruiser"]
    assert headlines(run("Moscow")) == ["The capital"]


def test_it_knows_the_prigozhyn_transliteration(db):
    article("Mutiny", "Prigozhin's men marched north.")
    index()
    assert headlines(run("Prigozhyn")) == ["Mutiny"]


def test_an_archivists_change_in_the_admin_counts_from_the_next_search(admin_client):
    from archive.models import VariantGroup

    article("Port city", "Ships left Mykolaiv at dawn.")
    index()
    assert run("Nikolaev").total_articles == 1              # the shipped initial data
    assert run("Mykolayevo").total_articles == 0
    group = VariantGroup.objects.get(spellings__startswith="Mykolaiv\n")
    response = admin_client.post(f"/admin/archive/variantgroup/{group.pk}/change/", {
        "kind": "city", "spellings": group.spellings + "\nMykolayevo"})
    assert response.status_code == 302
    assert headlines(run("Mykolayevo")) == ["Port city"]   # no rebuild, same index
    VariantGroup.objects.filter(pk=group.pk).delete()
    assert run("Nikolaev").total_articles == 0


def test_a_dam_is_not_its_reservoir():
    from search.text.analysis import terms
    table = load()
    spelled = {s.text for s in table.alternatives(tuple(terms("Kakhovka reservoir")))}
    assert "Kakhovka dam" not in spelled
    assert not table.alternatives(tuple(terms("Kakhovka dam")))


def test_an_archive_made_before_loses_the_dam_from_the_reservoirs_group(db):
    import importlib

    from django.apps import apps
    from archive.models import VariantGroup

    VariantGroup.objects.filter(spellings__icontains="kakhovka").delete()
    shipped = VariantGroup.objects.create(
        kind="river", spellings="Kakhovka reservoir\nKakhovske reservoir\nKakhovka dam")
    own = VariantGroup.objects.create(kind="term", spellings="Kakhovka dam\nKakhovka HPP dam")
    migration = importlib.import_module("archive.migrations.0010_kakhovka_dam_is_not_the_reservoir")
    migration.drop_the_dam(apps, None)
    shipped.refresh_from_db()
    own.refresh_from_db()
    assert shipped.spelling_list() == ["Kakhovka reservoir", "Kakhovske reservoir"]
    assert own.spelling_list() == ["Kakhovka dam", "Kakhovka HPP dam"]    # an archivist's
