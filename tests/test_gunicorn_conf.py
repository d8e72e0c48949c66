"""gunicorn.conf.py: workers from the cores, bind and timeouts from the environment."""
import multiprocessing
import runpy
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def load(monkeypatch, **env):
    for name in ("BIND", "PORT", "WEB_CONCURRENCY", "GUNICORN_TIMEOUT"):
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
    assert load(monkeypatch, PORT="9000")["bind"] == ["0.0.0.0:9000"]
    conf = load(monkeypatch, BIND="unix:/run/archive.sock", WEB_CONCURRENCY="3", GUNICORN_TIMEOUT="60")
    assert (conf["bind"], conf["workers"], conf["timeout"]) == (["unix:/run/archive.sock"], 3, 60)


def test_it_refuses_a_worker_count_that_is_not_a_number(monkeypatch):
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY must be a whole number"):
        load(monkeypatch, WEB_CONCURRENCY="four")


def test_it_runs_threaded_workers_that_take_short_turns_at_the_interpreter(monkeypatch):
    import sys

    conf = load(monkeypatch, GUNICORN_THREADS="4")
    assert (conf["worker_class"], conf["threads"]) == ("gthread", 4)
    before = sys.getswitchinterval()
    try:
        conf["post_fork"](None, None)
        assert sys.getswitchinterval() == pytest.approx(0.001)
    finally:
        sys.setswitchinterval(before)
