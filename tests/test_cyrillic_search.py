"""Ukrainian and Russian text: analysed in its own language, and reached across scripts."""
from datetime import date

import pytest
from pytest_django.asserts import assertContains

from archive.models import Article
from tests.search_archive import article, headlines, index, run

UK_KURSK = ("Бої в Курській області", "Українські військові просунулися в Курській області.",
            "Зеленський подякував бійцям за роботу на Курщині.")
RU_KURSK = ("Бои в Курской области", "Губернатор Курской области заявил об обстреле.",
            "Пресс-секретарь Зеленского опроверг это сообщение.")
EN_KURSK = ("Fighting in Kursk", "Zelensky said Ukrainian troops advanced in the Kursk region.")


@pytest.fixture
def archive(db):
    article(*UK_KURSK, outlet_name="Українська правда", published=date(2024, 8, 14))
    article(*RU_KURSK, outlet_name="Медуза", published=date(2024, 8, 15))
    article(*EN_KURSK, outlet_name="Reuters", published=date(2024, 8, 16))
    article("Погода у Львові", "У Львові завтра буде дощ, а в Одесі сонячно.",
            outlet_name="Українська правда", published=date(2024, 8, 17))
    index()


def test_it_detects_each_article_and_paragraph_language(archive):
    languages = dict(Article.objects.values_list("headline", "language"))
    assert languages == {UK_KURSK[0]: "uk", RU_KURSK[0]: "ru", EN_KURSK[0]: "en",
                         "Погода у Львові": "uk"}
    ukrainian = Article.objects.get(headline=UK_KURSK[0])
    assert {c.language for c in ukrainian.chunks.all()} == {"uk"}


def test_a_ukrainian_word_finds_its_case_forms(archive):
    # Курська (nominative) is written nowhere; Курській is, in the Ukrainian article.
    response = run("Курська", variants=False)
    assert UK_KURSK[0] in headlines(response)
    assert EN_KURSK[0] not in headlines(response)


def test_a_russian_word_finds_its_case_forms(archive):
    response = run("Курская", variants=False)
    assert headlines(response) == [RU_KURSK[0]]


def test_zelensky_in_any_script_finds_every_article_and_names_the_spellings(archive):
    for q in ("Zelensky", "Зеленський", "Зеленский"):
        response = run(q)
        assert set(headlines(response)) == {UK_KURSK[0], RU_KURSK[0], EN_KURSK[0]}, q
        assert response.variants_used, q
    latin = run("Zelensky")
    assert "Cyrillic" in latin.scripts_used
    assert {"Зеленський", "Зеленский"} <= set(latin.variants_used)
    assert "Latin" in run("Зеленський").scripts_used


def test_exact_spelling_keeps_to_the_script_typed(archive):
    assert headlines(run("Zelensky", variants=False)) == [EN_KURSK[0]]
    assert set(headlines(run("Зеленський", variants=False))) == {UK_KURSK[0]}


def test_a_word_not_in_the_variant_table_is_transliterated_both_ways(archive):
    # "дощ" (rain) is in no variant table: only its romanisation, doshch, joins the scripts.
    assert headlines(run("doshch")) == ["Погода у Львові"]
    english = article("Rain in Lviv", "Lviv expects doshch, locals joked.", outlet_name="AP")
    index()
    assert english.headline in headlines(run("дощ"))


def test_a_cyrillic_word_indexed_later_is_reached_from_latin(archive):
    assert headlines(run("zlyva")) == []          # the generation's Cyrillic terms now kept
    article("Злива у Києві", "У Києві пройшла сильна злива.", outlet_name="Українська правда")
    index()
    assert headlines(run("zlyva")) == ["Злива у Києві"]


def test_latin_reaches_cyrillic_however_many_cyrillic_words_the_archive_has(archive,
                                                                            monkeypatch):
    # Past FEW_TERMS Cyrillic terms the generation keeps none and asks the index each time.
    monkeypatch.setattr("search.index.terms.FEW_TERMS", 3)
    assert headlines(run("doshch")) == ["Погода у Львові"]
    assert {"Зеленський", "Зеленский"} <= set(run("Zelensky").variants_used)


def test_cyrillic_words_are_marked_as_written(archive):
    response = run("Zelensky")
    ukrainian = next(r for r in response.results if r.article.headline == UK_KURSK[0])
    assert "<mark>Зеленський</mark>" in ukrainian.paragraphs[0].html
    russian = next(r for r in response.results if r.article.headline == RU_KURSK[0])
    assert "<mark>Зеленского</mark>" in russian.paragraphs[0].html


def test_phrases_work_on_cyrillic_text(archive):
    assert headlines(run('"Курській області"', variants=False)) == [UK_KURSK[0]]
    assert headlines(run('"області Курській"', variants=False)) == []
    assert headlines(run('"Курская область"', variants=False)) == [RU_KURSK[0]]


def test_did_you_mean_corrects_a_cyrillic_typo_with_a_cyrillic_word(archive):
    response = run("військоі", variants=False)
    assert response.suggestion is not None
    assert response.suggestion.q == "військові"


def test_language_is_a_facet_and_a_filter(archive, client):
    response = run("")
    counts = {c.code: c.count for c in response.facets.languages}
    assert counts == {"uk": 2, "ru": 1, "en": 1}
    assert set(headlines(run("", languages=("ru",)))) == {RU_KURSK[0]}
    page = client.get("/", {"lang": "uk"})
    assertContains(page, '<a href="?" aria-current="true"><span class="facet-name">Ukrainian</span> '
                   '<span class="count">2<span class="vh"> articles</span></span></a>', html=True)
    assert client.get("/", {"lang": "xx"}).status_code == 400


def test_the_api_names_languages_and_scripts(archive, client):
    data = client.get("/api/search", {"q": "Зеленский"}).json()
    assert "Latin" in data["scripts_used"]
    languages = {r["article"]["language"] for r in data["results"]}
    assert languages == {"uk", "ru", "en"}
    assert {c["code"] for c in data["facets"]["lang"]} == {"uk", "ru", "en"}
