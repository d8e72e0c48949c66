"""Part B of the bilingual domain lexicon (search/text/data/lexicon_b.tsv) is well formed.

Plain Python over the data file: every concept can be translated in all three languages, a
term says its language and is written in that language's alphabet, and no ordinary English
word with an everyday sense outside the domain stands alone as a term (LEXICON rules).
"""
import re
from collections import Counter
from pathlib import Path

LEXICON = Path(__file__).resolve().parent.parent / "search" / "text" / "data" / "lexicon_b.tsv"
DOMAINS = {"politics", "diplomacy", "law", "economy", "energy", "humanitarian", "society",
           "media"}
LANGUAGES = ("en", "uk", "ru")
# English words whose everyday sense is not the domain's: only inside a multi-word term
# ("political party", "power outage", "central bank", "prisoner exchange").
AMBIGUOUS_ALONE = {
    "party", "state", "states", "power", "powers", "charge", "fire", "mine", "shell", "front",
    "cell", "bill", "case", "order", "act", "right", "office", "house", "deal", "rate",
    "interest", "bank", "capital", "ruling", "plant", "station", "light", "line", "field",
    "exchange", "release", "duty", "grant", "relief", "body", "camp", "centre", "center",
    "point", "channel", "post", "press", "strike", "missing", "losses", "recovery", "supply",
    "current", "well", "seat", "board", "union", "official", "premier", "speaker", "acting",
    "banks", "goods", "customs", "import", "imports", "construction", "production", "default",
    "fund", "funds", "bond", "bonds", "capitals", "grants", "parties", "offices", "cases",
}
CYRILLIC = re.compile("[а-яёіїєґ]", re.IGNORECASE)
LATIN = re.compile("[a-z]", re.IGNORECASE)
NOT_IN = {"uk": set("ыэъё"), "ru": set("іїєґ")}   # letters of the other language only
BAD_CHARACTERS = set("();|,\"")


def concepts():
    """(line number, domain, [(lang, term)]) for each concept line."""
    rows = []
    for number, line in enumerate(LEXICON.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            domain, *cells = line.split("\t")
            rows.append((number, domain, [tuple(cell.split(":", 1)) for cell in cells]))
    return rows


def test_file_starts_with_a_comment_saying_what_it_is():
    first = LEXICON.read_text(encoding="utf-8").splitlines()[:2]
    assert all(line.startswith("# ") for line in first)
    assert "part b" in first[0].lower()


def test_each_concept_has_a_known_domain_and_terms_in_every_language():
    for number, domain, terms in concepts():
        assert domain in DOMAINS, f"line {number}: unknown domain {domain!r}"
        assert all(len(term) == 2 and term[1] for term in terms), f"line {number}: lang:term"
        languages = {lang for lang, _ in terms}
        assert languages == set(LANGUAGES), f"line {number}: languages {sorted(languages)}"


def test_terms_are_clean_and_in_their_own_alphabet():
    for number, _, terms in concepts():
        for lang, term in terms:
            where = f"line {number}: {lang}:{term!r}"
            assert term == term.strip() and "  " not in term, where
            assert not BAD_CHARACTERS & set(term), where
            if lang == "en":
                assert LATIN.search(term) and not CYRILLIC.search(term), where
            else:
                assert CYRILLIC.search(term), where
                assert not NOT_IN[lang] & set(term.lower()), where


def test_no_term_is_repeated_within_a_concept():
    for number, _, terms in concepts():
        seen = Counter((lang, term.lower()) for lang, term in terms)
        repeated = [f"{lang}:{term}" for (lang, term), count in seen.items() if count > 1]
        assert not repeated, f"line {number}: repeated {repeated}"


def test_a_term_belongs_to_one_concept_only():
    owner = {}
    for number, _, terms in concepts():
        for lang, term in terms:
            key = (lang, term.lower())
            assert owner.setdefault(key, number) == number, \
                f"{lang}:{term} on lines {owner[key]} and {number}"


def test_ordinary_english_words_stand_alone_nowhere():
    for number, _, terms in concepts():
        for lang, term in terms:
            if lang == "en":
                assert term.lower() not in AMBIGUOUS_ALONE, f"line {number}: {term!r} alone"


def test_the_lexicon_is_of_the_agreed_size_and_spans_every_domain():
    domains = Counter(domain for _, domain, _ in concepts())
    assert set(domains) == DOMAINS
    assert 1200 <= sum(domains.values()) <= 1700
