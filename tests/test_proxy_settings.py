"""The client's address behind the proxy (PROXY_COUNT), and the deploy check that asks for it."""
import pytest
from django.core.checks import run_checks
from django.test import RequestFactory, override_settings

from archive.client_address import client_address, forwarded_client


@pytest.mark.parametrize("forwarded_for, proxies, expected", [
    ("", 1, "127.0.0.1"),                                   # no header: the peer
    ("203.0.113.9", 0, "127.0.0.1"),                        # no proxy declared: ignored
    ("203.0.113.9", 1, "203.0.113.9"),                      # nginx's own entry
    ("6.6.6.6, 203.0.113.9", 1, "203.0.113.9"),             # the client's invention is left
    ("6.6.6.6, 203.0.113.9, 10.0.0.2", 2, "203.0.113.9"),   # a load balancer, then nginx
    ("203.0.113.9", 2, "203.0.113.9"),                      # fewer entries than proxies
    ("not-an-address", 1, "127.0.0.1"),
    ("2001:db8::1", 1, "2001:db8::1"),
])
def test_it_reads_the_client_from_the_proxies_entries(forwarded_for, proxies, expected):
    assert forwarded_client(forwarded_for, "127.0.0.1", proxies) == expected


@override_settings(PROXY_COUNT=1)
def test_it_reads_the_request_with_the_proxy_count():
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1",
                                   HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert client_address(request) == "198.51.100.7"


def deploy_warnings():
    return [m.id for m in run_checks(include_deployment_checks=True) if m.id.startswith("archive.")]


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), PROXY_COUNT=0)
def test_it_warns_when_a_proxy_is_declared_without_its_count():
    assert deploy_warnings() == ["archive.W001"]


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), PROXY_COUNT=1)
def test_it_is_quiet_when_the_proxy_count_is_set():
    assert deploy_warnings() == []


@override_settings(PROXY_COUNT=0)
def test_it_is_quiet_without_a_proxy(settings):
    del settings.SECURE_PROXY_SSL_HEADER
    assert deploy_warnings() == []
