"""Nothing lost, and identity that respects outlets: headline-only records, urls without a
scheme, records naming no outlet, the same text from several outlets, repeats in one run."""
import json

import pytest

from archive.importers import Defaults, import_paths
from archive.models import Article, Outlet
from tests.test_import import line, run, write

pytestmark = pytest.mark.django_db

TEXT = ("Russian forces struck the port of Odesa overnight, regional officials said.\n\n"
        "The strike damaged grain silos and injured two dock workers, they added.")


def outcomes(*paths, **defaults):
    seen = []
    summary = import_paths([str(p) for p in paths], Defaults(**defaults), on_outcome=seen.append)
    return summary, seen


def test_a_headline_without_a_body_is_an_article(tmp_path):
    path = write(tmp_path / "headlines.jsonl",
                 json.dumps({"title": "Zelensky visits Kherson", "outlet": "Wire", "url": "https://w.org/1"}),
                 json.dumps({"title": "Grain deal extended", "lead": "For 120 days.", "outlet": "Wire", "body": ""}))
    summary, seen = outcomes(path)
    assert (summary.created, summary.failed, summary.headline_only) == (2, 0, 2)
    first, second = Article.objects.order_by("id")
    assert first.headline_only and first.body == "Zelensky visits Kherson"
    assert first.chunks.count() == 1  # so it is searched, shown, exported like any article
    assert second.body == "Grain deal extended\n\nFor 120 days."


def test_a_headline_only_copy_never_erases_a_text(tmp_path):
    outcomes(write(tmp_path / "a.jsonl", line()))
    summary, _ = outcomes(write(tmp_path / "b.jsonl", line(body="")))
    article = Article.objects.get()
    assert summary.unchanged == 1 and not article.headline_only and "Kursk" in article.body


def test_a_record_without_any_text_is_rejected_and_says_so(tmp_path):
    summary, seen = outcomes(write(tmp_path / "a.jsonl", json.dumps({"outlet": "Wire", "url": "https://w.org/x"})))
    assert summary.failed == 1 and seen[0].message.startswith("no text at all: neither a title nor a body")
    assert seen[0].message.endswith("this line has outlet, url")


def test_a_url_without_a_scheme_is_repaired(tmp_path):
    summary, seen = outcomes(write(tmp_path / "a.jsonl", line(url="tass.com/world/1515419")))
    assert summary.created == 1 and Article.objects.get().url == "https://tass.com/world/1515419"
    assert "had no scheme" in seen[0].warnings[0] and seen[0].source.endswith("line 1")


def test_an_invalid_url_is_dropped_not_the_article(tmp_path):
    summary, seen = outcomes(write(tmp_path / "a.jsonl", line(url="https://exa mple.org/a b")))
    assert summary.created == 1 and Article.objects.get().url == ""
    assert "not a valid web address" in seen[0].warnings[0]


def test_a_record_without_an_outlet_takes_the_option_then_the_domain_then_unknown(tmp_path):
    path = write(tmp_path / "a.jsonl", line(outlet=None, url="https://www.msnbc.com/a"),
                 line(outlet=None, url="", body="A second text about the Zaporizhzhia nuclear plant."))
    summary, _ = outcomes(path)
    assert set(Outlet.objects.values_list("name", "slug")) == {("msnbc.com", "msnbc-com"), ("Unknown outlet", "unknown-outlet")}
    assert summary.outlet_from == {"domain": 1, "unknown": 1}
    Article.objects.all().delete()
    outcomes(path, outlet="Given")
    assert set(Article.objects.values_list("outlet__name", flat=True)) == {"Given"}


def test_records_naming_no_outlet_get_one_summary_line(tmp_path):
    path = write(tmp_path / "a.jsonl", *[line(outlet=None, url=f"https://kyivindependent.com/{i}",
                                              body=f"Story number {i} about the front line near Bakhmut.") for i in range(5)])
    code, out, err = run(path)
    assert code == 0, err
    assert out.count("named no outlet") == 1 and "5 records named no outlet: 5 filed under their url's domain" in out
    assert "manifest" not in err


def test_a_domain_named_outlet_gets_a_readable_name():
    assert Outlet.objects.create(name="tass.com").slug == "tass-com"
    from archive.outlets import outlet_name
    assert outlet_name("www.MSNBC.com") == "msnbc.com" and outlet_name("Kyiv Post") == "Kyiv Post"


def test_the_same_text_from_three_outlets_is_three_articles(tmp_path):
    path = write(tmp_path / "a.jsonl", *[json.dumps({"title": "Odesa port struck", "outlet": o, "body": TEXT})
                                         for o in ("AP", "ABC News", "Yahoo News")])
    summary, _ = outcomes(path)
    assert summary.created == 3
    assert sorted(Article.objects.values_list("outlet__name", flat=True)) == ["ABC News", "AP", "Yahoo News"]


def test_a_repeated_record_is_reported_with_both_lines_and_changes_nothing(tmp_path):
    path = write(tmp_path / "a.jsonl", json.dumps({"title": "Odesa port struck", "outlet": "AP", "body": TEXT}),
                 line(), json.dumps({"title": "Another headline", "outlet": "AP", "body": TEXT}))
    code, out, err = run(path)
    assert code == 0 and "2 created" in out and "1 repeated" in out
    assert "a.jsonl line 3: repeats" in err and "a.jsonl line 1 (its headline differs: the first is kept)" in err
    assert Article.objects.filter(headline="Odesa port struck").exists()


def test_the_same_url_is_an_update_that_says_what_changed(tmp_path):
    outcomes(write(tmp_path / "a.jsonl", line()))
    code, out, _ = run(write(tmp_path / "b.jsonl", line(title="Ukraine advances further", outlet="Other Wire")))
    assert code == 0 and "1 updated" in out
    assert "headline: 'Ukraine advances' -> 'Ukraine advances further'" in out
    assert "outlet: 'Test Wire' -> 'Other Wire'" in out
    assert Article.objects.count() == 1


def test_the_same_text_in_the_same_outlet_without_a_url_is_the_same_article(tmp_path):
    record = json.dumps({"title": "Odesa port struck", "outlet": "AP", "body": TEXT})
    outcomes(write(tmp_path / "a.jsonl", record))
    summary, _ = outcomes(write(tmp_path / "b.jsonl", record))
    assert summary.unchanged == 1 and Article.objects.count() == 1


def test_control_characters_are_removed_at_import(tmp_path):
    path = write(tmp_path / "a.jsonl", line(title="Drones\u0000 over\u0007 Kursk\u009f", body=BODY_WITH_CONTROLS))
    outcomes(path)
    article = Article.objects.get()
    assert article.headline == "Drones over Kursk"
    assert "\x00" not in article.body and "\x1b" not in article.body


BODY_WITH_CONTROLS = "Drones struck\x00 a depot in the \x1bKursk region overnight, officials said."


def test_an_undated_record_has_an_unknown_date(tmp_path):
    outcomes(write(tmp_path / "a.jsonl", line(published=None)))
    assert Article.objects.get().published_precision == "unknown"
