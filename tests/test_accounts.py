"""Readers' accounts: one account per e-mail address, alerts only to an address its owner
confirmed through a link that works once and expires, and a password reset by e-mail."""
import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core import mail, signing
from django.core.management import call_command
from django.db import IntegrityError, transaction
from pytest_django.asserts import assertContains

from archive.saved import verification
from archive.saved.models import Reader, SavedSearch
from tests.search_archive import article, index

pytestmark = pytest.mark.django_db
PASSWORD = "grain deal 2023 odesa"


def sign_up(client, username, email, **extra):
    return client.post("/accounts/signup/", {"username": username, "email": email,
                                             "password1": PASSWORD, "password2": PASSWORD},
                       **extra)


def link_in(message):
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def alert_on_kursk(user):
    SavedSearch.objects.create(user=user, name="Kursk", parameters="?q=kursk", alerts="daily")
    article("Kursk report", "The Kursk incursion goes on.")
    index()


def run_alerts():
    out = StringIO()
    call_command("send_alerts", "--base-url", "https://archive.example", stdout=out)
    return out.getvalue()


def test_twenty_signups_with_one_address_from_one_client_make_one_account(client):
    answers = [sign_up(client, f"bomber{n}", "victim@example.org") for n in range(20)]
    assert User.objects.count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["victim@example.org"]
    assert answers[0].status_code == 302
    assert [a.status_code for a in answers[1:3]] == [200, 200]      # "already uses" ...
    assertContains(answers[1], "An account already uses this e-mail address")
    assert {a.status_code for a in answers[3:]} == {429}            # ... then refused
    alert_on_kursk(User.objects.get())
    assert "0 e-mails sent" in run_alerts() and len(mail.outbox) == 1   # unconfirmed: none


def test_one_account_per_address_whatever_its_case(client):
    User.objects.create_user("olena", "Olena@Example.org", "a long pass phrase")
    response = sign_up(client, "olena2", "olena@EXAMPLE.ORG")
    assertContains(response, "An account already uses this e-mail address")
    with pytest.raises(IntegrityError), transaction.atomic():   # whatever writes the table
        User.objects.create_user("olena3", "OLENA@example.org")
    User.objects.create_user("staff1", "")          # accounts without an address: any number
    User.objects.create_user("staff2", "")


def test_an_unconfirmed_address_gets_no_alert_until_its_owner_confirms_it(client):
    sign_up(client, "taras", "taras@example.org")
    user = User.objects.get()
    assertContains(client.get("/saved/"), "open the link we e-mailed to")
    alert_on_kursk(user)
    assert "0 e-mails sent" in run_alerts() and len(mail.outbox) == 1     # the link only
    client.post(link_in(mail.outbox[0]))
    assert "1 e-mail sent" in run_alerts()
    assert mail.outbox[-1].to == ["taras@example.org"] and "Kursk report" in mail.outbox[-1].body


def test_the_link_asks_then_confirms_once(client):
    sign_up(client, "taras", "taras@example.org")
    link = link_in(mail.outbox[0])
    assert "taras" not in signing.b64_decode(link.split("/")[3].split(":")[0].encode()).decode()
    client.logout()                         # the link works from any browser
    assertContains(client.get(link), "Confirm this address")
    assert not verification.is_verified(User.objects.get())     # a GET changes nothing
    assertContains(client.post(link), "is confirmed")
    assert verification.is_verified(User.objects.get())
    assertContains(client.post(link), "This link was already used", status_code=410)
    assert client.get("/accounts/verify/forged/").status_code == 404


def test_the_link_expires_and_dies_with_the_address(client, settings, monkeypatch):
    user = User.objects.create_user("taras", "taras@example.org", PASSWORD)
    settings.EMAIL_VERIFICATION_MAX_AGE = 3600
    with monkeypatch.context() as past:       # a link made two hours ago
        made = signing.TimestampSigner().timestamp()
        past.setattr(signing.TimestampSigner, "timestamp",
                     lambda self: signing.b62_encode(signing.b62_decode(made) - 7200))
        old = verification.make_token(user)
    assertContains(client.post(f"/accounts/verify/{old}/"), "has expired", status_code=410)
    fresh = verification.make_token(user)
    User.objects.filter(pk=user.pk).update(email="another@example.org")
    assertContains(client.post(f"/accounts/verify/{fresh}/"), "no longer works",
                   status_code=410)
    assert not verification.is_verified(User.objects.get())


def test_a_reader_can_have_the_link_sent_again(client):
    sign_up(client, "taras", "taras@example.org")
    assertContains(client.post("/accounts/verify/"), "a new link is on its way")
    assert len(mail.outbox) == 2
    client.post(link_in(mail.outbox[1]))
    assert verification.is_verified(User.objects.get())


def test_a_password_reset_by_e_mail_sets_the_password_and_confirms_the_address(client):
    user = User.objects.create_user("olena", "olena@example.org", "a long pass phrase")
    response = client.post("/accounts/password-reset/", {"email": "OLENA@example.org"})
    assert response.status_code == 302 and len(mail.outbox) == 1
    confirm_page = client.get(link_in(mail.outbox[0]), follow=True)     # Django's own redirect
    response = client.post(confirm_page.redirect_chain[-1][0], {
        "new_password1": "a brand new pass phrase", "new_password2": "a brand new pass phrase"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a brand new pass phrase") and verification.is_verified(user)
    client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert len(mail.outbox) == 1                    # no account: no mail, the same answer


def test_readers_made_before_confirmation_are_asked_once(client):
    older = User.objects.create_user("olena", "olena@example.org", "a long pass phrase")
    alert_on_kursk(older)
    assert "1 reader asked to confirm" in run_alerts()
    assert "0 readers asked" in run_alerts() and len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Confirm your e-mail address for the archive's alerts"


def test_the_admin_refuses_a_second_account_for_an_address(admin_client):
    User.objects.create_user("olena", "olena@example.org")
    ivan = User.objects.create_user("ivan", "ivan@example.org")
    page = admin_client.get(f"/admin/auth/user/{ivan.pk}/change/")
    form = {k: v for k, v in page.context["adminform"].form.initial.items()
            if v is not None and k not in ("groups", "user_permissions", "password")}
    form.update({"email": "OLENA@example.org", "date_joined_0": "2024-01-01",
                 "date_joined_1": "10:00:00", "reader-TOTAL_FORMS": "0",
                 "reader-INITIAL_FORMS": "0"})
    response = admin_client.post(f"/admin/auth/user/{ivan.pk}/change/", form)
    assertContains(response, "already uses this address")


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_a_shared_address_on_the_oldest_account():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("saved", "0002_saved_search_stored_request")])
    first = User.objects.create_user("first", "shared@example.org")
    User.objects.create_user("second", "SHARED@example.org")
    User.objects.create_user("staff", "", is_staff=True)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert User.objects.get(username="first").email == "shared@example.org"
    second = User.objects.get(username="second")
    assert second.email == "" and second.reader.set_aside_email == "SHARED@example.org"
    assert not Reader.objects.filter(user=first).exists()
