"""Re-detecting the language of stored articles: manage.py detect_languages, and the
setting that limits detection (ARCHIVE_LANGUAGES). Detection itself: tests/engine/test_languages.py."""
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.models import Article
from search.models import IndexChange
from tests.search_archive import article, index, run

# As a Kremlin release words it: py3langid alone calls it Nigerian Pidgin.
KREMLIN = ("The President will receive letters of credence from Abdullahi Shehu of Nigeria, "
           "Maju Kake of Guinea and Hassan Abdi Daoud of Somalia.")
ROOT = Path(__file__).resolve().parents[1]
UKRAINIAN = "Сьогодні в Києві пройшла зустріч міністрів закордонних справ, повідомили в уряді."


def stored_as(language, headline, *paragraphs):
    """An article stored with `language`, as detection without limits once stored it."""
    made = article(headline, *paragraphs)
    made.language = language
    made.save()
    return made


def detect_languages(*options):
    out = io.StringIO()
    call_command("detect_languages", *options, stdout=out)
    return out.getvalue()


def test_a_new_article_is_detected_among_the_archives_languages_only(db):
    made = article("Talks in the Kremlin", KREMLIN)
    assert made.language == "en"


def test_it_detects_articles_in_a_language_the_archive_does_not_hold_and_the_index_follows(db):
    kremlin = stored_as("pcm", "Talks in the Kremlin", KREMLIN, "Moscow, Kremlin.")
    kyiv = article("Зустріч у Києві", UKRAINIAN)
    index()
    assert {(c.code, c.name) for c in run("").facets.languages} == \
        {("pcm", "Nigerian Pidgin"), ("uk", "Ukrainian")}
    assert kremlin.chunks.get(position=1).language == "pcm"     # too short: the article's
    logged = IndexChange.objects.count()

    report = detect_languages()

    kremlin.refresh_from_db()
    assert kremlin.language == "en"
    assert {c.language for c in kremlin.chunks.all()} == {"en"}
    assert Article.objects.get(pk=kyiv.pk).language == "uk"           # held: not looked at
    assert IndexChange.objects.count() > logged                       # the index is told
    assert {(c.code, c.name) for c in run("").facets.languages} == \
        {("en", "English"), ("uk", "Ukrainian")}
    assert [r.article.id for r in run("", languages=("en",)).results] == [kremlin.pk]
    assert "1 article(s) checked; 1 changed" in report and "Nigerian Pidgin -> English: 1" in report


def test_a_dry_run_changes_nothing(db):
    kremlin = stored_as("pcm", "Talks in the Kremlin", KREMLIN)
    logged = IndexChange.objects.count()
    assert "1 would change" in detect_languages("--dry-run")
    kremlin.refresh_from_db()
    assert kremlin.language == "pcm" and IndexChange.objects.count() == logged


def test_all_detects_again_a_language_set_by_hand_and_keeps_the_articles_last_change(db):
    mislabelled = stored_as("ru", "Зустріч у Києві", UKRAINIAN)
    changed = Article.objects.get(pk=mislabelled.pk).updated
    assert "0 article(s) checked" in detect_languages()            # ru is held: kept
    assert "1 changed" in detect_languages("--all")
    mislabelled.refresh_from_db()
    assert mislabelled.language == "uk" and mislabelled.updated == changed
    assert "0 changed" in detect_languages("--all")                 # nothing left to do


def test_the_setting_names_a_code_the_detector_cannot_give(tmp_path):
    from search.text.detection import check_languages
    assert check_languages([" EN", "uk", "ru", "de", "uk"]) == ("en", "uk", "ru", "de")
    with pytest.raises(ValueError, match="xx"):
        check_languages(["en", "xx"])
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="archive.settings", DEBUG="true",
               DATA_DIR=str(tmp_path), ARCHIVE_LANGUAGES="en,klingon")
    started = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
    assert started.returncode != 0
    assert "ARCHIVE_LANGUAGES: language codes the detector cannot give: klingon" in started.stderr
