"""The import command: seeds, JSON lines, idempotence, and clear messages on bad input."""
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.importers import Defaults, import_paths
from archive.models import Article, Chunk, Commentary, Outlet

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
BODY = ("Ukrainian forces advanced further into the Kursk region on Wednesday, officials said.\n\n"
        "Moscow said its troops had repelled several attacks near the border overnight.")


def line(**fields):
    record = {"title": "Ukraine advances", "outlet": "Test Wire", "author": None,
              "published": "2024-08-14", "url": "https://example.org/a", "body": BODY}
    record.update(fields)
    return json.dumps(record, ensure_ascii=False)


def write(path, *lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*args):
    """Run the command; returns (exit code, stdout, stderr)."""
    from io import StringIO
    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        code = error.returncode
        err.write(str(error))
    return code, out.getvalue(), err.getvalue()


def outcomes(*paths, **defaults):
    seen = []
    summary = import_paths([str(p) for p in paths], Defaults(**defaults), on_outcome=seen.append)
    return summary, seen


# The seeds ----------------------------------------------------------------------------------

def test_it_loads_the_seeds_with_their_metadata():
    code, out, err = run(SEEDS)
    assert code == 0, err
    assert "5 created" in out
    articles = {Path(a.source.split()[0]).name[:3]: a for a in Article.objects.select_related("outlet")}
    assert articles["000"].outlet.name == "Meer"
    assert (articles["000"].published.isoformat(), articles["000"].published_precision) == ("2024-11-01", "month")
    assert articles["000"].published_note
    assert articles["001"].authors == "Andreas Umland" and articles["001"].url == ""
    assert articles["002"].subtitle == "Success in Kherson begets success near Kharkiv"
    assert articles["003"].headline == "Ukraine is advancing deeper into Russia, Zelenskiy says"
    assert articles["003"].authors == "Guy Faulconbridge and Pavel Polityuk"
    assert articles["004"].outlet.name == "Istituto Affari Internazionali (IAI)"
    assert articles["004"].url == "https://www.iai.it/en/print/20552"
    assert "IAI Commentaries 25/53" in articles["004"].source


def test_it_stores_the_seeds_clean():
    run(SEEDS)
    texts = list(Chunk.objects.values_list("text", flat=True))
    assert sum(t.startswith("In the space of four days") for t in texts) == 1
    for debris in ("appeared first on", "ISSN", "Montecatini", "**"):
        assert not any(debris in t for t in texts)
    assert "Incursion in Kursk" not in texts
    assert Chunk.objects.filter(heading="Incursion in Kursk").exists()


def test_it_changes_nothing_when_the_seeds_are_imported_twice():
    run(SEEDS)
    before = list(Article.objects.values_list("id", "updated", "fingerprint"))
    keys = list(Chunk.objects.values_list("key", flat=True))
    code, out, _ = run(SEEDS)
    assert code == 0 and "5 unchanged" in out
    assert list(Article.objects.values_list("id", "updated", "fingerprint")) == before
    assert list(Chunk.objects.values_list("key", flat=True)) == keys


# JSON lines ----------------------------------------------------------------------------------

def test_it_imports_json_lines_with_their_fields(tmp_path):
    path = write(tmp_path / "wire.jsonl", line(author=["Jane Roe", "John Doe"]), line(url="https://example.org/b", body="Another story entirely, about the grain corridor in the Black Sea.", published="2024-08", title=""))
    summary, seen = outcomes(path)
    assert (summary.created, summary.failed) == (2, 0)
    first, second = Article.objects.order_by("id")
    assert (first.headline, first.authors, first.outlet.name) == ("Ukraine advances", "Jane Roe and John Doe", "Test Wire")
    assert first.chunks.count() == 2
    assert second.published_precision == "month"
    assert second.headline.startswith("Another story entirely")  # no title: the first words
    assert seen[1].warnings


def test_it_updates_an_article_found_again_by_url(tmp_path):
    outcomes(write(tmp_path / "a.jsonl", line()))
    article = Article.objects.get()
    chunk = article.chunks.get(position=1)
    Commentary.objects.create(article=article, chunk=chunk, text="Compare with the ISW report.")
    changed = BODY.replace("Wednesday", "Thursday")
    summary, _ = outcomes(write(tmp_path / "b.jsonl", line(body=changed, title="Ukraine advances further")))
    assert summary.updated == 1 and Article.objects.count() == 1
    article.refresh_from_db()
    assert article.headline == "Ukraine advances further" and "Thursday" in article.body
    assert Commentary.objects.get().chunk == chunk  # the untouched paragraph kept its id


def test_it_finds_the_same_text_again_without_a_url(tmp_path):
    outcomes(write(tmp_path / "a.jsonl", line(url=None)))
    summary, _ = outcomes(write(tmp_path / "b.jsonl", line(url="https://example.org/found-later")))
    assert summary.updated == 1
    assert Article.objects.get().url == "https://example.org/found-later"


def test_it_keeps_the_url_when_the_same_text_comes_again_without_one(tmp_path):
    outcomes(write(tmp_path / "a.jsonl", line()))
    summary, _ = outcomes(write(tmp_path / "b.jsonl", line(url=None)))
    assert summary.unchanged == 1 and Article.objects.get().url == "https://example.org/a"


def test_the_same_text_at_two_urls_is_two_articles_and_stays_so(tmp_path):
    path = write(tmp_path / "a.jsonl", line(title="Law on the DPR"),
                 line(title="Law on the LPR", url="https://example.org/other"))
    assert outcomes(path)[0].created == 2
    summary, _ = outcomes(path)
    assert (summary.unchanged, Article.objects.count()) == (2, 2)


def test_it_reports_unchanged_articles(tmp_path):
    path = write(tmp_path / "a.jsonl", line())
    outcomes(path)
    summary, _ = outcomes(path)
    assert (summary.unchanged, summary.created, summary.updated) == (1, 0, 0)


def test_it_uses_options_for_what_the_source_lacks(tmp_path):
    (tmp_path / "note.md").write_text(f"# A Markdown note\n\n{BODY}", encoding="utf-8")
    summary, _ = outcomes(tmp_path, outlet="Field Notes", published="2023", published_note="a guess")
    article = Article.objects.get()
    assert summary.created == 1
    assert (article.outlet.name, article.headline, article.published_precision) == ("Field Notes", "A Markdown note", "year")


def test_it_takes_the_date_from_the_text_when_none_is_given(tmp_path):
    (tmp_path / "a.md").write_text(f"---\ntitle: T\ndate: 2024-08\n---\n\n{BODY}", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"Headline Here\n\n14 August 2024\n\n{BODY} More.", encoding="utf-8")
    outcomes(tmp_path, outlet="X")
    a, b = Article.objects.order_by("source")
    assert (a.published.isoformat(), a.published_precision) == ("2024-08-01", "month")
    assert (b.published.isoformat(), b.published_precision) == ("2024-08-14", "day")
    assert "date line" in b.published_note


def test_it_skips_hidden_files_and_a_readme_in_a_folder(tmp_path):
    (tmp_path / "article.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "README.md").write_text("# About this folder\n\nThese are the texts we received.", encoding="utf-8")
    (tmp_path / ".draft.txt").write_text(BODY + " Draft.", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.7")
    summary, _ = outcomes(tmp_path, outlet="X")
    assert (summary.created, summary.total) == (1, 1)


def test_the_manifest_wins_over_options(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "manifest.json").write_text(json.dumps({"a.txt": {"outlet": "Manifest Outlet", "headline": "H"}}))
    outcomes(tmp_path, outlet="Option Outlet")
    assert Outlet.objects.get().name == "Manifest Outlet"


# Bad input -----------------------------------------------------------------------------------

def test_it_reports_a_bad_line_and_imports_the_rest(tmp_path):
    path = write(tmp_path / "mixed.jsonl", line(), "{not json", "[1, 2]",
                 line(url="https://example.org/c", body="   ", title=""),
                 line(url="https://example.org/d", body="A different story about the Black Sea fleet and its losses."))
    code, out, err = run(path)
    assert code == 1
    assert "mixed.jsonl line 2: not valid JSON" in err
    assert "mixed.jsonl line 3: not a JSON object" in err
    assert "mixed.jsonl line 4: no text at all: neither a title nor a body" in err
    assert "2 created" in out and "3 failed" in out
    assert Article.objects.count() == 2


def test_it_reports_json_that_python_cannot_use(tmp_path):
    path = write(tmp_path / "odd.jsonl", "[" * 100_000 + "]" * 100_000, '{"body": ' + "1" * 5000 + "}",
                 r'{"title": "T", "outlet": "X", "body": "Half a surrogate \ud800 pair in this article."}')
    summary, seen = outcomes(path)
    assert summary.failed == 3 and not Article.objects.exists()
    assert "not usable JSON" in seen[0].message and "not usable JSON" in seen[1].message
    assert "invalid Unicode" in seen[2].message


def test_it_reads_utf16_with_a_byte_order_mark(tmp_path):
    (tmp_path / "wide.txt").write_bytes(BODY.encode("utf-16"))
    summary, _ = outcomes(tmp_path, outlet="X")
    assert summary.created == 1 and Article.objects.get().body == BODY


def test_it_drops_an_unsafe_url_and_keeps_the_article(tmp_path):
    path = write(tmp_path / "urls.jsonl", line(url="javascript:alert(1)"),
                 line(url="data:text/html,<script>x</script>", body="Second body text about drones over the Black Sea."),
                 line(url="ftp://example.org/x", body="Third body text about the front near Pokrovsk today."))
    summary, seen = outcomes(path)
    assert (summary.created, summary.failed) == (3, 0)
    assert not Article.objects.exclude(url="").exists()
    assert all("only http and https urls are stored" in o.warnings[0] for o in seen)
    assert [o.source.rsplit(" ", 1)[-1] for o in seen] == ["1", "2", "3"]


def test_it_reports_files_it_cannot_read(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "latin.txt").write_bytes("Kyiv said \u201cno\u201d today, officials added.".encode("cp1252"))
    (tmp_path / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "paper.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    code, out, err = run(tmp_path, tmp_path / "missing.txt", "--outlet", "X")
    assert code == 1
    assert "empty.txt: empty file" in err
    assert "latin.txt: not UTF-8 (byte 0x93" in err and "--encoding" in err
    assert "binary.md: a binary file" in err
    assert "paper.txt: a PDF file" in err
    assert "missing.txt: no such file" in err
    assert Article.objects.count() == 0


def test_it_reads_another_encoding_when_asked(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Kyiv said \u201cno\u201d today, and officials added more.".encode("cp1252"))
    code, _, err = run(tmp_path, "--outlet", "X", "--encoding", "cp1252")
    assert code == 0, err
    assert "\u201cno\u201d" in Article.objects.get().body


def test_it_reads_utf8_with_a_byte_order_mark(tmp_path):
    (tmp_path / "bom.txt").write_bytes(("\ufeff" + BODY).encode("utf-8"))
    summary, _ = outcomes(tmp_path, outlet="X")
    assert summary.created == 1 and not Article.objects.get().body.startswith("\ufeff")


def test_it_refuses_a_paragraph_that_is_not_prose_and_keeps_nothing_of_it(tmp_path):
    path = write(tmp_path / "big.jsonl", line(body="Intro paragraph.\n\n" + "A" * 30_000))
    summary, seen = outcomes(path)
    assert summary.failed == 1 and "without a sentence end" in seen[0].message
    assert not Article.objects.exists() and not Outlet.objects.exists() and not Chunk.objects.exists()


def test_a_bad_date_leaves_the_date_unknown_and_keeps_the_article(tmp_path):
    path = write(tmp_path / "a.jsonl", line(published="2024-13-01"))
    summary, seen = outcomes(path)
    assert summary.created == 1
    assert "is not a date" in seen[0].warnings[0] and "unknown" in seen[0].warnings[0]
    article = Article.objects.get()
    assert (article.published, article.published_precision) == (None, "unknown")


def test_it_reports_an_unknown_manifest_field(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "manifest.json").write_text(json.dumps({"a.txt": {"outlet": "X", "autor": "typo"}}))
    summary, seen = outcomes(tmp_path)
    assert summary.failed == 1 and "unknown field(s) autor" in seen[0].message


def test_it_refuses_a_bad_published_option():
    with pytest.raises(CommandError, match="--published"):
        call_command("import_articles", str(SEEDS), "--published", "last week")


def test_an_edited_file_updates_its_article(tmp_path):
    folder = shutil.copytree(SEEDS, tmp_path / "seeds")
    run(folder)
    text = (folder / "003_c4d78ffbdc38b58c.txt").read_text(encoding="utf-8")
    (folder / "003_c4d78ffbdc38b58c.txt").write_text(text.replace("117 Ukrainian drones", "118 Ukrainian drones"), encoding="utf-8")
    code, out, _ = run(folder)
    assert code == 0 and "1 updated" in out and "4 unchanged" in out
    assert Article.objects.count() == 5
    assert "118 Ukrainian drones" in Article.objects.get(headline__startswith="Ukraine is advancing").body


def test_a_copy_of_the_seeds_elsewhere_is_the_same_articles(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "copy")
    run(SEEDS)
    code, out, _ = run(tmp_path / "copy")
    assert code == 0 and "5 unchanged" in out and Article.objects.count() == 5
