"""Each text in its language: detection, lemmas and stems per language, romanisation.
(What the archive does with languages, the importer, pages and exports: tests/test_languages.py.)"""
from search.text.analysis import query_forms, terms
import py3langid
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from search.text.detection import DETECTABLE, detect, detect_paragraph, identifier, name
from search.text.transliteration import fold, romanise_ru, romanise_uk, sort_key

UKRAINIAN = "Українські військові просунулися далі в Курській області, повідомили в штабі."
RUSSIAN = "Губернатор Курской области сообщил, что ночью были сбиты несколько беспилотников."
ENGLISH = "Ukrainian forces advanced further into the Kursk region, officials said on Wednesday."


GERMAN = "Der Bundestag hat heute über neue Waffenlieferungen an die Ukraine beraten."
# As a Kremlin release words it: py3langid alone calls it Nigerian Pidgin.
KREMLIN = ("The President will receive letters of credence from Abdullahi Shehu of Nigeria, "
           "Maju Kake of Guinea and Hassan Abdi Daoud of Somalia.")


def test_it_detects_english_ukrainian_and_russian_and_leaves_short_text_to_the_default():
    assert [detect(t) for t in (ENGLISH, UKRAINIAN, RUSSIAN)] == ["en", "uk", "ru"]
    assert detect("@polk105", default="ru") == "ru"


def test_it_chooses_among_the_languages_the_archive_holds():
    assert py3langid.classify(KREMLIN)[0] == "pcm"
    assert detect(KREMLIN) == "en"
    assert detect(GERMAN) in ("en", "uk", "ru")                      # not held: no German
    assert detect(GERMAN, languages=("en", "uk", "ru", "de")) == "de"


def test_the_detector_holds_only_the_columns_of_the_languages_it_chooses_among():
    # Every worker holds it: the whole model's table is 28 MB, three languages' 0.6 MB.
    held = identifier(("en", "ru", "uk"))
    assert held.nb_classes == ["en", "ru", "uk"]
    assert {table.shape[-1] for table in (held.nb_ptc, held.nb_pc, *held._full_model[:2])} == {3}
    assert held.classify(KREMLIN)[0] == "en" and held.classify(UKRAINIAN)[0] == "uk"


def test_a_short_text_is_told_by_letters_only_one_language_has():
    assert detect("Дякуємо їм!", default="en") == "uk"
    assert detect("Вы молодцы!", default="uk") == "ru"              # ы
    assert detect("Дякую", default="ru") == "ru"                    # no telling letter: the default
    assert detect("Дякуємо їм!", default="en", languages=("en", "ru")) == "en"   # uk not held


def test_every_language_has_its_name():
    assert [name(c) for c in ("uk", "ru", "en", "pcm", "zh", "fi")] == \
        ["Ukrainian", "Russian", "English", "Nigerian Pidgin", "Chinese", "Finnish"]
    assert name("pt-BR") == "Portuguese (pt-BR)" and name("") == "unknown"
    model = LanguageIdentifier.from_model_file(MODEL_FILE).nb_classes
    assert DETECTABLE == set(model) and all(name(c) != c for c in model)


def test_a_paragraph_is_read_in_the_light_of_its_article():
    assert detect_paragraph("Дякуємо!", "uk") == "uk"                 # too short: the article's
    assert detect_paragraph(RUSSIAN, "uk") == "ru"                   # ы: only Russian has it
    assert detect_paragraph(ENGLISH, "uk") == "en"


def test_ukrainian_case_forms_share_a_lemma_and_russian_ones_a_stem():
    assert terms("Курська Курській Курської", "uk") == ["курський"] * 3
    assert terms("Харкова Харкові", "uk") == ["харків"] * 2
    assert terms("Києві", "uk") == ["київ"]       # the city, not кий ("cue")
    # the war in every case, not "війни!" (blow!), and an adjective not read as a surname
    assert terms("війна війни війною", "uk") == ["війна"] * 3
    assert terms("українська української українську українські", "uk") == ["український"] * 4
    assert terms("Курская Курской Курске", "ru") == ["курск"] * 3


def test_each_language_keeps_to_its_own_words():
    assert terms("Ukraine's defences", "en") == ["ukrain", "defenc"]         # as before
    assert terms("Курській", "en") == ["курській"]     # Cyrillic in English text: not stemmed
    assert terms("NATO meetings", "uk") == ["nato", "meetings"]          # Latin in Ukrainian: not stemmed
    assert terms("Bundeswehr Soldaten", "de") == ["bundeswehr", "soldaten"]  # no stemmer: plain


def test_an_english_only_archive_reads_a_query_as_it_always_did():
    assert query_forms("defences of Kyiv", {"en"}) == [tuple(terms("defences of Kyiv"))]
    assert query_forms("Курська", {"en", "uk", "ru"}) == [("курська",), ("курський",), ("курськ",)]


def test_it_romanises_by_the_national_standards():
    assert [romanise_uk(w) for w in ("київ", "зеленський", "запоріжжя", "згурівка", "юрій",
                                     "їжакевич", "слов'янськ")] == \
        ["kyiv", "zelenskyi", "zaporizhzhia", "zghurivka", "yurii", "yizhakevych", "sloviansk"]
    assert [romanise_ru(w) for w in ("харьков", "киев", "зеленский", "щёкино")] == \
        ["kharkov", "kiyev", "zelenskiy", "shchekino"]
    assert len({fold(w) for w in ("Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskyi",
                                  romanise_uk("зеленський"), romanise_ru("зеленский"))}) == 1
    assert fold("Odesa") == fold("Odessa")
