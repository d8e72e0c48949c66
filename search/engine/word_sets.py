"""What one query word stands for: the members of its synonym set.

A plain query word is searched as (matching.py), and scored as one pseudo-term
(synonyms.py):

- its own forms, one per language the archive holds (analysis.query_forms); unless the
  word is quoted, with the English forms the stemmer cannot join to it (english_members:
  sunk with sank and sink, Crimean with Crimea);
- unless the request turned variants off or the word is quoted: the spellings of every
  variant group that holds it (variants.py), each analysed in its own language with its
  case forms; and, unless those name spellings in the other script, the other-script
  terms of the word and of each spelling (scripts.py). The set is built from the whole
  group, so every spelling of a group stands for the same terms and finds the same
  articles (Kyiv, Kiev, Київ, Киев);
- unless the request asked for the query's own language only, or the word is quoted or
  in a field: its translations (translation.py).

Members are made in that order and each term tuple is kept once, as its first kind.
"""
from dataclasses import dataclass

from ..text.analysis import normalise, query_forms
from ..text.english_forms import family_terms
from ..text.morphology import ENGLISH
from ..text.transliteration import is_cyrillic
from ..text.term_forms import paradigm, readings
from ..text.word_languages import english_lemmas, is_ordinary_english, languages_of
from .scripts import cyrillic_terms, latin_terms

OWN, VARIANT, SCRIPT, TRANSLATION = "own", "variant", "script", "translation"


@dataclass(frozen=True)
class Member:
    """One way a query word is searched."""
    terms: tuple            # index terms; several: a phrase
    kind: str = OWN
    text: str = ""          # as the page names it: a spelling, a lexicon term
    lang: str = ""          # TRANSLATION: the language it was added in
    label: str = ""         # TRANSLATION: its concept's English label (the gloss);
                            # VARIANT: the place form it is ("Kharkiv region")


def own_members(text, forms):
    """The word's own forms; a Cyrillic word's with those of its case forms, in each
    language it may be in (Киев: ки, and киев of Киева and Киеве)."""
    members = [Member(tuple(form)) for form in forms]
    if is_cyrillic(text):
        members += [Member(form) for lang in languages_of(text) for form in paradigm(text, lang)]
    return members


def english_members(text, languages):
    """The English forms of the word that its stem does not reach (text/english_forms.py:
    irregular verbs, places and their adjectives), as its own forms, when the archive
    holds English text ("": not detected, read as English)."""
    if languages and not set(languages) & {ENGLISH, ""}:
        return []
    return [Member((term,)) for term in family_terms(text)]


def variant_english_members(spellings, languages):
    """The English forms of each one-word Latin variant spelling (english_members), as
    that spelling: Kiev reaches Kyivan through Kyiv, as Kyiv does, so every spelling of a
    place finds the same articles."""
    return [Member(m.terms, VARIANT, spelling.text)
            for spelling in spellings
            if spelling.kind == VARIANT and " " not in spelling.text and not is_cyrillic(spelling.text)
            for m in english_members(spelling.text, languages)]


def variant_members(table, text, forms):
    """The spellings of every group holding the word (by one of its `forms`, its
    analysis in its own languages, or, for a Cyrillic word, one of its dictionary
    forms), in table order, each with the forms of its inflections (variants.Spelling.
    forms); the word's own spelling counts as its own forms. An ordinary English word
    reaches a group only through a spelling that is the word or its dictionary form
    (defences: defence), not one its stem collides with (crime is not Crimée, which
    Snowball stems to crime); and such a spelling is not searched for the others."""
    plain = normalise(text)
    keys = [tuple(f) for f in forms] + query_forms(text, languages_of(text)) + \
        [(r,) for lang in languages_of(text) for r in readings(text, lang)]
    written = spelled(plain) if is_ordinary_english(plain) else None
    members = []
    for spelling in table.spellings_of(keys, written):
        own = spelling.terms in keys
        if not own and stems_like_a_word(spelling):
            continue
        members += [Member(form, OWN if own else VARIANT, "" if own else spelling.text,
                           label=spelling.form) for form in spelling.forms]
    return members


def stems_like_a_word(spelling):
    """Whether a Latin one-word spelling that is no English word is analysed as one is
    (Crimée as crime): the index cannot tell them apart, so it is not searched."""
    plain = normalise(spelling.text)
    return (spelling.lang == ENGLISH and len(spelling.terms) == 1 and not is_cyrillic(plain)
            and not is_ordinary_english(plain) and is_ordinary_english(spelling.terms[0]))


def spelled(plain):
    """The written forms an ordinary English word stands for: itself and its lemmas."""
    return {plain} | set(english_lemmas(plain))


def script_members(searching, text, forms, spellings):
    """The other-script terms of the word `text` (analysed as `forms`) and of its variant
    `spellings` (VARIANT Members), by the rules of scripts.py; none when the spellings
    already hold one in the other script: a group names the spellings people use across
    scripts, and leaves out on purpose some a transliteration would add (Moskva is the
    cruiser, not Moscow)."""
    if any(is_cyrillic(s.text) != is_cyrillic(text) for s in spellings):
        return []
    words = {text: [t for form in forms for t in form]}
    for spelling in spellings:
        words.setdefault(spelling.text, []).extend(spelling.terms)
    found = [] if is_cyrillic(text) else cyrillic_terms(searching, list(words))
    for word, terms in words.items():
        found += [t for t in latin_terms(word, terms) if t not in found]
    return [Member((term,), SCRIPT) for term in found]


def translation_members(added):
    """A Member for each analysed form of each Added term (translation.py)."""
    return [Member(form, TRANSLATION, a.text, a.lang, a.label)
            for a in added for form in a.forms if form]


def distinct(members):
    """`members` with each term tuple once, as its first Member; a translation is kept
    once per language (танк is a Ukrainian and a Russian term, and each language says
    what it added), and not at all when the word searches its terms already."""
    seen, kept = set(), []
    for member in members:
        key = (member.terms, member.lang if member.kind == TRANSLATION else "")
        if member.terms and key not in seen and (member.terms, "") not in seen:
            seen.add(key)
            kept.append(member)
    return kept
