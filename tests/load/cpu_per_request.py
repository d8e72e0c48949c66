"""CPU seconds of one request of each hostile kind, against a kept benchmark archive.

    DEBUG=true nice .venv/bin/python manage.py bench --paragraphs 20000 --runs 1 --keep /tmp/bench20k
    nice .venv/bin/python -m tests.load.cpu_per_request /tmp/bench20k

After one warm-up search (which pays once per process and index generation for the
columns and the spelling lexicon), each kind is requested three times through Django's
test client, each time with different random words (so no cache answers it); the figure
is the most process CPU time (time.process_time) of the three, not wall time.
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
    warm_up = client.get("/?q=goverment")
    figures = {"warm_up_cpu_s": None}
    cpu = time.process_time()
    client.get("/?q=goverment+kharkif")
    figures["warm_up_cpu_s"] = round(time.process_time() - cpu, 3)
    assert warm_up.status_code == 200
    for seed in (1, 2, 3):
        for name, path in kinds(random.Random(seed)).items():
            cpu = time.process_time()
            response = client.get(path)
            size = sum(len(c) for c in response.streaming_content) if response.streaming \
                else len(response.content)
            cost = round(time.process_time() - cpu, 3)
            seen = figures.setdefault(name, {"status": set(), "cpu_s_max": 0, "bytes": 0})
            seen["status"].add(response.status_code)
            seen["cpu_s_max"] = max(seen["cpu_s_max"], cost)
            seen["bytes"] = max(seen["bytes"], size)
            if response.get("X-Export-Rows"):
                seen["export_rows"] = response["X-Export-Rows"]
    for seen in figures.values():
        if isinstance(seen, dict):
            seen["status"] = sorted(seen["status"])
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main(sys.argv[1])
