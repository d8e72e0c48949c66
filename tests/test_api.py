"""GET /api/search: the documented JSON, 400s naming the parameter, never a 500."""
from datetime import date

import pytest

from tests.search_archive import article, index

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    article("Kursk incursion", "Ukrainian troops crossed into the Kursk region.",
            outlet_name="Reuters", published=date(2024, 8, 14), authors="Guy Faulconbridge")
    article("Kharkiv <b>bold</b>", "Shelling near Kharkiv & Kursk.", outlet_name="BBC",
            published=date(2022, 9, 6))
    index()


def test_it_returns_the_documented_fields(client, archive):
    data = client.get("/api/search", {"q": "kursk", "outlet": "reuters"}).json()
    assert set(data) >= {"query", "interpreted", "variants_used", "total_articles",
                         "total_paragraphs", "page", "pages", "results", "facets", "suggestion"}
    assert data["query"] == "kursk" and data["total_articles"] == 1 and data["pages"] == 1
    [result] = data["results"]
    assert set(result["article"]) >= {"id", "headline", "outlet", "authors", "published",
                                      "url", "permalink"}
    assert result["article"]["outlet"] == {"slug": "reuters", "name": "Reuters"}
    assert result["article"]["published"] == "2024-08-14"
    assert result["matching_paragraphs"] == 1
    assert set(result["paragraphs"][0]) == {"id", "position", "heading", "html", "permalink", "language",
                                            "fingerprint", "cluster", "boilerplate", "also_in",
                                            "also_in_count"}
    assert result["paragraphs"][0]["position"] == 1       # numbered as on the page
    assert result["paragraphs"][0]["heading"] is None
    assert result["article"]["url"] is None               # missing: null, as in exports
    assert "<mark>Kursk</mark>" in result["paragraphs"][0]["html"]
    assert result["commentary"] == []
    outlets = {o["slug"]: o for o in data["facets"]["outlet"]}
    assert outlets["reuters"]["selected"] and outlets["bbc"]["count"] == 1
    assert data["facets"]["published"] == [{"bucket": "2024", "count": 1}]   # after filters
    assert data["suggestion"] is None


def test_it_escapes_text_in_html_fields(client, archive):
    data = client.get("/api/search", {"q": "kharkiv"}).json()
    html = data["results"][0]["paragraphs"][0]["html"]
    assert "&amp;" in html and "<b>" not in html
    assert data["results"][0]["article"]["headline"] == "Kharkiv <b>bold</b>"


@pytest.mark.parametrize("params, name", [
    ({"from": "2024-13-45"}, "from"), ({"to": "yesterday"}, "to"), ({"page": "-1"}, "page"),
    ({"per_page": "10000"}, "per_page"), ({"outlet": "nowhere"}, "outlet"),
    ({"exclude_outlet": "nowhere"}, "exclude_outlet"), ({"sort": "random"}, "sort"),
    ({"group": "outlet"}, "group"), ({"variants": "maybe"}, "variants"), ({"page": "x"}, "page"),
])
def test_it_names_the_bad_parameter_in_a_400(client, archive, params, name):
    reply = client.get("/api/search", params)
    assert reply.status_code == 400
    assert name in reply.json()["parameters"]


def test_it_accepts_any_query_text(client, archive):
    for q in ['"unbalanced', "NOT", "x" * 5000, "a\x00b", "🇺🇦 Київ", "(((", "*"]:
        assert client.get("/api/search", {"q": q}).status_code == 200


def test_it_answers_503_with_a_message_when_there_is_no_index(client, db, caplog, settings):
    reply = client.get("/api/search", {"q": "kursk"})
    assert reply.status_code == 503
    assert reply.json()["message"] == "The search index cannot be read at the moment."
    assert str(settings.SEARCH_INDEX_DIR) not in reply.content.decode()
    assert "rebuild_index" in caplog.text


def test_it_pages_past_the_end_to_an_empty_page(client, archive):
    data = client.get("/api/search", {"q": "kursk", "page": 5}).json()
    assert data["results"] == [] and data["page"] == 5 and data["pages"] == 1


@pytest.mark.parametrize("path", ["/api/search", "/api/attention", "/api/openapi.json", "/api/"])
@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_it_answers_other_methods_with_a_json_405(client, path, method):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)       # as a browser or a script would meet it
    reply = getattr(strict, method)(path, {"q": "kursk"}, content_type="application/json")
    assert reply.status_code == 405
    assert reply["Allow"] == "GET, HEAD"
    assert reply.json()["error"] == "method not allowed"


def test_head_answers_where_get_does(client, archive):
    from archive.models import Article

    pk = Article.objects.first().pk
    for path in (f"/articles/{pk}/cite.bib", f"/articles/{pk}/cite.ris",
                 f"/articles/{pk}/cite.csl.json", "/api/openapi.json", "/api/",
                 "/api/search?q=kursk", "/api/attention?q=kursk"):
        got, head = client.get(path), client.head(path)
        assert head.status_code == got.status_code == 200, path
        assert head["Content-Type"] == got["Content-Type"]
        assert head.content == b""


@pytest.mark.parametrize("path, kind", [
    ("/search/export.json", "application/json"), ("/search/export.csv", "text/plain"),
    ("/search/export.ris", "text/plain"), ("/search/export.bib", "text/plain"),
    ("/search/attention.csv", "text/plain"), ("/api/attention", "application/json"),
    ("/search/feed.atom", "application/xml")])
def test_a_bad_parameter_is_answered_in_the_outputs_own_kind(client, archive, path, kind):
    import json
    import xml.etree.ElementTree as ET

    reply = client.get(path, {"q": "kursk", "to": "2024-99"})
    assert reply.status_code == 400
    assert reply["Content-Type"].startswith(kind)
    body = reply.content.decode()
    if kind == "application/json":
        assert "to" in json.loads(body)["parameters"]
    elif kind == "application/xml":
        error = ET.fromstring(reply.content)
        assert [p.get("name") for p in error.iter("parameter")] == ["to"]
    else:
        assert "\nto: " in body and "<" not in body
