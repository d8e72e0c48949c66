"""Exports of a search: every matching paragraph as CSV or JSON, with citations, streamed."""
import csv
import io
import json
from datetime import date

import pytest

from archive.models import Article, Outlet
from search.web import exports
from search.types import ArticleRef, ExportMatch, ParagraphHit, SearchRequest

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(1)>'


def hits_for(article):
    ref = ArticleRef(
        id=article.pk, headline=article.headline, outlet_slug=article.outlet.slug,
        outlet_name=article.outlet.name, authors=article.authors, published=article.published,
        precision=article.published_precision, url=article.url,
        permalink=article.get_absolute_url(),
    )
    return [ExportMatch(ref, ParagraphHit(id=c.key, position=c.position, heading=c.heading,
                                          html="trimmed <mark>snippet</mark>",
                                          permalink=c.get_absolute_url(), text=c.text), [])
            for c in article.chunks.all()]


def make_article(**fields):
    values = {"headline": "Kursk incursion", "authors": "Andreas Umland",
              "published": date(2024, 8, 10), "url": "https://foreignpolicy.com/kursk",
              "body": "=SUM(A1:A9) opens this paragraph.\n\nA long second paragraph on Kursk."}
    values.update(fields)
    return Article.objects.create(outlet=Outlet.objects.create(name="Foreign Policy"), **values)


def rows_of(article):
    items = iter(hits_for(article))
    return exports.as_rows(next(items), items)


def read_csv(article):
    text = "".join(exports.csv_lines(rows_of(article), "https://archive.example/"))
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_it_exports_full_paragraph_text_and_a_citation_per_row():
    article = make_article()
    rows = read_csv(article)
    assert [r["position"] for r in rows] == ["1", "2"]
    second = article.chunks.get(position=1)
    assert rows[1]["text"] == "A long second paragraph on Kursk."
    assert rows[1]["permalink"] == f"https://archive.example/articles/{article.pk}/#p-{second.key}"
    assert rows[1]["citation"] == (
        "Foreign Policy. Andreas Umland. “Kursk incursion”. 10 Aug 2024. "
        f"https://foreignpolicy.com/kursk. Paragraph 2: {rows[1]['permalink']}"
    )


def test_it_neutralises_cells_a_spreadsheet_would_run_as_formulas():
    article = make_article(headline="+cmd|' /C calc'!A0", authors="@SUM(1)")
    rows = read_csv(article)
    assert rows[0]["text"].startswith("'=SUM(")
    assert rows[0]["headline"].startswith("'+cmd")
    assert rows[0]["authors"] == "'@SUM(1)"
    assert exports.neutralise("-2+3") == "'-2+3"
    assert exports.neutralise("Kyiv") == "Kyiv"


def test_it_writes_json_that_parses_with_citations_and_inert_markup():
    article = make_article(headline=f"Headline {HOSTILE}", url="javascript:alert(1)",
                           body=f"Para {HOSTILE}\n\nSecond.")
    text = "".join(exports.json_chunks(SearchRequest(q="kursk"), rows_of(article),
                                       "https://archive.example/"))
    assert "<script" not in text and "<img" not in text
    data = json.loads(text)
    assert data["query"] == "kursk"
    first = data["paragraphs"][0]
    assert first["paragraph"]["text"] == f"Para {HOSTILE}"
    assert first["article"]["url"] is None
    assert "javascript:" not in first["citation"]
    assert first["citation"].startswith("Foreign Policy. Andreas Umland. “Headline <script>")


def test_it_streams_an_empty_export_as_valid_files():
    assert json.loads("".join(exports.json_chunks(SearchRequest(q="x"), iter([]), "/")))[
        "paragraphs"] == []
    assert "".join(exports.csv_lines(iter([]), "/")).lstrip("\ufeff").startswith("article_id,")


# ---------------------------------------------------------------- through the views

def indexed_archive():
    from tests.search_archive import article, index

    for n in range(12):
        article(f"Field report {n}", f"Kursk paragraph A{n}.", f"Kursk paragraph B{n}.",
                "Nothing here.", outlet_name="Reuters" if n % 2 else "Meer")
    evil = article(f"Kursk {HOSTILE}", f"=1+1 Kursk {HOSTILE}", outlet_name="Meer")
    evil.url = "javascript:alert(1)"
    evil.save()
    index()


def streamed(response):
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def test_it_exports_every_matching_paragraph_not_only_the_page_as_csv(client):
    indexed_archive()
    response = client.get("/search/export.csv", {"q": "kursk", "per_page": 10})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(streamed(response).lstrip("\ufeff"))))
    assert len(rows) == 25                               # 12 articles x 2 paragraphs + 1
    assert all(row["article_id"].isdigit() for row in rows)    # every row is data
    assert response["X-Export-Complete"] == "true"
    assert response["Content-Disposition"].endswith('-all-25.csv"')
    evil = [r for r in rows if "alert" in r["text"]][0]
    assert evil["text"].startswith("'=1+1")
    assert evil["original_url"] == ""


def test_it_exports_the_filtered_search_as_json(client):
    indexed_archive()
    response = client.get("/search/export.json", {"q": "kursk", "outlet": "reuters"})
    assert response.status_code == 200
    text = streamed(response)
    assert "<script" not in text
    data = json.loads(text)
    assert data["outlets"] == ["reuters"]
    assert len(data["paragraphs"]) == 12
    assert all(p["article"]["outlet"]["slug"] == "reuters" for p in data["paragraphs"])
    assert all(p["citation"].startswith("Reuters. “Field report") for p in data["paragraphs"])


def test_it_answers_400_naming_a_bad_export_parameter(client):
    response = client.get("/search/export.csv", {"q": "kursk", "to": "2024-99"})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"   # a file, not a page
    assert response.content.decode().splitlines()[1].startswith("to: ")


def test_it_exports_an_article_matched_by_its_headline_alone(client):
    from tests.search_archive import article, index

    article("Kursk, a turning point", "Troops crossed the border.", "They dug in.")
    article("Kursk without a body")
    index()
    data = json.loads(streamed(client.get("/search/export.json", {"q": "kursk"})))
    rows = {row["article"]["headline"]: row for row in data["paragraphs"]}
    assert rows["Kursk, a turning point"]["paragraph"]["text"] == "Troops crossed the border."
    assert rows["Kursk, a turning point"]["paragraph"]["position"] == 1
    assert rows["Kursk without a body"]["paragraph"] is None
    assert rows["Kursk without a body"]["article"]["authors"] is None
    csv_rows = list(csv.DictReader(io.StringIO(
        streamed(client.get("/search/export.csv", {"q": "kursk"})).lstrip("\ufeff"))))
    assert sorted(r["headline"] for r in csv_rows) == ["Kursk without a body",
                                                      "Kursk, a turning point"]


def test_it_exports_the_commentary_the_query_matched(client):
    from tests.search_archive import article, comment, index

    report = article("Field report", "Shelling near Kharkiv.", "Drones over Kyiv.")
    comment(report, "Kharkiv was shelled again the next day.", paragraph=0)
    comment(report, "Compare the Kharkiv report of May.")
    comment(report, "A note on sources.")
    index()
    data = json.loads(streamed(client.get("/search/export.json", {"q": "kharkiv"})))
    [row] = data["paragraphs"]
    assert [(c["text"], c["paragraph_id"] is None) for c in row["commentary"]] == [
        ("Kharkiv was shelled again the next day.", False),
        ("Compare the Kharkiv report of May.", True)]
    [line] = list(csv.DictReader(io.StringIO(
        streamed(client.get("/search/export.csv", {"q": "kharkiv"})).lstrip("\ufeff"))))
    assert line["commentary"] == ("Kharkiv was shelled again the next day.\n\n"
                                  "[On the whole article] Compare the Kharkiv report of May.")


def test_it_cuts_a_large_export_at_the_row_limit_and_says_so_in_its_name(client, settings):
    indexed_archive()
    settings.EXPORT_MAX_ROWS = 10
    response = client.get("/search/export.csv", {"q": "kursk"})
    assert (response["X-Export-Rows"], response["X-Export-Matching"]) == ("10", "25")
    assert response["X-Export-Complete"] == "false"
    assert response["Content-Disposition"].endswith('-first-10-of-25.csv"')
    rows = list(csv.reader(io.StringIO(streamed(response).lstrip("\ufeff"))))
    assert len(rows) == 1 + 10
    assert {len(row) for row in rows} == {len(rows[0])}     # no row of another shape


def test_it_says_in_the_json_whether_the_export_is_complete(client, settings):
    indexed_archive()
    data = json.loads(streamed(client.get("/search/export.json", {"q": "kursk"})))
    assert data["export"] == {"rows": 25, "matching": 25, "complete": True, "cut": ""}
    settings.EXPORT_MAX_ROWS = 3
    data = json.loads(streamed(client.get("/search/export.json", {"q": "kursk"})))
    assert len(data["paragraphs"]) == 3
    assert data["export"]["complete"] is False
    assert data["export"]["cut"].startswith("cut: 3 of 25")


def test_an_export_cut_by_its_time_limit_holds_fewer_rows_than_its_name_says(client,
                                                                           settings):
    indexed_archive()
    settings.EXPORT_MAX_SECONDS = 0
    response = client.get("/search/export.csv", {"q": "kursk"})
    assert response["Content-Disposition"].endswith('-all-25.csv"')
    rows = list(csv.reader(io.StringIO(streamed(response).lstrip("\ufeff"))))
    assert rows == [list(exports.CSV_COLUMNS)]
    data = json.loads(streamed(client.get("/search/export.json", {"q": "kursk"})))
    assert data["export"]["cut"].startswith("cut: 0 of 25 matches (the export's time limit")


def test_it_answers_429_beyond_the_concurrent_exports_and_frees_the_slot(client, settings):
    indexed_archive()
    settings.EXPORT_MAX_CONCURRENT = 1
    first = client.get("/search/export.csv", {"q": "kursk"})     # streaming, not yet closed
    busy = client.get("/search/export.json", {"q": "kursk"})
    assert busy.status_code == 429
    assert busy["Retry-After"] == "30"
    # A download dropped half way frees its slot too. (Closed outside a request, so, as the
    # test client does, without the signal that would close the test's own connection.)
    from django.core.signals import request_finished
    from django.db import close_old_connections
    request_finished.disconnect(close_old_connections)
    try:
        first.close()
    finally:
        request_finished.connect(close_old_connections)
    assert client.get("/search/export.json", {"q": "kursk"}).status_code == 200


def test_it_exports_a_search_of_any_size_to_a_file_from_the_command_line(settings, tmp_path):
    from django.core.management import call_command

    indexed_archive()
    settings.EXPORT_MAX_ROWS = 3
    call_command("export_search", str(tmp_path / "kursk.json"), "--query", "q=kursk&outlet=meer")
    data = json.loads((tmp_path / "kursk.json").read_text())
    assert data["export"] == {"rows": 13, "matching": 13, "complete": True, "cut": ""}
    # "Nothing here." closes every report of both outlets: their boilerplate, left out
    # unless asked for
    call_command("export_search", str(tmp_path / "all.csv"))
    rows = list(csv.reader(io.StringIO((tmp_path / "all.csv").read_text().lstrip("\ufeff"))))
    assert len(rows) == 1 + 25
    call_command("export_search", str(tmp_path / "every.csv"), "--query", "boilerplate=on")
    rows = list(csv.reader(io.StringIO((tmp_path / "every.csv").read_text().lstrip("\ufeff"))))
    assert len(rows) == 1 + 37


def test_it_never_writes_a_control_character_stored_in_the_text(client):
    from tests.search_archive import article, index

    from django.db import connection

    nul = "\x00" if connection.vendor == "sqlite" else "\x01"   # PostgreSQL refuses a NUL
    stored = article(f"Kursk{nul} report\x1b", f"Kursk{nul} paragraph with a NUL\x07.")
    assert nul in stored.headline and nul in stored.chunks.get().text
    index()
    for path in ("/search/export.csv", "/search/export.json"):
        text = streamed(client.get(path, {"q": "kursk"}))
        assert "Kursk paragraph with a NUL." in text.replace("\\u003c", "<")
        assert not any(c in text for c in nul + "\x07\x1b")
    page = client.get("/", {"q": "kursk"}).content.decode()
    assert "Kursk report" in page and nul not in page
