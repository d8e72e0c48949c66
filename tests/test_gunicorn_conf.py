"""gunicorn.conf.py: workers from the cores, bind and timeouts from the environment."""
import multiprocessing
import runpy
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def load(monkeypatch, **env):
    for name in ("BIND", "PORT", "WEB_CONCURRENCY", "GUNICORN_TIMEOUT", "PROXY_COUNT",
                 "AXES_IPWARE_PROXY_COUNT", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_it_defaults_to_local_bind_and_workers_from_cores(monkeypatch):
    conf = load(monkeypatch)
    assert conf["bind"] == ["127.0.0.1:8000"]
    assert conf["workers"] == min(2 * multiprocessing.cpu_count() + 1, 8)
    assert conf["preload_app"] is False
    assert conf["accesslog"] == "-"


def test_it_reads_bind_port_workers_and_timeout_from_the_environment(monkeypatch):
    # PORT alone stays on the loopback: only the proxy in front may reach gunicorn.
    assert load(monkeypatch, PORT="9000")["bind"] == ["127.0.0.1:9000"]
    conf = load(monkeypatch, BIND="unix:/run/archive.sock", WEB_CONCURRENCY="3", GUNICORN_TIMEOUT="60")
    assert (conf["bind"], conf["workers"], conf["timeout"]) == (["unix:/run/archive.sock"], 3, 60)


def test_it_refuses_a_worker_count_that_is_not_a_number(monkeypatch):
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY must be a whole number"):
        load(monkeypatch, WEB_CONCURRENCY="four")


def test_it_runs_threaded_workers_that_take_short_turns_at_the_interpreter(monkeypatch):
    import sys

    conf = load(monkeypatch, GUNICORN_THREADS="4")
    assert (conf["worker_class"], conf["threads"]) == ("archive.gunicorn_worker.DrainingThreadWorker", 4)
    before = sys.getswitchinterval()
    try:
        conf["post_fork"](None, None)
        assert sys.getswitchinterval() == pytest.approx(0.001)
    finally:
        sys.setswitchinterval(before)


def access_log_client(conf, peer, forwarded_for):
    from datetime import timedelta
    from types import SimpleNamespace

    logger = conf["ClientAddressLogger"].__new__(conf["ClientAddressLogger"])
    environ = {"REMOTE_ADDR": peer, "HTTP_X_FORWARDED_FOR": forwarded_for,
               "REQUEST_METHOD": "GET", "RAW_URI": "/", "SERVER_PROTOCOL": "HTTP/1.1"}
    request = SimpleNamespace(headers=[("X-FORWARDED-FOR", forwarded_for)])
    atoms = logger.atoms(SimpleNamespace(status="200 OK", sent=10, headers=[]), request, environ,
                         timedelta(milliseconds=5))
    return atoms["h"]


def test_it_logs_the_client_behind_a_trusted_proxy(monkeypatch):
    conf = load(monkeypatch, PROXY_COUNT="1")
    assert conf["logger_class"] is conf["ClientAddressLogger"]
    assert access_log_client(conf, "127.0.0.1", "6.6.6.6, 203.0.113.9") == "203.0.113.9"
    # Not from a proxy gunicorn trusts: the header is anyone's, the peer is the client.
    assert access_log_client(conf, "192.0.2.4", "203.0.113.9") == "192.0.2.4"


def test_it_reads_only_the_scheme_header_the_proxy_sets(monkeypatch):
    assert load(monkeypatch)["secure_scheme_headers"] == {"X-FORWARDED-PROTO": "https"}
