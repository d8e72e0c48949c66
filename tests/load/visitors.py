"""Visitors of the site through nginx, run as a process of their own:

    python -m tests.load.visitors KIND HTTPS_PORT SECONDS FIRST_ADDRESS COUNT

KIND is "reader" (searches at a reader's pace, READER_PAUSE between answers) or "hostile"
(costly searches and exports, the next one as soon as an answer comes, Retry-After ignored).
Each visitor is a thread with its own loopback address (FIRST_ADDRESS, the next ones up) and
one kept-alive https connection. Prints {"answers": [[path, status, seconds, refused]...],
"failures": [...]} as JSON when done (refused: a 429's X-Refused, the limit it met).

A process of its own, because in the test's process the readers' threads would wait for one
interpreter lock with twenty hostile ones, and their times would be the test's, not the
site's. The hostile process runs niced: its clients stand for machines elsewhere, whose CPU
is not the server's.
"""
import http.client
import ipaddress
import json
import random
import string
import sys
import threading
import time
import urllib.parse

from .conftest import VOCABULARY
from .proxy import HOST, UNVERIFIED
from .test_load import QUERIES

READER_PAUSE = 1.0


def long_unknown_word(rng):
    return "/?" + urllib.parse.urlencode(
        {"q": "".join(rng.choice(string.ascii_lowercase) for _ in range(1000))})


def fifty_fuzzy_words(rng):
    words = " ".join(rng.choice(VOCABULARY)[:-1] + rng.choice("xz") + "~2" for _ in range(50))
    return "/api/search?" + urllib.parse.urlencode({"q": words})


def deep_wildcards(rng):
    return "/?" + urllib.parse.urlencode(
        {"q": " OR ".join(f"{a}{b}*" for a in "sdmcbt" for b in "aeiour")})


def whole_archive_export(rng):
    return rng.choice(["/search/export.csv", "/search/export.json"])


HOSTILE_KINDS = [long_unknown_word, fifty_fuzzy_words, deep_wildcards, whole_archive_export]


def reader_paths(n):
    i = n
    while True:
        i += 1
        yield ("/?" if i % 2 else "/api/search?") + urllib.parse.urlencode(
            {"q": QUERIES[i % len(QUERIES)]})


def hostile_paths(n):
    kind, rng = HOSTILE_KINDS[n % len(HOSTILE_KINDS)], random.Random(n)
    while True:
        yield kind(rng)


class Visitor(threading.Thread):
    def __init__(self, kind, n, port, address, until, pause):
        super().__init__()
        self.kind, self.port, self.address, self.until, self.pause = kind, port, address, until, pause
        self.paths = (reader_paths if kind == "reader" else hostile_paths)(n)
        self.answers, self.failures, self.connection = [], [], None

    def run(self):
        while time.monotonic() < self.until:
            path = next(self.paths)
            started = time.monotonic()
            try:
                status, refused = self.get(path)
                self.answers.append((label(path), status, time.monotonic() - started, refused))
            except (OSError, http.client.HTTPException) as error:
                self.failures.append(f"{path[:60]}: {type(error).__name__}: {error}")
                self.connection = None
            if self.pause:
                time.sleep(self.pause)

    def get(self, path):
        if self.connection is None:
            self.connection = http.client.HTTPSConnection(
                "127.0.0.1", self.port, timeout=60, source_address=(self.address, 0),
                context=UNVERIFIED)
        self.connection.request("GET", path, headers={"Host": HOST, "Accept-Encoding": "gzip"})
        response = self.connection.getresponse()
        response.read()
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, response.getheader("X-Refused", "")


def label(path):
    return path.split("?")[0]


def main(kind, port, seconds, first_address, count):
    until = time.monotonic() + float(seconds)
    first = ipaddress.ip_address(first_address)
    pause = READER_PAUSE if kind == "reader" else 0
    visitors = [Visitor(kind, n, int(port), str(first + n), until, pause) for n in range(int(count))]
    for visitor in visitors:
        visitor.start()
    for visitor in visitors:
        visitor.join()
    print(json.dumps({"answers": [a for v in visitors for a in v.answers],
                      "failures": [f for v in visitors for f in v.failures]}))


if __name__ == "__main__":
    main(*sys.argv[1:])
