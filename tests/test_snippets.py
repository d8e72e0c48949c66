"""What a result shows as its snippet: never a paragraph without words, and never a
result whose only match was its outlet's hidden boilerplate, shown with nothing."""
import pytest

from tests.search_archive import article, comment, headlines, index, run

pytestmark = pytest.mark.django_db
SUBSCRIBE = "Подписаться на Харьков в Telegram"


def kharkiv_today():
    """An outlet that ends every article with a subscription call naming the city, and
    one item that is nothing but that call (its headline taken from it)."""
    for n in range(5):
        article(f"Новости дня {n}", f"Сегодня в городе прошло заседание номер {n} по бюджету.",
                SUBSCRIBE, outlet_name="Харьков Today")
    article(SUBSCRIBE, SUBSCRIBE, outlet_name="Харьков Today")
    article("Обстрел Харькова", "Харьков снова обстреляли ночью.", outlet_name="Другие")
    index()


def test_a_result_whose_only_match_is_hidden_boilerplate_is_not_listed():
    kharkiv_today()
    found = run("Харьков")
    assert headlines(found) == ["Обстрел Харькова"]
    assert all(result.paragraphs for result in found.results)
    assert found.boilerplate_hidden >= 6
    shown = run("Харьков", boilerplate=True)          # asked for: there, with its text
    assert SUBSCRIBE in headlines(shown)


def test_an_archivists_note_keeps_a_boilerplate_only_result_listed():
    # The note on the whole article matched, not only the outlet's boilerplate.
    kharkiv_today()
    only_call = article(SUBSCRIBE, SUBSCRIBE, outlet_name="Харьков Today", published=None)
    comment(only_call, "Харьков: канал просит подписаться, новостей нет.")
    index()
    assert sorted(headlines(run("Харьков"))) == sorted(["Обстрел Харькова", SUBSCRIBE])


def test_a_paragraph_without_words_is_not_a_snippet(client):
    article("Фото дня", "🔥🔥🔥", "Над Харьковом снова дым после ночной атаки.", outlet_name="Другие")
    article("Харьков вечером", "👇", "— —", "Вечерний Харьков, улицы пусты.", outlet_name="Другие")
    index()
    browse = {r.article.headline: r for r in run("").results}
    assert browse["Фото дня"].paragraphs[0].text.startswith("Над Харьковом")
    found = {r.article.headline: r for r in run("Харьков").results}
    assert [p.text for p in found["Харьков вечером"].paragraphs] == ["Вечерний Харьков, улицы пусты."]
    page = client.get("/").content.decode()
    assert "🔥🔥🔥" not in page and "Над Харьковом снова дым" in page
