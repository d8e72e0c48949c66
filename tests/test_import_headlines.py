"""Headlines from the text: datelines, times and labels skipped, no cut at abbreviations,
site tails removed; a leading time in the body is metadata. Examples from real texts
(BASIL's New York Times and Fox News reports, CNN and Reuters wire leads, scraped pages)."""
import pytest

from archive.cleaning import clean
from archive.headlines import fallback_headline, strip_site_tail


@pytest.mark.parametrize("body, headline", [
    ("WASHINGTON — Michael Steele, chairman of the Republican National Committee, drew fierce criticism.",
     "Michael Steele, chairman of the Republican National Committee, drew fierce criticism."),
    ("KYIV, Ukraine (AP) — Russian forces shelled the city overnight. Officials said so.",
     "Russian forces shelled the city overnight."),
    ("LOS ANGELES (Reuters) - South Korean thriller “Parasite” was the upset winner on Sunday.",
     "South Korean thriller “Parasite” was the upset winner on Sunday."),
    ("(CNN) — The Kremlin said talks would resume. Kyiv declined to comment.", "The Kremlin said talks would resume."),
    ("CNN —\n\nThe Kremlin said talks would resume in Istanbul.", "The Kremlin said talks would resume in Istanbul."),
    ("16:14\n\nDrones hit the port of Odesa overnight.", "Drones hit the port of Odesa overnight."),
    ("VIEW VIDEO\n\nSubscribe to our channel for more videos.\n\nThe U.N. said aid was blocked.", "The U.N. said aid was blocked."),
])
def test_it_skips_datelines_times_and_labels(body, headline):
    assert fallback_headline(body, outlet="CNN") == headline


@pytest.mark.parametrize("body, headline", [
    ("The U.S. Senate passed the aid bill on Tuesday. It now goes to the House.", "The U.S. Senate passed the aid bill on Tuesday."),
    ("Mr. Putin met Gen. Gerasimov in Moscow. No statement followed.", "Mr. Putin met Gen. Gerasimov in Moscow."),
    ("Donald J. Trump spoke at the rally. Thousands came.", "Donald J. Trump spoke at the rally."),
])
def test_it_does_not_cut_at_abbreviations(body, headline):
    assert fallback_headline(body) == headline


def test_a_long_first_sentence_is_cut_between_words_and_not_after_a_small_word():
    body = ("Ukrainian officials said on Wednesday that the counteroffensive in the south had made "
            "steady progress toward the city of Melitopol despite minefields and heavy losses on both sides.")
    headline = fallback_headline(body)
    assert headline.endswith("…") and len(headline) <= 121
    assert headline[:-1].split()[-1] not in {"the", "of", "and", "on", "toward"}


@pytest.mark.parametrize("given, outlets, kept", [
    ("Talks resume « War in Ukraine | Kyiv Post", ["Kyiv Post"], "Talks resume"),
    ("Parasite scores historic upset - BBC News", ["BBC"], "Parasite scores historic upset"),
    ("Thousands of academics on casual contracts | The Guardian", ["theguardian.com"], "Thousands of academics on casual contracts"),
    ("Kherson - the city that waited", ["Kyiv Post"], "Kherson - the city that waited"),
    ("Putin: talks with Kyiv at a dead end | Analysis", ["Reuters"], "Putin: talks with Kyiv at a dead end | Analysis"),
])
def test_it_removes_a_site_tail_that_names_the_outlet(given, outlets, kept):
    assert strip_site_tail(given, outlets) == kept


def test_a_leading_time_in_the_body_is_metadata():
    cleaned = clean("10:42 GMT\n\nRussian forces struck the port of Odesa overnight, officials said.")
    assert cleaned.body == "Russian forces struck the port of Odesa overnight, officials said."
    assert "took a leading time as metadata" in cleaned.notes


def test_a_greeting_takes_the_next_sentence_and_emoji_go():
    assert fallback_headline("Ukrainians! Today we freed three more villages near Kharkiv.") == \
        "Ukrainians! Today we freed three more villages near Kharkiv."
    assert fallback_headline("❗️Президент США запросил у Конгресса помощь Украине.") == \
        "Президент США запросил у Конгресса помощь Украине."


@pytest.mark.parametrize("given, kept", [
    ("Восемь обвиняемых в [подрыве Крымского моста](https://t.me/mash_na_volne/2141) будут судить в Ростове.",
     "Восемь обвиняемых в подрыве Крымского моста будут судить в Ростове."),
    ("Напуганный подкастер Джо Роган [обматерил", "Напуганный подкастер Джо Роган обматерил"),
    ("Лидером неожиданно [стал](https://www.bbc.com/russian/articles/cew2", "Лидером неожиданно стал"),
    ("**⚡️Путин подписал закон о списании долгов**", "Путин подписал закон о списании долгов"),
    ("KYIV (Reuters) — Russia strikes the grid again", "Russia strikes the grid again"),
    ("VIDEO: Drone hits the port of Odesa", "Drone hits the port of Odesa"),
    ("Berlin confronts Germany's colonial past with new initiative | DW | 19.01.2020",
     "Berlin confronts Germany's colonial past with new initiative"),
    ("Kherson - the city that waited", "Kherson - the city that waited"),
    ("CNN —", ""),
    ("Subscribe to us Twitter", ""),
])
def test_a_given_headline_loses_markdown_lead_ins_and_dated_site_tails(given, kept):
    from archive.headlines import clean_headline
    assert clean_headline(given, ["DW", "dw.com"]) == kept


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["CNN —\n\nThe Kremlin said talks would resume in Istanbul on Monday. More.",
                                  "Subscribe to us Twitter\n\nThe Kremlin said talks would resume in Istanbul on Monday."])
def test_a_dateline_or_a_call_to_subscribe_is_never_the_headline(text):
    from archive.formats.common import Record
    from archive.metadata import prepare
    fields = prepare(Record(source="post", text=text, outlet="CNN"))
    assert fields.headline == "The Kremlin said talks would resume in Istanbul on Monday."
