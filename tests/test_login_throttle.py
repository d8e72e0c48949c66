"""Login throttling behind the proxy: per client, and per username across addresses.

Every request here comes from the proxy's 127.0.0.1, as behind the project's nginx.conf;
the client is in X-Forwarded-For (archive/client_address.py, PROXY_COUNT).
"""
import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import reverse

PASSWORD = "a-long-staff-password"
pytestmark = pytest.mark.django_db


@pytest.fixture
def archivist():
    return User.objects.create_user("archivist", password=PASSWORD, is_staff=True)


def log_in(client, password, address):
    return client.post(reverse("admin:login"), {"username": "archivist", "password": password},
                       REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)


def logged_in(client):
    return client.get(reverse("admin:index")).status_code == 200


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, PROXY_COUNT=1)
def test_it_locks_out_only_the_client_behind_the_proxy_that_guessed(client, archivist):
    for _ in range(10):
        log_in(client, "wrong", "203.0.113.9")
    assert log_in(client, PASSWORD, "203.0.113.9").status_code == 429
    assert not logged_in(client)
    log_in(client, PASSWORD, "198.51.100.7")
    assert logged_in(client)


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, PROXY_COUNT=0)
def test_it_ignores_forwarded_addresses_when_no_proxy_is_declared(client, archivist):
    # Without a proxy, X-Forwarded-For is the client's own invention: a guesser who writes a
    # new address each time is still the one REMOTE_ADDR.
    for n in range(3):
        log_in(client, "wrong", f"203.0.113.{n}")
    assert log_in(client, PASSWORD, "198.51.100.7").status_code == 429


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, AXES_USERNAME_FAILURE_LIMIT=6,
                   PROXY_COUNT=1)
def test_it_locks_a_username_guessed_from_many_addresses(client, archivist):
    for n in range(6):
        log_in(client, "wrong", f"203.0.113.{n}")    # one failure from each of six addresses
    assert log_in(client, PASSWORD, "198.51.100.7").status_code == 429
    assert not logged_in(client)


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, AXES_USERNAME_FAILURE_LIMIT=6,
                   PROXY_COUNT=1)
def test_it_does_not_let_one_client_reach_the_username_limit_alone(client, archivist):
    # Locked out after three, its further failures are not counted: the username's count stays
    # under six, and the archivist still logs in from elsewhere.
    for _ in range(20):
        log_in(client, "wrong", "203.0.113.9")
    log_in(client, PASSWORD, "198.51.100.7")
    assert logged_in(client)


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, PROXY_COUNT=1)
def test_it_keeps_a_guesser_locked_out_when_the_archivist_logs_in(client, archivist):
    for _ in range(3):
        log_in(client, "wrong", "203.0.113.9")
    log_in(client, PASSWORD, "198.51.100.7")
    assert logged_in(client)
    client.logout()
    assert log_in(client, PASSWORD, "203.0.113.9").status_code == 429
