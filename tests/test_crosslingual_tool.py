"""`manage.py crosslingual`: how far queries reach across English, Ukrainian and Russian."""
import pytest

from search.index.drain import drain
from search.tools import crosslingual
from search.tools.crosslingual import Topic, measure_topics, rare_words


def test_it_queries_an_english_title_by_its_rarest_words():
    df = {"missile": 40, "shelling": 3, "regions": 30, "border": 8, "subversive": 1, "army": 50}
    title = "Missile shelling of a number of regions and subversive activity at the border"
    assert rare_words(title, df, 100) == ["shelling", "number", "subversive", "activity"]


@pytest.mark.django_db
def test_it_counts_recall_and_precision_per_language(make_article):
    make_article("Drones attacked the port overnight.", headline="Drone attack", language="en")
    make_article("Talks on grain resumed.", headline="Grain", language="en")
    make_article("Уночі дрони атакували порт.", headline="Атака дронів", language="uk")
    make_article("Ночью беспилотники атаковали порт.", headline="Атака", language="ru")
    drain()
    topic = Topic("drones", (("en", "drones"),),
                  {"en": r"drone", "uk": r"дрон", "ru": r"беспилот"})
    [row] = measure_topics(crosslingual.articles_by_language(), [topic])
    assert row["en"] == {"on_topic": 1, "found": 1, "recall": 1.0, "precision": 1.0}
    assert row["uk"]["on_topic"] == 1 and row["ru"]["on_topic"] == 1
    assert row["top10"].get("en") == 1
