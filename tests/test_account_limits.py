"""Rate limits of the account pages that send e-mail (sign-up, password reset, the link to
confirm an address): per client address and per e-mail address, 429 with Retry-After past
them, counted in a cache every worker and host shares (the database's by default)."""
import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.db import connection
from pytest_django.asserts import assertContains

pytestmark = pytest.mark.django_db
PASSWORD = "grain deal 2023 odesa"


def sign_up(client, n, email=None, address="203.0.113.7"):
    return client.post("/accounts/signup/", {
        "username": f"reader{n}", "email": email or f"reader{n}@example.org",
        "password1": PASSWORD, "password2": PASSWORD}, REMOTE_ADDR=address)


def reset(client, email, address):
    return client.post("/accounts/password-reset/", {"email": email}, REMOTE_ADDR=address)


def test_one_client_may_sign_up_a_few_times_an_hour(client, settings):
    settings.ACCOUNT_LIMIT_PER_CLIENT = 10
    answers = [sign_up(client, n).status_code for n in range(12)]
    assert answers == [302] * 10 + [429] * 2
    assert User.objects.count() == 10 and len(mail.outbox) == 10
    refused = sign_up(client, 99)
    assert 0 < int(refused["Retry-After"]) <= 3600
    assertContains(refused, "Too many attempts", status_code=429)
    assert sign_up(client, 100, address="198.51.100.9").status_code == 302     # another client


def test_one_address_gets_a_few_reset_links_an_hour_whoever_asks(client, settings):
    settings.ACCOUNT_LIMIT_PER_EMAIL = 3
    User.objects.create_user("olena", "olena@example.org", "a long pass phrase")
    answers = [reset(client, "OLENA@example.org", f"192.0.2.{n}").status_code for n in range(5)]
    assert answers == [302, 302, 302, 429, 429] and len(mail.outbox) == 3
    assert reset(client, "ivan@example.org", "192.0.2.50").status_code == 302   # another address


def test_the_link_to_confirm_cannot_be_asked_for_without_end(client, settings):
    settings.ACCOUNT_LIMIT_PER_EMAIL = 3
    sign_up(client, 1)              # sends the first link
    client.force_login(User.objects.get())
    answers = [client.post("/accounts/verify/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429] and len(mail.outbox) == 4


def test_the_counts_are_shared_through_the_database_by_default(client, settings):
    """The production default (settings.py): every process on every host that reads the
    table counts the same attempts. (`migrate` makes the table under those settings:
    saved.0003; tests/test_backup.py's new server has it.)"""
    settings.CACHES = {**settings.CACHES, "limits": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "archive_limits"}}
    call_command("createcachetable", verbosity=0)
    settings.ACCOUNT_LIMIT_PER_EMAIL = 2
    for address in ("192.0.2.1", "192.0.2.2"):
        assert reset(client, "olena@example.org", address).status_code == 302
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM archive_limits")
        keys = [key.split(":", 2)[2] for (key,) in cursor.fetchall()]     # ":1:limit:..."
    another_process = DatabaseCache("archive_limits", {})      # a cache object of its own
    assert sorted(another_process.get(key) for key in keys) == [1, 1, 2]   # 2 clients, 1 address
    assert reset(client, "olena@example.org", "192.0.2.3").status_code == 429
