"""Headlines from the text when a record gives none, and the site tail taken off one that has it.

The fallback headline is the first sentence of the first paragraph that is prose. Before
it, a text often carries what is not the story: a dateline ("KYIV, Ukraine (AP) —",
"WASHINGTON —", "(CNN) —", "Reuters —"), a time ("16:14"), a label of the page it was
scraped from ("VIEW VIDEO", "Advertisement") or a call to subscribe. These are skipped,
and a sentence does not end at an abbreviation ("U.S.", "Mr.", "Gen.", "J.").

A headline given with a site tail ("Talks resume « War in Ukraine | Kyiv Post") loses the
tail when its last part names the outlet; a section before it, joined by a separator that
pages use for navigation ("|", "«", "»", "::", "·"), goes with it, and so does a date after
it ("… | DW | 19.01.2020"). A dash is not such a separator: headlines use dashes themselves
("Kherson - the city that waited").

Every headline, given or found, is cleaned alike (clean_headline): Markdown is reduced to
its text (a Telegram post's "[подрыве моста](https://t.me/...)", a link cut in half), and
the decoration, time, label or dateline before it goes ("❗️", "16:14", "VIDEO:",
"KYIV (Reuters) —"). A headline that is nothing but these ("CNN —", "Subscribe to us
Twitter") is no headline: the text's first sentence is taken instead.
"""
import re

from .cleaning import CALL_TO_ACTION, CLOSERS, DANGLING_WORDS, LEADING_TIME, ONLY_TIME, OPENERS, \
    reduce_markdown, words

FALLBACK_LIMIT = 120
SHORT_SENTENCE = 4  # words; a first sentence shorter than this takes the next one too

DASH = r"(?:\s*[—–]\s*|\s+--?\s+)"
AGENCY = r"\s*\([^()\n]{1,40}\)"
CAPS_PLACE = r"[A-Z][A-Z.'’-]+(?:[ /][A-Z][A-Z.'’-]+){0,3}"
REGION = r"(?:,\s*[A-Z][\w.'’-]*(?:\s[\w.'’-]+){0,2}){0,2}"
DATELINES = [
    re.compile(rf"^{CAPS_PLACE}{REGION}(?:{AGENCY})?{DASH}"),  # WASHINGTON — / KYIV, Ukraine (AP) —
    re.compile(rf"^{AGENCY.strip()}{DASH}"),  # (CNN) —
    re.compile(rf"^[A-Z][^()—–\n]{{0,60}}?{AGENCY}{DASH}"),  # Kyiv, March 3 (Reuters) -
]
LABEL_WORDS = (r"(?:view|watch|play|listen|video|photos?|gallery|advertisement|sponsored|live|"
               r"breaking(?: news)?|exclusive|updated?|read more|share|image|caption|opinion|analysis)")
# A paragraph that is only a label, or a call to action, is page furniture.
LABEL_LINE = re.compile(rf"^(?:{LABEL_WORDS}(?:\s+(?:video|now|live|more|this|story|article))?\s*[:|]?)$",
                        re.IGNORECASE)
# An upper-case label run into the text: "VIEW VIDEO Russian forces ..."
LEADING_LABEL = re.compile(r"^(?:(?:VIEW|WATCH|PLAY) VIDEO|VIDEO|WATCH|BREAKING(?: NEWS)?|EXCLUSIVE|"
                           r"UPDATED?|LIVE)\b\s*[:|—–-]?\s*(?=\S)")
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "capt", "maj", "adm", "cmdr", "sen",
    "rep", "gov", "pres", "st", "mt", "no", "vs", "inc", "corp", "co", "ltd", "jr", "sr",
    "prof", "rev", "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec",
    "dept", "est", "approx", "fig", "al", "etc", "eg", "ie", "e.g", "i.e", "u.s", "u.k",
    "u.n", "ft", "gop",
    "г", "гг", "ул", "т", "д", "им", "тыс", "млн", "млрд", "руб", "грн", "див", "см", "пр",
}
SENTENCE_END = re.compile(r"[.!?…]+[" + re.escape(CLOSERS) + r"]*\s+")


def strip_lead_in(paragraph, outlet=""):
    """The paragraph without a leading dateline, time or label ("" when it is only those)."""
    # Emoji and bullets before the text ("❗️Президент ...", "• Kyiv ...") are decoration.
    text = re.sub(r"^[^\w\"'“‘«(\[]+", "", paragraph.strip())
    for _ in range(3):  # "16:14 KYIV (Reuters) — ..." carries two
        before = text
        text = LEADING_TIME.sub("", text, count=1)
        text = LEADING_LABEL.sub("", text, count=1)
        for dateline in DATELINES:
            text = dateline.sub("", text, count=1)
        if outlet:
            text = re.sub(rf"^{re.escape(outlet)}{DASH}", "", text, count=1, flags=re.IGNORECASE)
        if text == before:
            break
    return text.strip()


def is_furniture(paragraph):
    """A paragraph that is no part of the story: a label, a time, a call to action."""
    text = paragraph.strip()
    return bool(LABEL_LINE.match(text) or ONLY_TIME.match(text) or CALL_TO_ACTION.match(text))


def first_sentence(text):
    """The text up to its first sentence end that is not an abbreviation's full stop."""
    for match in SENTENCE_END.finditer(text):
        after = text[match.end():match.end() + 2].lstrip(OPENERS)
        if not after or not (after[0].isupper() or after[0].isdigit()):
            continue
        if match.group().startswith(".") and is_abbreviation(text[:match.start()]):
            continue
        return text[:match.end()].strip()
    return text.strip()


def is_abbreviation(before):
    """Does the text before a full stop end on an abbreviation ("U.S", "Mr", a "J" initial)?"""
    token = re.findall(r"[\w.]+$", before)
    if not token:
        return False
    token = token[0]
    return token.lower() in ABBREVIATIONS or bool(re.fullmatch(r"(?:\w\.)*\w", token) and (
        len(token) == 1 and token.isupper() or "." in token))


def shorten(sentence, limit=FALLBACK_LIMIT):
    """At most `limit` characters, cut between words, never after "the" or a comma."""
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0]
    while " " in cut and (cut.rsplit(" ", 1)[1].lower().strip(",;:") in DANGLING_WORDS
                          or cut[-1] in ",;:—–-"):
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(",;:—–- ") + "…"


def fallback_headline(body, outlet=""):
    """A headline from a body: the first sentence of its first prose paragraph."""
    for paragraph in body.split("\n\n"):
        if paragraph.startswith("## ") or is_furniture(paragraph):
            continue
        text = strip_lead_in(paragraph, outlet)
        if len(words(text)) >= 2 and not is_furniture(text):
            sentence = first_sentence(text)
            if len(words(sentence)) < SHORT_SENTENCE and len(sentence) < len(text):
                # "Ukrainians!" or "'Jail!'" opens a speech; it says nothing of the story
                sentence = f"{sentence} {first_sentence(text[len(sentence):].strip())}"
            return shorten(sentence)
    return ""


# Site tails ---------------------------------------------------------------------------------

SEPARATOR = re.compile(r"\s+(\||«|»|::|·|—|–|-)\s+")
NAV_SEPARATORS = {"|", "«", "»", "::", "·"}
TAIL_MAX_WORDS = 8
SECTION_MAX_WORDS = 5


def compact(name):
    """A name reduced for comparison: "The Guardian", "theguardian.com" -> "theguardian"."""
    name = name.lower().strip()
    name = re.sub(r"^www\d?\.", "", name)
    name = re.sub(r"(?:\.[a-z]{2,3})+$", "", name) if re.fullmatch(r"[\w.-]+\.[a-z]{2,}", name) else name
    return re.sub(r"\W", "", name)


def names_outlet(segment, outlets):
    """Does this tail name one of the outlets ("BBC News" names "BBC"; "Kyiv Post" names
    "kyivpost.com")? A longer name may add one short word ("News", "Online")."""
    tail = compact(segment)
    for outlet in filter(None, map(compact, outlets)):
        shorter, longer = sorted((tail, outlet), key=len)
        if shorter and (tail == outlet or (longer.startswith(shorter) or longer.endswith(shorter))
                        and len(longer) - len(shorter) <= 6 and len(shorter) >= 3):
            return True
    return False


TAIL_DATE = re.compile(r"\s+(?:\||·|::)\s+\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
# What Markdown leaves when a headline was cut inside a link: "[text", "[text](https://t.me/…".
CUT_LINK = re.compile(r"\[([^\[\]]*)\]\((?:https?://|www\.)?[^)\s]*$|\[(?=[^\[\]]*$)")


def clean_headline(headline, outlets):
    """A given or found headline without Markdown, lead-in and site tail; "" when nothing
    of a headline is left (the caller then takes the text's first sentence)."""
    text = reduce_markdown(" ".join(headline.split()))
    text = CUT_LINK.sub(lambda m: m.group(1) or "", text).strip()
    if is_furniture(text):
        return ""
    bare = strip_lead_in(text, outlets[0] if outlets else "")
    if len(words(bare)) >= 2 and not is_furniture(bare):
        text = bare
    elif not words(bare):
        return ""           # "CNN —", "(AP) —": a dateline with nothing after it
    return strip_site_tail(text, outlets)


def strip_site_tail(headline, outlets):
    """The headline without a trailing part naming the outlet, and the sections before it."""
    dated = TAIL_DATE.sub("", headline)
    if dated != headline and strip_site_tail(dated, outlets) != dated:
        return strip_site_tail(dated, outlets)
    parts = SEPARATOR.split(headline)  # text, sep, text, sep, text ...
    if len(parts) < 3 or len(parts[-1].split()) > TAIL_MAX_WORDS or not names_outlet(parts[-1], outlets):
        return headline
    parts = parts[:-2]
    while len(parts) >= 3 and parts[-2] in NAV_SEPARATORS and len(parts[-1].split()) <= SECTION_MAX_WORDS:
        parts = parts[:-2]
    kept = "".join(p if i % 2 == 0 else f" {p} " for i, p in enumerate(parts)).strip()
    return kept if len(words(kept)) >= 2 else headline
