"""Places in every form: a place's region and adjective (variants.tsv "region of Kharkiv",
"adjective of Kharkiv") found by a search for the place, named on the page as what they
are, and counted for it among the places; people counted in every case form."""
from search.engine.entities import PEOPLE, PLACES, gazetteer, text_mentions
from search.engine.variants import Variants, group_of, load, parse_table

REGION_ONLY_UK = ("Обстріл Харківщини", "Уночі російські війська обстріляли населені пункти Харківщини.")
OBLAST_UK = ("Евакуація", "Із прикордонних сіл Харківської області евакуювали 300 людей.")
ADJECTIVE_UK = ("Лікарні", "Харківські лікарі прийняли поранених.")
OBLAST_RU = ("Эвакуация", "Из сел Харьковской области эвакуировали людей.")
CITY_UK = ("Місто", "У Харкові відновили рух метро.")
ENGLISH_REGION = ("Evacuation", "Villages in the Kharkiv region were evacuated.")
ELSEWHERE = ("Одеса", "В Одесі тихо.")


def places_archive(archive):
    for headline, text in (REGION_ONLY_UK, OBLAST_UK, ADJECTIVE_UK, CITY_UK, ELSEWHERE):
        archive.article(headline, text, language="uk")
    archive.article(*OBLAST_RU, language="ru")
    archive.article(*ENGLISH_REGION, language="en")


def found(page):
    return sorted(page.headlines())


def test_a_search_for_the_place_finds_its_region_and_adjective_in_any_case(archive):
    places_archive(archive)
    everything = sorted(h for h, _ in (REGION_ONLY_UK, OBLAST_UK, ADJECTIVE_UK, OBLAST_RU,
                                        CITY_UK, ENGLISH_REGION))
    for q in ("Kharkiv", "Kharkov", "Харків", "Харкові"):
        assert found(archive.run(q)) == everything, q


def test_the_page_names_each_form_as_what_it_is(archive):
    places_archive(archive)
    used = archive.run("Kharkiv").response.variants_used
    assert {"Харківщина (Kharkiv region)", "харківський (adjective of Kharkiv)",
            "харьковский (adjective of Kharkiv)"} <= set(used)


def test_a_search_for_the_region_finds_the_region_and_not_the_city(archive):
    places_archive(archive)
    assert found(archive.run("Харківщина")) == sorted(
        h for h, _ in (REGION_ONLY_UK, OBLAST_UK, OBLAST_RU, ENGLISH_REGION))
    # nor its adjective alone: "Харківські лікарі" are the city's as much as the region's


def test_the_place_counts_its_forms_and_the_region_is_a_place_of_its_own(archive):
    places_archive(archive)
    places = {e.slug: (e.name, e.count) for e in archive.run("").response.facets.places}
    assert places["kharkiv"] == ("Kharkiv", 6)
    assert places["kharkivshchyna"] == ("Kharkiv region", 4)
    assert not any("adjective" in name for name, _ in places.values())
    assert found(archive.run("", places=("kharkiv",))) == found(archive.run("Kharkiv"))


def test_people_are_counted_in_every_case_form(archive):
    archive.article("Звернення", "Президент Зеленського закликав партнерів.", language="uk")
    archive.article("Переговори", "Зустріч Путіна і Сі відбулася в Москві.", language="uk")
    archive.article("Встреча", "Пресс-секретарь Путина сообщил о встрече с Зеленским.",
                    language="ru")
    for q, lang, person in (("Зеленського", "uk", "zelensky"), ("Путіна", "uk", "putin"),
                            ("Путина", "ru", "putin"), ("Зеленского", "ru", "zelensky")):
        matched = archive.run(q, languages=(lang,)).response.total_articles
        faceted = archive.run(q, languages=(lang,), people=(person,)).response.total_articles
        assert matched == faceted == 1, q


def test_the_article_page_reads_each_paragraph_in_its_language():
    named = text_mentions("Новини", [(REGION_ONLY_UK[1], "uk"), (OBLAST_RU[1], "ru")],
                          gazetteer(), "uk")
    assert {e.slug for e in named} >= {"kharkiv", "kharkivshchyna"}


TABLE = """\
city\tKharkiv\tKharkov\tuk:Харків
city\tDnipro\tDnepr
river\tDnipro\tDnieper
region of Kharkiv\tKharkiv oblast\tuk:Харківщина\tuk:Харківська область
adjective of Kharkiv\tuk:харківський\tru:харьковский
adjective of Dnipro\tuk:дніпропетровський
adjective of Atlantis\tuk:атлантичний
""".splitlines()


def test_a_form_belongs_to_the_first_place_its_line_names():
    table = Variants(parse_table(TABLE))
    city, river = table.groups[1], table.groups[2]
    assert [s.text for s in table.forms(city)] == ["дніпропетровський"]
    assert table.forms(river) == ()
    kharkiv = [(s.text, s.form) for s in table.alternatives(("kharkov",))]
    # "Kharkiv oblast" and "Харківська область" say харківський or Kharkiv: nothing more to find
    assert kharkiv == [("Kharkiv", ""), ("Харків", ""), ("Харківщина", "Kharkiv region"),
                       ("харківський", "adjective of Kharkiv"),
                       ("харьковский", "adjective of Kharkiv")]
    # a form of a place the table lacks is a group of its own, and no one's form
    assert table.groups[-1].place == "Atlantis" and table.groups[-1].label == "adjective of Atlantis"
    assert group_of(("adjective of Kyiv", ["uk:київський"])).spellings[0].terms == ("київський",)


def test_the_shipped_table_gives_the_oblast_centres_their_forms():
    table = load()
    for place, region in (("Odesa", "Одещина"), ("Donetsk", "Донеччина"),
                          ("Zaporizhzhia", "Запорізька область"), ("Sumy", "Сумщина"),
                          ("Kursk", "Курщина"), ("Belgorod", "Белгородская область")):
        group = next(g for g in table.groups if g.spellings[0].text == place and not g.place)
        assert region in {s.text for g in table.groups if g.place == place for s in g.spellings}
        assert table.forms(group), place
    kinds = {e.slug: e.kind for e in gazetteer()}
    assert kinds["zelensky"] == PEOPLE and kinds["kharkivshchyna"] == PLACES


def test_every_spelling_of_a_place_reaches_its_english_demonym(archive):
    # "Kyivan" is Kyiv's demonym (text/data/place_adjectives.tsv): Kiev, Київ and Киев
    # reach it through their group's spelling Kyiv, as Kyiv does
    archive.article("Volunteers", "Kyivan volunteers drove the convoy.", language="en")
    archive.article("Elsewhere", "Volunteers in Lviv drove the convoy.", language="en")
    for q in ("Kyiv", "Kiev", "Київ", "Киев"):
        assert found(archive.run(q)) == ["Volunteers"], q
