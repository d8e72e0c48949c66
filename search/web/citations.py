"""An article or one of its paragraphs as a reference: BibTeX, RIS, CSL-JSON, Chicago, APA.

`Citable` is what a reference manager needs to know, built from an article (its page) or
an ArticleRef (a search's results). The formats are written here, field by field, because
each is a few lines of well-known tags; the two rendered styles come from citeproc-py over
the CSL-JSON, with the styles' own CSL files (data/csl/).

Every value is text from outside: whitespace (newlines included) is collapsed to single
spaces, so a headline can never start a new RIS tag or close a BibTeX field early, and
BibTeX's special characters are escaped (except in `url`, which BibTeX styles and biblatex
read verbatim, as \\url does: there only the characters that would end the field are
percent-encoded). Rendered styles are plain text; the page escapes them like any other text.

Each format carries the article's language (CSL-JSON `language`, RIS `LA`, BibTeX
`langid`), so a processor leaves a Ukrainian or Russian title in its own sentence case
instead of title-casing it as English (citeproc-py does this itself from `language`).
"""
import json
import re
import threading
import warnings
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from ..text.dates import MONTHS

STYLES = {"chicago": ("Chicago (author-date)", "chicago-author-date-16th-edition.csl"),
          "apa": ("APA (7th edition)", "apa.csl")}
CSL_FOLDER = Path(__file__).resolve().parent / "data" / "csl"
FORMATS = {"bib": ("BibTeX", "application/x-bibtex"),
           "ris": ("RIS", "application/x-research-info-systems"),
           "csl.json": ("CSL-JSON", "application/vnd.citationstyles.csl+json")}


@dataclass(frozen=True)
class Person:
    family: str
    given: str = ""       # "" for a one-word credit ("Reuters") or an organisation, whose
                          # whole name is `family` ("Deutsche Welle"), never inverted


@dataclass(frozen=True)
class Citable:
    key: str                     # "archive-12", or "archive-12-p-KEY" for a paragraph
    title: str
    outlet: str
    authors: tuple
    published: date | None
    precision: str               # "day" | "month" | "year"
    original_url: str            # "" when unknown or not http(s)
    archive_url: str             # absolute: the article page, or the paragraph's anchor
    accessed: date
    paragraph: int | None = None  # 1-based, for a paragraph's citation
    language: str = ""           # ISO 639-1 ("uk"), "" when unknown


def plain(text) -> str:
    """One line of text: every run of whitespace or control characters is one space."""
    return re.sub(r"[\s\x00-\x1f\x7f]+", " ", str(text or "")).strip()


# Words that make a credit an organisation's rather than a person's ("Reuters staff",
# "Deutsche Welle", "Kyiv Independent news desk", "Редакція УП"): its name is never split
# into given and family names. The credit naming the outlet itself is one too.
ORGANISATION_WORDS = re.compile(
    r"\b(?:news|agency|agencies|press|service|staff|desk|team|reporters|editors|editorial"
    r"|bureau|ministry|office|media|radio|tv|television|welle|reuters|ukrinform|interfax"
    r"|correspondents|редакці[яї]|редакция|новини|новости|служба|агентство|прес|пресс"
    r"|міністерство|министерство|штаб)\b", re.IGNORECASE)


def is_organisation(name: str, outlet: str = "") -> bool:
    return bool(ORGANISATION_WORDS.search(name)) or name.casefold() == outlet.casefold()


def people(authors: str, outlet: str = "") -> tuple:
    """'Guy Faulconbridge and Pavel Polityuk' or 'A, B & C' as Persons, family name last;
    an organisation's credit ("Deutsche Welle", the outlet itself) as one whole name."""
    names = re.split(r"\s*(?:,|;|&|\band\b)\s*", plain(authors))
    found = []
    for name in filter(None, names):
        if is_organisation(name, outlet):
            found.append(Person(name))
            continue
        *given, family = name.split(" ")
        found.append(Person(family, " ".join(given)))
    return tuple(found)


def date_parts(item: Citable) -> list:
    """[year, month, day] cut to the precision the date is known at."""
    d = item.published
    return {"year": [d.year], "month": [d.year, d.month]}.get(item.precision,
                                                            [d.year, d.month, d.day])


def note(item: Citable) -> str:
    where = f"Archived at {item.archive_url}"
    return f"Paragraph {item.paragraph}. {where}" if item.paragraph else where


# ---------------------------------------------------------------- CSL-JSON

def csl_item(item: Citable) -> dict:
    data = {
        "id": item.key, "type": "article-newspaper", "title": plain(item.title),
        "container-title": plain(item.outlet),
        "URL": item.original_url or item.archive_url,
        "accessed": {"date-parts": [[item.accessed.year, item.accessed.month,
                                     item.accessed.day]]},
        "note": note(item),
    }
    if item.authors:     # an empty list is "authors: none", which no style substitutes
        data["author"] = [{"family": p.family, "given": p.given} if p.given
                          else {"literal": p.family} for p in item.authors]
    if item.language:
        data["language"] = item.language
    if item.published:
        data["issued"] = {"date-parts": [date_parts(item)]}
    if item.paragraph:
        data["locator"], data["label"] = str(item.paragraph), "paragraph"
    return data


def csl_json(items) -> str:
    return json.dumps([csl_item(i) for i in items], ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- BibTeX

BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
                  "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
                  "^": r"\textasciicircum{}"}


def bibtex_text(text) -> str:
    return "".join(BIBTEX_SPECIAL.get(c, c) for c in plain(text))


# In `url` only these would break the field (a brace, a backslash, a space): they are
# percent-encoded, which leaves the same address; everything else stays as it is.
URL_UNSAFE = {"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20", '"': "%22"}


def bibtex_url(url) -> str:
    return "".join(URL_UNSAFE.get(c, c) for c in plain(url))


# biblatex's `langid` takes babel's names of the languages.
BABEL_NAMES = {"en": "english", "uk": "ukrainian", "ru": "russian", "de": "german",
               "fr": "french", "es": "spanish", "pl": "polish", "be": "belarusian",
               "bg": "bulgarian", "it": "italian"}


def bibtex_entry(item: Citable) -> str:
    # A one-word credit ("Reuters") in braces, so BibTeX takes it whole as a family name.
    names = " and ".join(f"{bibtex_text(p.family)}, {bibtex_text(p.given)}" if p.given
                         else "{" + bibtex_text(p.family) + "}" for p in item.authors)
    fields = [("title", "{" + bibtex_text(item.title) + "}"),   # braces keep its capitals
              ("author", names),
              ("journal", bibtex_text(item.outlet)),
              ("entrysubtype", "newspaper")]           # biblatex: a newspaper's article
    if item.published:
        parts = date_parts(item)
        fields.append(("year", str(parts[0])))
        if len(parts) > 1:
            # The month as BibTeX's own macro (unbraced), so styles print it in full.
            fields.append(("month", MONTHS[parts[1] - 1].lower()))
        fields.append(("date", "-".join(f"{n:02d}" for n in parts)))
    fields += [("langid", BABEL_NAMES.get(item.language, "")),
               ("url", bibtex_url(item.original_url or item.archive_url)),
               ("urldate", item.accessed.isoformat()), ("note", bibtex_text(note(item)))]
    body = ",\n".join(f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
                      for name, value in fields if value)
    return f"@article{{{item.key},\n{body}\n}}\n"


def bibtex(items) -> str:
    return "\n".join(bibtex_entry(i) for i in items)


# ---------------------------------------------------------------- RIS

def ris_entry(item: Citable) -> str:
    tags = [("TY", "NEWS"), ("TI", item.title), ("T2", item.outlet)]
    tags += [("AU", f"{p.family}, {p.given}" if p.given else p.family) for p in item.authors]
    if item.published:
        parts = date_parts(item)
        # RIS dates are YYYY/MM/DD/ with the unknown parts left empty: "2024/08//".
        known = [f"{parts[0]:04d}"] + [f"{n:02d}" for n in parts[1:]]
        tags += [("PY", known[0]), ("DA", "/".join((known + ["", ""])[:3]) + "/")]
    if item.language:
        tags.append(("LA", item.language))
    tags += [("UR", item.original_url or item.archive_url), ("Y2", item.accessed.isoformat()),
             ("N1", note(item)), ("ID", item.key), ("ER", "")]
    return "".join(f"{tag}  - {plain(value)}\r\n" for tag, value in tags)


def ris(items) -> str:
    return "\r\n".join(ris_entry(i) for i in items)


# ---------------------------------------------------------------- rendered styles

_render_lock = threading.Lock()


@lru_cache(maxsize=None)
def _style(name):
    from citeproc import CitationStylesStyle

    from . import citeproc_fixes
    citeproc_fixes.apply()
    return CitationStylesStyle(str(CSL_FOLDER / STYLES[name][1]), validate=False)


def styled(item: Citable, name: str) -> str:
    """The reference as plain text in the style `name` ("chicago" or "apa")."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    from .citeproc_fixes import punctuated

    data = csl_item(item)
    data.pop("note")          # the archive link is added after the style's own text
    if name == "chicago":
        # Chicago's style file takes the year of access as an undated item's year; an
        # archived article's date is unknown, not the day it was read: without the access
        # date it says "n.d." (APA says "n.d." and "Retrieved <date>, from" by itself).
        data.pop("accessed")
    with _render_lock, warnings.catch_warnings():
        # citeproc-py warns about CSL features it does not know; the styles render anyway.
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(_style(name), CiteProcJSON([data]),
                                                  formatter.plain)
        bibliography.register(Citation([CitationItem(item.key)]))
        text = punctuated(plain(str(bibliography.bibliography()[0])))
    if item.paragraph:
        text += f" Paragraph {item.paragraph}."
    if item.original_url:
        text += f" Archived at {item.archive_url}."
    return text
