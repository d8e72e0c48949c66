"""Equivalent spellings, applied at query time.

Searching "Kiev" also finds "Kyiv", "defence" also finds "defense", "World War Two" also
finds "Second World War". The table is data: adding a line needs no re-index, because the
query, not the index, is widened. Spellings are compared after the index's own analysis
(search/engine/analysis.py), so "Kyiv's" is "Kyiv" and "defences" meets "defense" through the
stems. Each line of the table is one group; a spelling can sit in several groups (Dnipro
the city, Dnipro the river), and only the groups that hold the typed spelling are used.

The groups an archive uses are the archivists' (the admin's "Spelling variants", whose
initial data is search/engine/data/variants.tsv), handed in by the web layer as rows
with a version (`from_rows`; the web layer builds one table per version of its reference
tables, search/service/reference.py), so a change in the admin takes effect at the next
search, with no rebuild. `load()` reads the shipped file
(what the engine uses when it is handed no table: the benchmark, the engine's tests).

A Cyrillic spelling is written with its language, `uk:Зеленський` or `ru:Зеленский`, and
analysed as that language's text is (a Ukrainian lemma, a Russian stem), and searched as
the analyses of all its case forms (`Spelling.forms`: Snowball stems Харьков to харьк but
Харькова to харьков), so any case form of it in a query, and any in the archive, meets
the group.
"""
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..text.analysis import normalise, query_forms, terms as analyzed_terms
from ..text.morphology import ENGLISH, RUSSIAN, STEMMED, UKRAINIAN
from ..text.term_forms import paradigm
from ..text.transliteration import is_cyrillic
from ..text.word_languages import languages_of

TABLE = Path(__file__).resolve().parent / "data" / "variants.tsv"


@dataclass(frozen=True)
class Spelling:
    text: str                 # as the table writes it, e.g. "Kharkov"
    terms: tuple              # its analyzed terms, e.g. ("kharkov",)
    lang: str = ENGLISH       # the language it is analysed in

    @property
    def forms(self):
        """What the spelling is searched as, its own terms first: its forms in each
        language, as a query word typed so would be (Zelensky is also the plain word
        of a Ukrainian text), and a Cyrillic one's case forms (a Russian name's stem
        apart: Харьков -> харьк, Харькова -> харьков)."""
        found = [self.terms, *query_forms(self.text, STEMMED)]
        if is_cyrillic(self.text):
            for lang in dict.fromkeys((self.lang, *languages_of(self.text))):
                if lang in (UKRAINIAN, RUSSIAN):
                    found += paradigm(self.text, lang)
        return tuple(dict.fromkeys(tuple(f) for f in found if f))


@dataclass(frozen=True)
class Group:
    kind: str                 # person, city, region, river, term, spelling, war ...
    spellings: tuple


@dataclass(frozen=True)
class Run:
    """Words start..end of a query (analyzed terms) that are one spelling of a group."""
    start: int
    end: int
    alternatives: tuple       # the other Spellings


class Variants:
    def __init__(self, groups, version=None):
        self.groups = groups
        self.version = version      # the table's version (None: the shipped file)
        self._by_terms = {}
        for group in groups:
            for spelling in group.spellings:
                self._by_terms.setdefault(spelling.terms, []).append(group)
        self.longest = max((len(t) for t in self._by_terms), default=0)

    def groups_of(self, terms, written=None):
        """The groups holding the analysed words `terms`; given the `written` forms
        (plain words) a query word stands for, only those that hold one of them as
        written (word_sets.py: an ordinary English word meets a group only so)."""
        groups = self._by_terms.get(tuple(terms), ())
        if written is None:
            return groups
        return [g for g in groups if any(normalise(s.text) in written for s in g.spellings)]

    def alternatives(self, terms, written=None):
        """The other spellings of the analyzed words `terms`, each once, in table order."""
        terms = tuple(terms)
        seen, found = {terms}, []
        for group in self.groups_of(terms, written):
            for spelling in group.spellings:
                if spelling.terms not in seen:
                    seen.add(spelling.terms)
                    found.append(spelling)
        return tuple(found)

    def spellings_of(self, keys, written=None):
        """Every spelling, the matching ones included, of the groups holding one of the
        analysed `keys`, each once, in table order."""
        found = []
        for key in keys:
            for group in self.groups_of(key, written):
                found += [s for s in group.spellings if s not in found]
        return found

    def runs(self, terms):
        """Spans of `terms` that are spellings with alternatives: longest first, left to right."""
        found, i = [], 0
        while i < len(terms):
            for end in range(min(len(terms), i + self.longest), i, -1):
                alternatives = self.alternatives(terms[i:end])
                if alternatives:
                    found.append(Run(i, end, alternatives))
                    i = end
                    break
            else:
                i += 1
        return found


def parse_table(lines):
    """Groups from the table's lines: `kind<TAB>spelling<TAB>spelling...`, # comments."""
    return [group for group in map(group_of, table_rows(lines)) if group]


def table_rows(lines):
    """(kind, [spelling text]) of each line of the table file."""
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        kind, *texts = [part.strip() for part in line.split("\t")]
        yield kind, texts


def group_of(row):
    """The Group of (kind, [spelling text]), or None when fewer than two spellings
    remain distinct after analysis."""
    kind, texts = row
    spellings, seen = [], set()
    for tagged in texts:
        # A Cyrillic spelling says its language ("uk:Київ"): analysed as that language's text
        lang, _, text = tagged.rpartition(":") if ":" in tagged[:3] else ("", "", tagged)
        terms = tuple(analyzed_terms(text, lang or ENGLISH))
        if terms and terms not in seen:
            seen.add(terms)
            spellings.append(Spelling(text, terms, lang or ENGLISH))
    return Group(kind, tuple(spellings)) if len(spellings) >= 2 else None


def from_rows(version, rows):
    """The Variants of (kind, [spelling text]) `rows`, under `version` (what a search's
    cached matches are keyed by; the web layer builds one table per version)."""
    return Variants([g for g in map(group_of, rows) if g], version)


@lru_cache(maxsize=4)
def load(path=TABLE):
    with open(path, encoding="utf-8") as lines:
        return Variants(parse_table(lines))
