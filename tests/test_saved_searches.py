"""Saved searches and their alerts: readers' accounts, what is new since they last looked,
the Atom feed of each, and `manage.py send_alerts` e-mailing one digest per period."""
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from pytest_django.asserts import assertContains

from archive.saved.models import SavedSearch
from archive.saved.verification import confirm
from search.types import SearchRequest
from tests.search_archive import article, index

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client):
    """A signed-in reader whose address is confirmed (tests/test_accounts.py: how)."""
    user = User.objects.create_user("olena", "olena@example.org", "a long pass phrase")
    confirm(user)
    client.force_login(user)
    return user


def save(client, parameters="?q=kursk&outlet=reuters", name="Kursk at Reuters", alerts="daily"):
    return client.post("/saved/", {"name": name, "parameters": parameters, "alerts": alerts})


def new_article(headline, text="The Kursk incursion goes on.", outlet_name="Reuters"):
    made = article(headline, text, outlet_name=outlet_name)
    index()
    return made


def test_it_lets_a_reader_sign_up_and_asks_others_to_sign_in(client):
    assert client.get("/saved/").url.startswith("/accounts/login/?next=/saved/")
    response = client.post("/accounts/signup/?next=/?q=kursk", {
        "username": "taras", "email": "taras@example.org",
        "password1": "grain deal 2023 odesa", "password2": "grain deal 2023 odesa"})
    assert response.status_code == 302 and response.url == "/?q=kursk"
    assert client.get("/saved/").status_code == 200
    assert client.post("/accounts/signup/?next=https://evil.example/", {
        "username": "b", "email": "b@example.org", "password1": "grain deal 2023 odesa",
        "password2": "grain deal 2023 odesa"}).url == "/saved/"


def test_it_saves_a_search_and_shows_what_is_new_since_the_last_look(client, reader):
    new_article("Kursk before")
    index()
    response = save(client)
    saved = SavedSearch.objects.get()
    assert response.url == f"/saved/{saved.pk}/"
    assert saved.search_request() == SearchRequest(q="kursk", outlets=("reuters",))
    assert saved.search_url() == "/?q=kursk&outlet=reuters"
    assertContains(client.get(saved.get_absolute_url()), "<p>Nothing new.</p>", html=True)
    new_article("Kursk after")
    new_article("Kursk elsewhere", outlet_name="Meer")          # not in the saved outlet
    new_article("Grain after", text="The grain deal.")          # not the saved words
    listing = client.get("/saved/")
    assertContains(listing, "<td><strong>1</strong> new article</td>", html=True)
    assertContains(listing, f'<a href="/search/feed.atom?q=kursk&amp;outlet=reuters">Atom'
                            f'<span class="vh"> feed of Kursk at Reuters</span></a>', html=True)
    detail = client.get(saved.get_absolute_url())
    assert [r.article.headline for r in detail.context["response"].results] == ["Kursk after"]
    assertContains(client.get("/saved/"), "<td>nothing new</td>", html=True)


def test_it_keeps_saved_searches_private_and_checks_their_parameters(client, reader):
    other = User.objects.create_user("ivan", "ivan@example.org", "another pass phrase")
    theirs = SavedSearch.objects.create(user=other, name="Theirs", parameters="?q=x")
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.post(f"/saved/{theirs.pk}/delete").status_code == 404
    bad = save(client, parameters="?to=2024-99")
    assert bad.status_code == 400
    assertContains(bad, "to: ", status_code=400)
    assert not reader.saved_searches.exists()
    new_article("Kursk report")             # so that the outlet "reuters" exists
    assert save(client, name="Twice").status_code == 302
    assert save(client, name="Twice").status_code == 400


def test_it_offers_to_save_the_search_from_the_results(client, reader):
    new_article("Kursk report")
    response = client.get("/", {"q": "kursk", "outlet": "reuters"})
    assertContains(response, '<input type="hidden" name="parameters" '
                             'value="?q=kursk&amp;outlet=reuters">', html=True)
    client.logout()
    assertContains(client.get("/", {"q": "kursk"}), "to save this search")


def run_alerts():
    out = StringIO()
    call_command("send_alerts", "--base-url", "https://archive.example", stdout=out)
    return out.getvalue()


def test_send_alerts_mails_one_digest_of_new_matches_then_none(client, reader):
    new_article("Kursk before")
    save(client)
    assert "0 e-mails sent" in run_alerts() and not mail.outbox    # nothing new yet
    SavedSearch.objects.update(alerted_at=None)
    new_article("Kursk after, at last")
    new_article("Grain after", text="The grain deal.")
    assert "1 e-mail sent" in run_alerts()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["olena@example.org"]
    assert message.subject == "1 new article in “Kursk at Reuters”"
    assert "- Kursk after, at last (Reuters" in message.body
    assert "Grain after" not in message.body and "Kursk before" not in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("https://archive.example/saved/unsubscribe/")
    assert unsubscribe in message.body
    assert "0 e-mails sent" in run_alerts() and len(mail.outbox) == 1      # a second run
    new_article("Kursk next day")
    SavedSearch.objects.update(alerted_at=SavedSearch.objects.get().alerted_at
                               - timedelta(days=1))
    run_alerts()
    assert len(mail.outbox) == 2 and "Kursk next day" in mail.outbox[1].body
    assert "Kursk after" not in mail.outbox[1].body


def test_the_unsubscribe_link_asks_then_stops_every_alert(client, reader):
    new_article("Kursk before")
    save(client)
    new_article("Kursk after")
    SavedSearch.objects.update(alerted_at=None)
    run_alerts()
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>").replace(
        "https://archive.example", "")
    client.logout()
    assertContains(client.get(link), "Stop all the e-mails")
    assert SavedSearch.objects.get().alerts == "daily"           # a GET changes nothing
    assertContains(client.post(link), "will e-mail you")
    assert SavedSearch.objects.get().alerts == "never"
    assert client.get("/saved/unsubscribe/forged/").status_code == 404


def test_an_empty_list_names_the_controls_as_the_results_page_labels_them(client, reader):
    from pytest_django.asserts import assertContains

    assertContains(client.get("/saved/"), "under “Save this search as” and press “Save”")
    article("Kursk report", "Kursk.")
    index()
    page = client.get("/", {"q": "kursk"})
    assertContains(page, '<label for="save-name">Save this search as</label>', html=True)
    assertContains(page, '<button type="submit" class="apply">Save</button>', html=True)
