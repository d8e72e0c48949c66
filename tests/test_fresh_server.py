"""A server just started answers a reader's first searches, however fast they come: they wait
for the process's warm-up (search/service/warm.py) rather than do its loading in the one
search slot, and the loading is not counted as the reader's use (search/web/admission.py)."""
import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_address():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return "127.0.0.1:%d" % probe.getsockname()[1]


def answer(address, path):
    """The status, and for a refusal which limit refused it."""
    try:
        with urllib.request.urlopen(f"http://{address}{path}", timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Refused")


def test_a_readers_first_searches_on_a_fresh_server_are_all_answered(tmp_path):
    env = {**os.environ, "DATA_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)           # a newcomer's SQLite (as tests/test_dev_serve.py)
    address = free_address()
    server = subprocess.Popen([sys.executable, str(ROOT / "dev.py"), "serve", address,
                               "--noreload"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        for line in server.stdout:
            if "Quit the server" in line:
                break
        # A reader opening three tabs at once, then three more: search pages, the API, a feed.
        pages = ["/?q=Kyiv", "/api/search?q=Kherson", "/search/feed.atom?q=grain",
                 "/?q=drones", "/api/search?q=%D0%9A%D0%B8%D1%97%D0%B2", "/?q=Crimea"]
        with ThreadPoolExecutor(3) as tabs:
            first = list(tabs.map(lambda page: answer(address, page), pages[:3]))
            then = list(tabs.map(lambda page: answer(address, page), pages[3:]))
    finally:
        os.killpg(server.pid, signal.SIGTERM)     # dev.py and the server it started
        server.wait(timeout=20)
    assert first == [200, 200, 200]
    assert then == [200, 200, 200]
