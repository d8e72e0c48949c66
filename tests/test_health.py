"""/healthz: 200 when the database and the index answer, 503 with a short reason otherwise."""
import time
from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from search.index import follow
from search.models import IndexChange
from search.web import health
from tests.search_archive import article, index

pytestmark = pytest.mark.django_db


def test_it_answers_ok_when_database_and_index_answer(client):
    article("Drones over Kursk", "A paragraph about drones.")
    index()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["documents"] >= 2
    assert body["outbox_backlog"] == 0
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_it_fails_when_there_is_no_index(client):
    article("Drones over Kursk", "A paragraph about drones.")
    IndexChange.objects.all().delete()  # as if nothing was ever indexed
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["reason"] == "index unavailable: The search index cannot be read at the moment."


def test_it_fails_when_the_outbox_is_not_drained(client, caplog):
    article("Drones over Kursk", "A paragraph about drones.")
    index()
    IndexChange.objects.create(article_id=1)
    IndexChange.objects.update(created=timezone.now() - timedelta(hours=1))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["reason"] == "index behind the change log for 60 min"
    assert "sync_index" in caplog.text                 # the cure goes to the log
    assert response.json()["outbox_backlog"] == 1


def test_it_tolerates_a_fresh_backlog(client):
    article("Drones over Kursk", "A paragraph about drones.")
    index()
    IndexChange.objects.create(article_id=1)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["outbox_backlog"] == 1


def test_it_fails_when_the_database_does_not_answer(client, monkeypatch):
    article("Drones over Kursk", "A paragraph about drones.")
    index()

    def broken(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "fail", "reason": "database unavailable: OperationalError"}


def test_it_answers_a_probe_by_ip_address_and_head(client):
    article("Drones over Kursk", "A paragraph about drones.")
    index()
    assert client.get("/healthz", HTTP_HOST="10.0.0.7").status_code == 200
    assert client.head("/healthz").status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.7").status_code == 400    # other pages: no


def test_it_answers_head_wherever_get_is_answered(client):
    article("Drones over Kursk", "A paragraph about drones.")
    index()
    for path in ("/", "/?q=kursk", "/api/search?q=kursk", "/search/feed.atom?q=kursk",
                 "/opensearch.xml", "/search/export.csv?q=kursk"):
        assert client.head(path).status_code == 200, path


def test_a_probe_after_the_followers_look_makes_no_query_of_its_own(
        client, settings, monkeypatch, django_assert_num_queries):
    article("Drones over Kursk", "A paragraph about drones.")
    index()
    monkeypatch.setattr(health, "follow_soon", lambda: None)   # no background thread here
    settings.INDEX_FOLLOW_INTERVAL = 60
    follow.behind()                        # the follower's look at the change log
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["lag_rows"] == 0


def test_a_look_older_than_two_intervals_is_not_trusted(client, settings, monkeypatch):
    article("Drones over Kursk", "A paragraph about drones.")
    index()
    monkeypatch.setattr(health, "follow_soon", lambda: None)
    settings.INDEX_FOLLOW_INTERVAL = 0.05
    follow.behind()
    IndexChange.objects.create(article_id=1)    # a change made since, on another host
    time.sleep(0.15)
    assert client.get("/healthz").json()["lag_rows"] == 1
