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

A place's other forms are groups too, whose kind names the place: `region of Kharkiv`
(Харківщина, Харківська область, Kharkiv oblast...), `adjective of Kharkiv` (харківський,
харьковский). Searching any spelling of the place also finds its forms (named on the
page as what they are: "Харківщина (Kharkiv region)"), as English finds "Kharkiv region"
and "Kharkiv hospitals" by the word Kharkiv; searching a form finds its own group only,
not the city: the region is wider than its centre, and a reader who asks for the region
asks for more than the city's news. The place is the first group above the form whose
spelling is the one named (Dnipro the city, whose line comes before the river's).
"""
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ..text.analysis import normalise, query_forms, terms as analyzed_terms
from ..text.morphology import ENGLISH, RUSSIAN, STEMMED, UKRAINIAN
from ..text.term_forms import paradigm
from ..text.transliteration import is_cyrillic
from ..text.word_languages import languages_of

TABLE = Path(__file__).resolve().parent / "data" / "variants.tsv"
# "region of Kharkiv": a group that is a form of the place spelled "Kharkiv".
FORM_KIND = re.compile(r"^(?P<kind>\w+) of (?P<place>\S.*)$")
# How a form is named on the page and in the places facet.
FORM_LABELS = {"region": "{place} region", "adjective": "adjective of {place}"}


@dataclass(frozen=True)
class Spelling:
    text: str                 # as the table writes it, e.g. "Kharkov"
    terms: tuple              # its analyzed terms, e.g. ("kharkov",)
    lang: str = ENGLISH       # the language it is analysed in
    form: str = ""            # reached as a form of a place: what it is ("Kharkiv region")

    @property
    def shown(self):
        """How the page names the spelling: "Kharkov", "Харківщина (Kharkiv region)"."""
        return f"{self.text} ({self.form})" if self.form else self.text

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
    place: str = ""           # a form of this place ("region of Kharkiv": "Kharkiv")

    @property
    def label(self):
        """What a form is: "Kharkiv region", "adjective of Kharkiv" ("" for no form)."""
        if not self.place:
            return ""
        return FORM_LABELS.get(self.kind, "{kind} of {place}").format(
            kind=self.kind, place=spelling_of(self.place).text)


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
        self._forms = place_forms(groups, self._by_terms)

    def groups_of(self, terms, written=None):
        """The groups holding the analysed words `terms`; given the `written` forms
        (plain words) a query word stands for, only those that hold one of them as
        written (word_sets.py: an ordinary English word meets a group only so)."""
        groups = self._by_terms.get(tuple(terms), ())
        if written is None:
            return groups
        return [g for g in groups if any(normalise(s.text) in written for s in g.spellings)]

    def alternatives(self, terms, written=None):
        """The other spellings of the analyzed words `terms`, each once, in table order,
        then the forms of the place they spell (each with its `form` said)."""
        terms = tuple(terms)
        seen, found = {terms}, []
        for spelling in self.with_forms(self.groups_of(terms, written)):
            if spelling.terms not in seen:
                seen.add(spelling.terms)
                found.append(spelling)
        return tuple(found)

    def spellings_of(self, keys, written=None):
        """Every spelling, the matching ones included, of the groups holding one of the
        analysed `keys`, then their places' forms, each once, in table order."""
        found = []
        for key in keys:
            found += [s for s in self.with_forms(self.groups_of(key, written)) if s not in found]
        return found

    def with_forms(self, groups):
        """The spellings of `groups`, then the forms of those that are places."""
        return [*(s for g in groups for s in g.spellings),
                *(s for g in groups for s in self.forms(g))]

    def forms(self, group):
        """The spellings of the place `group`'s forms (its region's, its adjective's),
        each with its `form` said; those with a word the place or a form has on its own
        left out, as they find nothing more ("Харківська область": харківський)."""
        return self._forms.get(group, ())

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


def place_forms(groups, by_terms):
    """{place group: (its forms' Spellings, labelled)} of the `groups` that are forms."""
    forms = {}
    for group in groups:
        place = place_of(group, by_terms)
        if place is not None:
            forms.setdefault(place, []).extend(
                replace(s, form=group.label) for s in group.spellings)
    return {place: without_subsumed(place, found) for place, found in forms.items()}


def place_of(form, by_terms):
    """The group a form belongs to: the first that holds its place's spelling and is
    no form itself (None: no form, or its place is not in the table)."""
    if not form.place:
        return None
    terms = spelling_of(form.place).terms
    return next((g for g in by_terms.get(terms, ()) if not g.place), None)


def without_subsumed(place, spellings):
    """`spellings` without those of several words one of which the place or a form
    spells alone: a search for the place already finds every paragraph they do."""
    alone = {s.terms[0] for s in (*place.spellings, *spellings) if len(s.terms) == 1}
    return tuple(s for s in spellings if len(s.terms) == 1 or not alone & set(s.terms))


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
    remain distinct after analysis (a place's form needs one)."""
    kind, texts = row
    spellings, seen = [], set()
    for spelling in map(spelling_of, texts):
        if spelling.terms and spelling.terms not in seen:
            seen.add(spelling.terms)
            spellings.append(spelling)
    form = FORM_KIND.match(kind)
    if form:    # a form may have a single spelling: it is found through its place
        return Group(form["kind"], tuple(spellings), form["place"]) if spellings else None
    return Group(kind, tuple(spellings)) if len(spellings) >= 2 else None


def spelling_of(tagged):
    """The Spelling of the table's `tagged` text: a Cyrillic spelling says its language
    ("uk:Київ") and is analysed as that language's text."""
    lang, _, text = tagged.rpartition(":") if ":" in tagged[:3] else ("", "", tagged)
    return Spelling(text, tuple(analyzed_terms(text, lang or ENGLISH)), lang or ENGLISH)


def from_rows(version, rows):
    """The Variants of (kind, [spelling text]) `rows`, under `version` (what a search's
    cached matches are keyed by; the web layer builds one table per version)."""
    return Variants([g for g in map(group_of, rows) if g], version)


@lru_cache(maxsize=4)
def load(path=TABLE):
    with open(path, encoding="utf-8") as lines:
        return Variants(parse_table(lines))
