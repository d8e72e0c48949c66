"""`manage.py lexicon_coverage`: how much of a corpus the lexicon covers, per language, and
which frequent content words it misses."""
import json

import pytest
from django.core.management import CommandError, call_command

LEXICON = ("military\ten:drone\tuk:дрон\tuk:безпілотник\tru:дрон\tru:беспилотник\n"
           "military\ten:air defense\tuk:протиповітряна оборона\tuk:ППО\t"
           "ru:противовоздушная оборона\tru:ПВО\n")
RECORDS = [
    {"title": "Drones over the city", "language": "en",
     "body": "Air defense shot down drones. Drones and more drones. Kyiv said the drones came at night."},
    {"title": "Дрони над містом",
     "body": "Сили ППО збили безпілотники над містом. Безпілотники летіли вночі, дрони теж."},
    {"id": "pair", "uk_title": "Протиповітряна оборона", "uk_body": "Протиповітряна оборона працювала.",
     "en_title": "Air defense", "en_body": "Air defense worked all night."},
]


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS) + "\n",
                    encoding="utf-8")
    lexicon = tmp_path / "lexicon.tsv"
    lexicon.write_text(LEXICON, encoding="utf-8")
    return path, lexicon


def test_it_reports_coverage_per_language_and_what_is_not_covered(corpus, tmp_path, capsys):
    path, lexicon = corpus
    out = tmp_path / "coverage.json"
    call_command("lexicon_coverage", str(path), "--lexicon", str(lexicon), "--json", str(out))
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert set(figures) == {"en", "uk"}
    english, ukrainian = figures["en"], figures["uk"]
    assert english["documents"] == 2 and ukrainian["documents"] == 2
    # "Kyiv" is a name (capitalised mid-sentence): not a content word; "the", "and" are not either
    uncovered = dict(english["uncovered"])
    assert "kyiv" not in uncovered and "the" not in uncovered and "and" not in uncovered
    assert {"shot", "night", "came"} <= set(uncovered)
    # "drones" five times and "air defense" three times (two words each)
    assert english["covered_tokens"] == 11
    assert english["token_share"] == pytest.approx(11 / english["content_tokens"])
    # дрони x2, ППО, безпілотники x2, "протиповітряна оборона" x2 (two words each)
    assert ukrainian["covered_tokens"] == 9
    assert "Ukrainian:" in capsys.readouterr().out


def test_before_the_lexicon_nothing_is_covered(corpus, tmp_path):
    path, _ = corpus
    out = tmp_path / "coverage.json"
    call_command("lexicon_coverage", str(path), "--no-lexicon", "--json", str(out))
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert all(f["covered_tokens"] == 0 and f["top_500_share"] == 0 for f in figures.values())


def test_a_malformed_lexicon_or_a_missing_corpus_is_a_clear_error(corpus, tmp_path):
    path, lexicon = corpus
    bad = tmp_path / "bad.tsv"
    bad.write_text("# header\nmilitary\ten:drone\tuk:дрон\n", encoding="utf-8")
    with pytest.raises(CommandError, match="bad.tsv line 2: no Russian term"):
        call_command("lexicon_coverage", str(path), "--lexicon", str(bad))
    with pytest.raises(CommandError, match="no such file"):
        call_command("lexicon_coverage", str(tmp_path / "missing.jsonl"), "--lexicon", str(lexicon))
