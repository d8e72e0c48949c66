"""Languages in the archive: outlet slugs, languages set by hand, the admin, the importer, exports.
(Detection and each language's analysis: tests/engine/test_languages.py.)"""
import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from archive.models import Article, Outlet
from search.text.transliteration import sort_key
from tests.search_archive import article, index, run

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "cyrillic"
UKRAINIAN = "Українські військові просунулися далі в Курській області, повідомили в штабі."
RUSSIAN = "Губернатор Курской области сообщил, что ночью были сбиты несколько беспилотников."
ENGLISH = "Ukrainian forces advanced further into the Kursk region, officials said on Wednesday."


def test_cyrillic_outlet_names_get_readable_slugs_and_sort_alphabetically(db):
    assert Outlet.objects.create(name="Українська правда").slug == "ukrainska-pravda"
    assert Outlet.objects.create(name="Медуза").slug == "meduza"
    names = ["Їжак", "Ірпінь Daily", "Європа", "Ґрати", "Гора", "Эхо", "Ёж", "Ежи"]
    assert sorted(names, key=sort_key) == ["Гора", "Ґрати", "Ежи", "Ёж", "Європа", "Ірпінь Daily",
                                           "Їжак", "Эхо"]


def test_a_language_set_by_hand_is_kept_and_its_paragraphs_follow_it(db):
    story = article("Новини", "Новина дня.", "Сьогодні в Києві пройшла зустріч міністрів.")
    assert story.language == "uk"
    story.language = "ru"      # say an archivist knows better
    story.save()
    story.refresh_from_db()
    assert story.language == "ru"
    assert story.chunks.get(position=0).language == "ru"    # too short to tell: the article's
    assert story.chunks.get(position=1).language == "uk"    # і, ї: Ukrainian whatever it says


def test_the_admin_offers_the_language(client, db):
    from django.contrib.auth.models import User
    staff = User.objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(staff)
    story = article("Новини", "Сьогодні в Києві пройшла зустріч міністрів.")
    page = client.get(reverse("admin:archive_article_change", args=[story.pk])).content.decode()
    assert 'name="language"' in page and 'value="uk"' in page


def write_lines(path, *records):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n",
                    encoding="utf-8")
    return path


def test_the_importer_takes_a_language_from_the_line_or_the_command(db, tmp_path):
    lines = write_lines(tmp_path / "a.jsonl",
                        {"title": "Звернення", "outlet": "Офіс Президента", "body": UKRAINIAN,
                         "language": "uk"},
                        {"title": "Сводка", "outlet": "ТАСС", "body": RUSSIAN},
                        {"title": "Bad", "outlet": "X", "body": ENGLISH, "language": "Ukrainian!"})
    err = io.StringIO()
    with pytest.raises(Exception):
        call_command("import_articles", str(lines), "--lang", "be", stdout=io.StringIO(), stderr=err)
    assert "not an ISO 639-1 code" in err.getvalue()
    languages = dict(Article.objects.values_list("headline", "language"))
    assert languages == {"Звернення": "uk", "Сводка": "be"}
    assert Outlet.objects.get(name="ТАСС").slug == "tass"


def test_exports_and_feeds_carry_cyrillic_text(client, db):
    article("Бої під Покровськом", "Бої тривають поблизу Покровська, повідомили в ЗСУ.",
            outlet_name="Українська правда", published=date(2024, 9, 1))
    index()
    export = client.get("/search/export.csv", {"q": "Pokrovsk"})
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode().lstrip("\ufeff"))))
    assert [r["text"] for r in rows] == ["Бої тривають поблизу Покровська, повідомили в ЗСУ."]
    feed = ET.fromstring(client.get("/search/feed.atom", {"q": "Покровськ"}).content)
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "Бої під Покровськом" in titles


@pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora/cyrillic is not here")
def test_importing_the_cyrillic_corpora_gives_each_article_its_language(db, tmp_path):
    sample = tmp_path / "sample.jsonl"
    lines = []
    for name in ("uk_news_shared.jsonl", "ru_news_shared.jsonl"):
        with open(CORPORA / name, encoding="utf-8") as f:
            for _, raw in zip(range(40), f):
                record = json.loads(raw)
                lines.append(dict(record, language=None, expected=record["language"]))
    write_lines(sample, *lines)
    try:       # a few Telegram posts are refused (nothing left after cleaning): not this test's matter
        call_command("import_articles", str(sample), "--quiet", stdout=io.StringIO(), stderr=io.StringIO())
    except CommandError:
        pass
    expected = {r["title"]: r["expected"] for r in lines}
    stored = dict(Article.objects.values_list("headline", "language"))
    right = sum(stored.get(title) == lang for title, lang in expected.items() if title in stored)
    assert len(stored) >= 70 and right >= 0.95 * len(stored)
    assert {f.code for f in run("").facets.languages} >= {"uk", "ru"}
