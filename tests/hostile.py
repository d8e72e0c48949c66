"""Hypothesis strategies for hostile input, and the profiles that bound how long they run.

HYPOTHESIS_PROFILE=ci (set by CI) runs a few more examples, derandomized so a red run can be
repeated; the default profile is for a laptop with two cores. No example database is kept.
"""
import os
import unicodedata

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

settings.register_profile(
    "dev", max_examples=25, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "ci", max_examples=50, deadline=None, database=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

# Pieces of query syntax (ours, Whoosh's, Lucene's) and of SQL, glued into hostile queries.
FRAGMENTS = [
    '"', "'", "(", ")", "((((((((", "))))", "*", "?", "~", "~2", "~99999", "^3", ":", "-", "+",
    "AND", "OR", "NOT", "and", "or", "not", "AND OR NOT", "headline:", "title:(", "author:",
    "commentary:", "outlet:", "outlet:nope", "from:", "to:", "from:2024-02-30", "to:9999-99-99",
    "from:0000", "from:2022 to:2021", "[a TO z]", "{x TO}", "*:*", "a*", "**", "\\", "%", "_",
    "' OR 1=1 --", "'; DROP TABLE archive_article; --", "1; SELECT pg_sleep(5)", "/* */",
    "<script>alert(1)</script>", "<mark>", "&amp;", "\x00", "\u202e", "\ufeff", "\u200b",
    "Київ", "Курск", "Kyiv", "Kiev", "🇺🇦", "e\u0301", "ﬁ", "İ", "ß", "\r\n", "\t",
]
BROKEN_DATES = ["2024-02-30", "2024-13", "0000-00-00", "0001", "9999-12-31", "99999", "-1",
                "2024-1-1", "2024/01/01", "20240101", "2024-W01", "1e9", "yesterday", " ",
                "2024-01-01T00:00", "2024-02-29", "2023-02-29", "٢٠٢٤", "２０２４"]
NUMBERS = ["0", "-1", "1", "2", "1.5", "1e3", "abc", "", " 3 ", "9" * 40, "100000", "100001",
           "٣", "0x10", "NaN", "inf"]

any_text = st.text(max_size=300)
control_text = st.text(st.characters(max_codepoint=0x9F, exclude_categories=()), max_size=50)
syntax_soup = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=25).map(" ".join)
huge_text = st.integers(1_000, 30_000).flatmap(
    lambda n: st.sampled_from(["a", "war ", "(", '"', "Київ ", "x" * 50 + " "]).map(lambda s: (s * n)[:n]))
queries = any_text | control_text | syntax_soup | huge_text
dates = st.sampled_from(BROKEN_DATES) | st.text(max_size=20)
numbers = st.sampled_from(NUMBERS) | st.integers(-10**12, 10**12).map(str)
choices = st.sampled_from(["relevance", "newest", "oldest", "article", "paragraph", "on", "off",
                           "", "RELEVANCE", "random"]) | st.text(max_size=20)
outlets = st.sampled_from(["reuters", "kyiv-independent", "nope", ""]) | st.text(max_size=30)

# Every parameter a search page, the API, an export or the feed reads.
PARAMETERS = {
    "q": queries, "outlet": outlets, "exclude_outlet": outlets, "from": dates, "to": dates,
    "sort": choices, "page": numbers, "per_page": numbers, "group": choices,
    "variants": choices, "expand": numbers,
}


@st.composite
def search_parameters(draw):
    """A dict of some of the parameters, each a string or (for repeatable ones) a list."""
    names = draw(st.lists(st.sampled_from(sorted(PARAMETERS)), unique=True, max_size=6))
    params = {}
    for name in names:
        if name in ("outlet", "exclude_outlet"):
            params[name] = draw(st.lists(PARAMETERS[name], min_size=1, max_size=3))
        else:
            params[name] = draw(PARAMETERS[name])
    return params


def small_archive():
    """Two articles in two scripts, with commentary, indexed: what the hostile runs search."""
    from tests.search_archive import article, comment, index

    piece = article("Drones over Kursk", "Drones struck a depot near Kursk overnight.",
                    "Kyiv said the «air defence» held.", outlet_name="Reuters")
    article("Мобілізація в Києві", "Київ оголосив мобілізацію.", outlet_name="Kyiv Independent")
    comment(piece, "A turning point, perhaps.", paragraph=0)
    index()


def readable(text):
    """Text a page can show: no control characters (what the reader is told, as text)."""
    return isinstance(text, str) and not any(unicodedata.category(c) == "Cc" for c in text)
