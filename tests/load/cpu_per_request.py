"""CPU seconds of one request of each hostile kind, against a kept benchmark archive.

    DEBUG=true nice .venv/bin/python manage.py bench --paragraphs 20000 --runs 1 --keep /tmp/bench20k
    nice .venv/bin/python -m tests.load.cpu_per_request /tmp/bench20k

Each request is made twice in one process through Django's test client (the first pays
for the generation's columns and lexicon once, the second is what any later visitor
pays); the figure is process CPU time (time.process_time), not wall time.
"""
import json
import os
import random
import string
import sys
import time
import urllib.parse


def kinds(rng):
    long_word = "".join(rng.choice(string.ascii_lowercase) for _ in range(1000))
    fuzzy = " ".join(rng.choice(["russia", "ukraine", "missile", "sanction", "kharkiv", "drone",
                                 "grain", "energy", "border", "artillery"]) + "x~2" for _ in range(50))
    wildcards = " OR ".join(f"{a}{b}*" for a in "sdmcbt" for b in "aeiour")
    return {
        "long_unknown_word (page)": "/?" + urllib.parse.urlencode({"q": long_word}),
        "fifty_fuzzy_words (api)": "/api/search?" + urllib.parse.urlencode({"q": fuzzy}),
        "deep_wildcards (page)": "/?" + urllib.parse.urlencode({"q": wildcards}),
        "fifty_plain_unknown_words (page)": "/?" + urllib.parse.urlencode(
            {"q": " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(12))
                           for _ in range(50))}),
        "feed of a fuzzy query": "/search/feed.atom?" + urllib.parse.urlencode({"q": fuzzy}),
        "whole_archive_export (csv)": "/search/export.csv",
        "whole_archive_export (json)": "/search/export.json",
    }


def main(folder):
    os.environ.update(DEBUG="true", DATABASE_URL=f"sqlite:///{folder}/db.sqlite3",
                      SEARCH_INDEX_DIR=f"{folder}/index", ALLOWED_HOSTS="testserver",
                      DJANGO_SETTINGS_MODULE="archive.settings")
    import django
    django.setup()
    from django.test import Client

    client = Client()
    figures = {}
    for name, path in kinds(random.Random(1)).items():
        costs = []
        for _ in range(2):
            cpu = time.process_time()
            response = client.get(path)
            if response.streaming:
                size = sum(len(chunk) for chunk in response.streaming_content)
            else:
                size = len(response.content)
            costs.append(round(time.process_time() - cpu, 3))
        figures[name] = {"status": response.status_code, "cpu_s_first": costs[0],
                         "cpu_s_again": costs[1], "bytes": size,
                         "export_rows": response.get("X-Export-Rows")}
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main(sys.argv[1])
