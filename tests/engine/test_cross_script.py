"""Across scripts, only what the reader asked for: names, never an ordinary English word or
a typo; every spelling of a place finds the same articles, in every case form."""
from search.engine.scripts import romanisations


def places_archive(archive):
    archive.article("Крим", "Окупований Крим знову під ударом, повідомили в Севастополі.",
                    language="uk")
    archive.article("Crime", "Police said crime in the city fell last year.", language="en")
    archive.article("Крім", "Крім того, уряд ухвалив нові правила для шкіл і лікарень.",
                    language="uk")


def test_an_ordinary_english_word_is_not_a_transliterated_name(archive):
    places_archive(archive)
    page = archive.run("crime", translate=False)
    assert page.headlines() == ["Crime"]
    assert page.response.variants_used == []


def test_a_name_reaches_the_other_script_but_not_a_word_that_romanises_like_one(archive):
    places_archive(archive)
    # the variant table's Crimea group holds Krim (German), the romanisation of крім
    assert archive.run("Crimea").headlines() == ["Крим"]


def test_a_typo_does_not_switch_scripts(archive):
    archive.article("Зеленський", "Президент Зеленський провів нараду з військовими.",
                    language="uk")
    assert archive.run("Zelenskky").headlines() == []
    assert archive.run("Zelensky").headlines() == ["Зеленський"]


def test_a_name_the_tables_lack_reaches_cyrillic_only_by_its_exact_romanisation(archive):
    archive.article("Покровськ", "Бої тривають на околицях Покровська.", language="uk")
    archive.article("Покровск", "Обстановка в Покровске остается сложной.", language="ru")
    assert sorted(archive.run("Pokrovsk").headlines()) == ["Покровск", "Покровськ"]
    assert archive.run("Pokrovs").headlines() == []       # a near key, no spelling
    assert "pokrovsk" in romanisations("покровськ")


def test_every_spelling_of_a_place_finds_the_same_articles_in_every_case_form(archive):
    archive.article("Kharkiv", "Explosions were heard in Kharkiv overnight.", language="en")
    archive.article("Харкові", "У Харкові пролунали вибухи.", language="uk")
    archive.article("Харькова", "Жители Харькова снова слышали взрывы.", language="ru")
    archive.article("Харькове", "В Харькове снова объявили тревогу.", language="ru")
    found = {q: sorted(archive.run(q).headlines())
             for q in ("Kharkiv", "Kharkov", "Харків", "Харьков", "Харькова")}
    assert all(headlines == sorted(["Kharkiv", "Харкові", "Харькова", "Харькове"])
               for headlines in found.values()), found


def test_quotes_keep_to_the_spelling_typed(archive):
    archive.article("Kharkiv", "Explosions were heard in Kharkiv overnight.", language="en")
    archive.article("Харкові", "У Харкові пролунали вибухи.", language="uk")
    assert archive.run('"Kharkiv"').headlines() == ["Kharkiv"]
