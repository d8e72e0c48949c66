"""A server just started answers a reader's first searches, however fast they come: they wait
for the process's warm-up (search/service/warm.py) rather than do its loading in the one
search slot, and the loading is not counted as the reader's use (search/web/admission.py)."""
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from search.tools.page_timing import free_port
from tests.dev_server import dev_server


def answer(address, path):
    """The status, and for a refusal which limit refused it."""
    try:
        with urllib.request.urlopen(f"http://{address}{path}", timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Refused")


def test_a_readers_first_searches_on_a_fresh_server_are_all_answered(tmp_path):
    address = f"127.0.0.1:{free_port()}"
    with dev_server(tmp_path, address):
        # A reader opening three tabs at once, then three more: search pages, the API, a feed.
        pages = ["/?q=Kyiv", "/api/search?q=Kherson", "/search/feed.atom?q=grain",
                 "/?q=drones", "/api/search?q=%D0%9A%D0%B8%D1%97%D0%B2", "/?q=Crimea"]
        with ThreadPoolExecutor(3) as tabs:
            first = list(tabs.map(lambda page: answer(address, page), pages[:3]))
            then = list(tabs.map(lambda page: answer(address, page), pages[3:]))
    assert first == [200, 200, 200]
    assert then == [200, 200, 200]
