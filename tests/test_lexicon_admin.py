"""The lexicon extended in the admin: an archivist's concept translates from the next search on."""
import pytest

from archive.models import LexiconConcept
from tests.search_archive import article, headlines, index, run

BALLOON = "en: balloon drone\nuk: повітряна куля-розвідник\nru: аэростат-разведчик"


@pytest.fixture
def archive(db):
    article("Куля над Києвом", "Уночі над містом помітили повітряну кулю-розвідник.",
            outlet_name="Суспільне")
    article("Weather", "A weather balloon rose over the steppe.", outlet_name="AP")
    index()


def test_an_archivists_concept_translates_from_the_next_search(archive, admin_client):
    assert "Куля над Києвом" not in headlines(run("balloon drone"))
    response = admin_client.post("/admin/archive/lexiconconcept/add/", {
        "domain": "military", "terms": BALLOON, "note": "seen over Kyiv in 2023"})
    assert response.status_code == 302
    found = run("balloon drone")
    assert headlines(found)[0] == "Куля над Києвом"           # no rebuild, same index
    assert [added.code for added in found.translations] == ["uk"]
    LexiconConcept.objects.all().delete()
    assert "Куля над Києвом" not in headlines(run("balloon drone"))


def test_the_admin_refuses_a_concept_without_a_language_and_says_which(admin_client, db):
    response = admin_client.post("/admin/archive/lexiconconcept/add/", {
        "domain": "military", "terms": "en: balloon drone\nuk: повітряна куля-розвідник"})
    assert response.status_code == 200
    assert "no Russian term" in response.content.decode()
    assert not LexiconConcept.objects.exists()


def test_a_malformed_row_saved_past_the_admin_stops_no_search(archive):
    LexiconConcept.objects.create(domain="military", terms="balloon drone")   # no language
    LexiconConcept.objects.create(domain="military", terms=BALLOON)
    assert "Куля над Києвом" in headlines(run("balloon drone"))
