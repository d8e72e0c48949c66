"""GET /api/ describes every parameter and field of /api/search; /api/openapi.json the same."""
from datetime import date

import pytest
from pytest_django.asserts import assertContains

from search.web.api_docs import FIELDS, PARAMETERS
from search.service import SearchForm
from tests.search_archive import article, comment, index

pytestmark = pytest.mark.django_db


def paths_of(value, prefix=""):
    """Every dotted field path of a JSON value, [] for list items."""
    if isinstance(value, dict):
        found = set()
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            found.add(path)
            if not (prefix.startswith("facets") or path in ("results[].article.outlet",)):
                found |= paths_of(item, path)
        return found
    if isinstance(value, list) and value and prefix in ("results", "results[].paragraphs",
                                                        "results[].commentary", "translations",
                                                        "results[].glosses"):
        return paths_of(value[0], prefix + "[]")
    return set()


def test_it_documents_every_field_an_answer_has_and_no_other(client):
    report = article("Kursk incursion", "Troops crossed into Kursk.", published=date(2024, 8, 6))
    comment(report, "Kursk again.", paragraph=0)
    article("Дрони над містом", "Уночі над містом збили три безпілотники, повідомила "
            "обласна адміністрація.")
    index()
    answer = client.get("/api/search", {"q": "kursk"}).json()
    translated = client.get("/api/search", {"q": "drones"}).json()   # translations, glosses
    documented = {f.path for f in FIELDS}
    assert paths_of(answer) | paths_of(translated) == documented


def test_it_documents_every_parameter_the_form_reads():
    assert {p.name for p in PARAMETERS} == set(SearchForm().fields)


def test_the_page_lists_parameters_with_examples_and_is_linked_from_the_footer(client):
    response = client.get("/api/")
    assertContains(response, "<th scope=\"row\"><code>per_page</code></th>", html=True)
    assertContains(response, '<a href="/api/openapi.json">OpenAPI 3.1</a>', html=True)
    article("Kursk incursion", "Troops crossed into Kursk.")
    index()
    assertContains(client.get("/"), '<a href="/api/">JSON API</a>', html=True)


def test_the_openapi_document_describes_the_search(client):
    document = client.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    operation = document["paths"]["/api/search"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {p.name for p in PARAMETERS}
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    paragraph = schema["properties"]["results"]["items"]["properties"]["paragraphs"]["items"]
    assert paragraph["properties"]["position"]["type"] == "integer"
    assert schema["properties"]["suggestion"]["type"] == ["object", "null"]
