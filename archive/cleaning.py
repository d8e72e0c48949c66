"""From a received text (plain text or Markdown, extraction debris included) to a clean body.

`clean(text)` returns a `Cleaned`: the metadata found in the text (headline, subtitle, byline,
a date line, the outlet named by feed boilerplate) and the body in the format
archive/chunking.py reads: paragraphs separated by one blank line, section headings on lines
of their own as "## Heading".

The rules are general, not tuned to one outlet; each is a small function below, applied in
this order:

1. Whitespace: non-breaking and odd spaces become spaces, zero-width characters and soft
   hyphens go, runs of spaces become one. Quote characters stay as written (the index
   normalises them for search; the stored text stays faithful).
2. Header: Markdown front matter ("---", "title: ...", "---") is read as metadata; a first
   line that is a Markdown "# Title" or a short line without final
   punctuation is the headline; a second such line is the subtitle; a "By Name" line near the
   top is the byline. None of them stays in the body.
3. Paragraphs: a block of lines between blank lines is one paragraph when its lines look
   wrapped (short), and one paragraph per line when its lines are long (texts that separate
   paragraphs by a single newline). Markdown headings (any level, or underlined) become
   section headings; list items become paragraphs, without their marker or a stray PDF bullet
   glyph ("- n Text", "• Text"); emphasis, links and images are reduced to their text.
4. Debris: feed boilerplate ("The post ... appeared first on ...") is dropped and its headline
   and outlet kept as metadata; a publisher footer in the second half of the text (e-mail,
   phone, ISSN, bare web link, copyright, "Latest ... Commentaries" list; with the date line
   and "X is a think tank ..." blurb just above it) is dropped with everything after it;
   lines that are only a date are metadata; emphasised paragraphs that repeat the body's
   words (pull quotes) are dropped; a paragraph of 12 words or more that repeats an earlier
   one is kept once (shorter repeats can be real, e.g. "Thank you." in a transcript).
5. Joins: a paragraph that stops mid-sentence (no final punctuation, and the next paragraph
   starts in lower case, or it ends on a comma or a word like "the") is joined to the next
   one, as page and column breaks split them. A lead-in ending with ":" stays a paragraph of
   its own, as the outlet wrote it (it is a whole sentence).
6. Plain-text headings: a short line (at most 10 words) without final punctuation, between
   paragraphs, is a section heading.
7. Sentences run together by a lost paragraph break ("counter them.So while") get a space:
   whether the break was a paragraph break cannot be known, a space restores the reading.
8. A paragraph longer than LONG_PARAGRAPH characters (a text that lost all its breaks) is cut
   at sentence ends into paragraphs of a readable size.

References to absent images such as "(see above photo)" stay: they are the author's words.
"""
import re
from collections import Counter
from dataclasses import dataclass, field

# Lines longer than this are whole paragraphs, not the wrapped lines of one.
WRAPPED_LINE_MAX = 100
TITLE_MAX_WORDS = 25
HEADING_MAX_WORDS = 10
HEADING_MAX_CHARS = 80
DUPLICATE_MIN_WORDS = 12
LONG_PARAGRAPH = 8_000
SPLIT_TARGET = 1_500
# A "sentence" longer than this, with no sentence end, is not article text.
HARD_PARAGRAPH_LIMIT = 20_000

# Closing quotes and brackets that may follow a sentence's final punctuation.
CLOSERS = "\"'”’»)]"
OPENERS = "\"'“‘«(["
TERMINAL = ".!?…"
# Words a sentence does not end on: a paragraph ending on one was cut by a break.
DANGLING_WORDS = {
    "a", "an", "the", "of", "to", "and", "or", "but", "in", "on", "at", "for", "with", "by",
    "from", "as", "that", "than", "between", "into", "its", "their", "his", "her", "our",
    "this", "these", "those", "is", "are", "was", "were", "be", "has", "have", "had", "which",
    "who", "whose", "so-called", "not", "nor", "if", "while", "about", "over", "under",
}
# PDF bullet glyphs: symbols, and the letters Wingdings bullets turn into ("n", "l", "q", ...).
BULLET_SYMBOLS = "•◦▪▫■□●○◆◇►▸▶➢➤✓✔❖⁃∙·"
BULLET_LETTERS = "nlquvwo"


class CleaningError(ValueError):
    """The text cannot become an article body (empty, or not prose)."""


@dataclass
class Para:
    text: str
    kind: str = "p"  # "p" paragraph, "h" section heading, "item" list item
    emphasised: bool = False  # the whole paragraph was one *italic* / **bold** run


@dataclass
class Cleaned:
    body: str
    headline: str = ""
    subtitle: str = ""
    authors: str = ""
    outlet: str = ""
    dateline: str = ""
    url: str = ""
    notes: list = field(default_factory=list)


def clean(text, headline_hint=""):
    """Clean a received text. `headline_hint`: a known headline, dropped if the text repeats it."""
    meta = Cleaned(body="")
    lines = normalise_whitespace(text).split("\n")
    lines = take_front_matter(lines, meta)
    lines = take_header(lines, meta, headline_hint)
    paras = assemble_paragraphs(lines)
    for step in (drop_feed_boilerplate, cut_footer, drop_date_lines, drop_leading_time,
                 drop_calls_to_action, drop_pull_quotes, drop_duplicates, join_broken_sentences,
                 mark_plain_headings,
                 split_long_paragraphs):
        paras = step(paras, meta)
    for para in paras:
        spaced = space_run_together_sentences(para.text)
        if spaced != para.text:
            meta.notes.append("spaced sentences run together")
            para.text = spaced
    meta.body = render(paras)
    if not meta.body:
        raise CleaningError("no article text left after cleaning")
    meta.notes = [f"{note} (×{n})" if n > 1 else note for note, n in Counter(meta.notes).items()]
    return meta


# 1. Whitespace ------------------------------------------------------------------------------

SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# C0 and C1 control characters other than tab and line breaks: no text needs them, a NUL
# cannot be stored by PostgreSQL, and the admin form refuses them (archive/admin.py), so a
# stored one would make its article uneditable. Removed at import by the same pattern.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]|" + CONTROL_CHARACTERS.pattern)


def strip_controls(text):
    return CONTROL_CHARACTERS.sub("", text)


def normalise_whitespace(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = INVISIBLE.sub("", SPACES.sub(" ", text))
    return "\n".join(re.sub(r" {2,}", " ", line).strip() for line in text.split("\n"))


# 2. Header ----------------------------------------------------------------------------------

# Markdown front matter ("---" / "key: value" lines / "---"), as static-site articles carry.
FRONT_MATTER_KEYS = {
    "title": "headline", "headline": "headline", "subtitle": "subtitle",
    "author": "authors", "authors": "authors", "byline": "authors",
    "date": "dateline", "published": "dateline", "pubdate": "dateline",
    "url": "url", "link": "url", "canonical": "url", "canonical_url": "url",
    "outlet": "outlet", "publisher": "outlet", "source": "outlet",
}


def take_front_matter(lines, meta):
    start = next_text_line(lines, 0)
    if start is None or lines[start] != "---":
        return lines
    end = next((i for i in range(start + 1, min(len(lines), start + 60)) if lines[i] in ("---", "...")), None)
    if end is None:
        return lines
    key, values = None, {}
    for line in lines[start + 1:end]:
        pair = re.match(r"^([A-Za-z_]+):\s*(.*)$", line)
        if pair:
            key = pair.group(1).lower()
            values[key] = [pair.group(2)] if pair.group(2) else []
        elif key and line.startswith("- "):  # a YAML list, e.g. of authors
            values[key].append(line[2:])
    if not values:
        return lines
    for key, items in values.items():
        target = FRONT_MATTER_KEYS.get(key)
        items = [i.strip().strip("\"'") for i in items if i.strip().strip("\"'")]
        if target and items and not getattr(meta, target):
            setattr(meta, target, " and ".join(items) if target == "authors" else items[0])
    return lines[end + 1:]


MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
BYLINE = re.compile(r"^(?:by|written by|words by)\s+(.+?)$", re.IGNORECASE)
NAME_GLUE = {"and", "&", "de", "van", "von", "der", "den", "la", "le", "di", "da", "del", "bin", "al"}


def words(text):
    return re.findall(r"\w+", text.lower())


def ends_sentence(text):
    return text.rstrip(CLOSERS)[-1:] in TERMINAL


def is_title_like(line, max_words=TITLE_MAX_WORDS):
    """A short line starting with a capital, ending without punctuation (no "?" either) and
    holding no sentence end inside."""
    bare = line.lstrip(OPENERS)
    return (
        0 < len(words(line)) <= max_words and len(line) <= 200
        and not has_inner_sentence_end(line)
        and bool(bare) and (bare[0].isupper() or bare[0].isdigit())
        and line.rstrip(CLOSERS)[-1:] not in TERMINAL + ",;:"
        and not LIST_ITEM.match(line) and not is_date_line(line) and not ONLY_TIME.match(line)
    )


def has_inner_sentence_end(line):
    """A sentence end followed by a capital, in any script ("облом. Тасують")."""
    return any(m.group(1).isupper() for m in re.finditer(r"[.!?][”’\"']? (\w)", line))


def byline_names(line):
    """The names in a "By Jane Doe and John Roe" line, or "" if it is not a byline."""
    match = BYLINE.match(reduce_markdown(line))
    if not match or ends_sentence(match.group(1)) or len(match.group(1).split()) > 12:
        return ""
    names = match.group(1).strip(" ,")
    tokens = [t for t in re.split(r"[\s,]+", names) if t]
    if all(t[0].isupper() or t.lower() in NAME_GLUE for t in tokens):
        return names
    return ""


def take_header(lines, meta, headline_hint):
    """Take headline, subtitle and byline from the top of the text; return the other lines."""
    i = next_text_line(lines, 0)
    if i is None:
        return lines
    first = lines[i]
    heading = MD_HEADING.match(first)
    hint_words = words(headline_hint)
    if (hint_words and words(first) == hint_words) or (heading and len(heading.group(1)) == 1) \
            or (not heading and is_title_like(first) and is_followed_by_new_sentence(lines, i)
                and words_after(lines, i)):
        meta.headline = meta.headline or reduce_markdown(heading.group(2) if heading else first)
        meta.notes.append("took the title line as metadata")
        j = next_text_line(lines, i + 1)
        i += 1
        # A second short line is a subtitle only when text follows it: in a short post
        # ("Title\n\nThe one sentence of the post\n\n🇺🇦") it is the text itself.
        if j is not None and is_title_like(lines[j]) and is_followed_by_new_sentence(lines, j) \
                and words_after(lines, j) \
                and not byline_names(lines[j]) and not MD_HEADING.match(lines[j]):
            meta.subtitle = meta.subtitle or reduce_markdown(lines[j])
            meta.notes.append("took the subtitle line as metadata")
            i = j + 1
    return take_byline(lines, i, meta)


def take_byline(lines, start, meta):
    """A byline (or a date line) among the next few lines is metadata, not body."""
    rest = lines[start:]
    seen = 0
    for n, line in enumerate(rest):
        if not line:
            continue
        seen += 1
        if seen > 3:
            break
        names = byline_names(line)
        if names:
            meta.authors = meta.authors or names
            meta.notes.append("took the byline as metadata")
            rest[n] = ""
        elif is_date_line(line) and not meta.dateline:
            meta.dateline = line
            rest[n] = ""
    return rest


def words_after(lines, i):
    """Do the lines after line i hold any word (not only emoji, bare links or rules)?"""
    return any(words(BARE_LINK.sub("", line)) for line in lines[i + 1:])


BARE_LINK = re.compile(r"(?:https?://|www\.)\S+")


def is_followed_by_new_sentence(lines, i):
    """A title has text after it, and that text does not continue it in lower case."""
    j = next_text_line(lines, i + 1)
    return j is not None and not starts_lower(lines[j])


def next_text_line(lines, start):
    for i in range(start, len(lines)):
        if lines[i]:
            return i
    return None


# 3. Paragraphs ------------------------------------------------------------------------------

LIST_ITEM = re.compile(r"^(?:[-*+]|[" + BULLET_SYMBOLS + r"])\s+(.*)$")
RULE = re.compile(r"^([-*_=])(?:\s*\1){2,}$")


def blocks_of(lines):
    block = []
    for line in lines:
        if line:
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block


def one_paragraph_per_line(block):
    """Lines mostly longer than a wrap width, or all ending a sentence, are paragraphs of their own.

    (Wrapped lines rarely all end with a full stop; two or more in a row that do are not wrapped.)
    """
    inner = block[:-1]
    long_lines = sum(1 for line in inner if len(line) > WRAPPED_LINE_MAX)
    return bool(inner) and (long_lines * 2 > len(inner) or (len(inner) >= 2 and all(map(ends_sentence, inner))))


def assemble_paragraphs(lines):
    paras = []
    for block in blocks_of(lines):
        per_line = one_paragraph_per_line(block)
        current = []
        for line in block:
            line = re.sub(r"^(?:>\s?)+", "", line)  # a Markdown quotation is body text
            rule = RULE.match(line)
            if rule and rule.group(1) in "=-" and len(current) == 1:
                paras.append(Para(reduce_markdown(current.pop()), kind="h"))  # underlined heading
                continue
            if rule or MD_HEADING.match(line) or LIST_ITEM.match(line) or per_line:
                flush(current, paras)
            if rule:
                continue
            heading = MD_HEADING.match(line)
            if heading:
                paras.append(Para(reduce_markdown(heading.group(2)), kind="h"))
            elif LIST_ITEM.match(line):
                current.append(line)
                flush(current, paras, kind="item")
            else:
                current.append(line)
        flush(current, paras)
    return [p for p in paras if p.text]


def flush(current, paras, kind="p"):
    if not current:
        return
    raw = " ".join(current)
    current.clear()
    if kind == "item":
        raw = strip_bullet(LIST_ITEM.match(raw).group(1))
    raw = strip_bullet(raw)
    paras.append(Para(reduce_markdown(raw), kind=kind, emphasised=is_emphasised(raw)))


def strip_bullet(text):
    """Drop a stray bullet glyph left by a PDF: "n Russia's drone ..." -> "Russia's drone ..."."""
    match = re.match(r"^(?:[" + BULLET_SYMBOLS + r"]|[" + BULLET_LETTERS + r"](?=\s+[A-Z“\"‘'0-9]))\s+", text)
    return text[match.end():] if match else text


EMPHASIS_RUN = re.compile(r"^(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1$", re.DOTALL)


def is_emphasised(raw):
    match = EMPHASIS_RUN.match(raw)
    return bool(match) and match.group(1)[0] not in match.group(2)


MARKDOWN_RULES = [
    # Brackets and parentheses never nest inside these patterns, so that a line of "[[[["
    # costs one pass, not one pass per bracket.
    (re.compile(r"\s*!\[[^\[\]]*\]\([^()\s]*(?:\s+\"[^\"]*\")?\)"), ""),  # images: absent here
    (re.compile(r"\[([^\[\]]+)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"), r"\1"),  # [text](url)
    (re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]"), r"\1"),  # [text][ref]
    (re.compile(r"<((?:https?://|mailto:)[^>\s]+)>"), r"\1"),  # <https://autolink>
    # ***both***, *italic*, then **bold** (around an italic already reduced), and with "_".
    # A run of stars that is not a delimiter pair, such as a "***" separator inside a line,
    # is left alone. The text inside holds no delimiter, so no match scans past the next one.
    *[(re.compile(rf"(?<![\w{c}]){d}(?![\s{c}])([^{c}]+?)(?<![\s{c}]){d}(?![\w{c}])"), r"\1")
      for d, c in ((r"\*\*\*", r"\*"), (r"\*", r"\*"), (r"\*\*", r"\*"), ("___", "_"), ("_", "_"), ("__", "_"))],
    (re.compile(r"`([^`]+)`"), r"\1"),  # `code`
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),  # backslash escapes
]


def reduce_markdown(text):
    for pattern, replacement in MARKDOWN_RULES:
        text = pattern.sub(replacement, text)
    return re.sub(r" {2,}", " ", text).strip()


# 4. Debris ----------------------------------------------------------------------------------

FEED_POST = re.compile(r"^The post (.+) appeared first on (.+?)\.?$")
FIRST_PUBLISHED = re.compile(
    r"^This (?:article|post|story|piece) (?:was )?(?:originally |first )(?:published|appeared) "
    r"(?:on|in|at|by) (.+?)\.?$", re.IGNORECASE)


def drop_feed_boilerplate(paras, meta):
    """RSS feeds append "The post <headline> appeared first on <outlet>."; keep them as metadata."""
    kept = list(paras)
    for para in paras[-2:]:
        post, first = FEED_POST.match(para.text), FIRST_PUBLISHED.match(para.text)
        if post:
            meta.headline = meta.headline or post.group(1).strip()
            meta.outlet = meta.outlet or post.group(2).strip()
        if post or first:
            kept.remove(para)
            meta.notes.append("dropped feed boilerplate")
    return kept


MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
DATE_LINE = re.compile(
    r"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,? )?(?:"
    r"\d{1,2} " + MONTHS + r",? \d{4}|" + MONTHS + r" \d{1,2},? \d{4}|" + MONTHS + r" \d{4}|"
    r"\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})"
    r"(?:,? \d{1,2}[:.]\d{2}(?: ?[ap]\.?m\.?)?(?: [A-Z]{2,4})?)?$",
    re.IGNORECASE,
)


# A time before the text ("16:14", "Updated 10.30 am GMT"): when the page was updated, metadata.
TIME = r"\d{1,2}(?::\d{2}|[.]\d{2}(?=\s?[ap]\.?m\b))(?:\s?[ap]\.?m\.?)?(?:\s?(?-i:[A-Z]{2,4}|UTC[+-]?\d*))?"
LEADING_TIME = re.compile(rf"^(?:(?:updated|published|posted)\s*:?\s*)?{TIME}(?:\s*[,|—–:-]\s*|\s+|$)",
                          re.IGNORECASE)
ONLY_TIME = re.compile(rf"^(?:(?:updated|published|posted)\s*:?\s*)?{TIME}\.?$", re.IGNORECASE)


def is_date_line(text):
    return bool(DATE_LINE.match(text.strip()))


FOOTER_MARKERS = [
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),  # e-mail
    re.compile(r"^(?:t|tel|phone|fax|ph)\.?:?\s*\+?\(?\d[\d\s()./-]{6,}$", re.IGNORECASE),
    re.compile(r"^\+\d[\d\s()./-]{6,}$"),
    re.compile(r"\b(?:ISSN|ISBN)\b"),
    re.compile(r"^(?:https?://\S+|www\.\S+)$"),  # a bare web link
    re.compile(r"^(?:©|\(c\)\s|copyright\b)|all rights reserved", re.IGNORECASE),
    re.compile(r"^(?:latest|recent|related|more|other|further)\b.{0,60}\b(?:commentar(?:y|ies)|articles?|"
               r"publications?|papers?|posts?|stories|reports?|analys[ie]s|briefs?|reading)$", re.IGNORECASE),
    re.compile(r"^(?:editors?|contacts?|press contact|media contact)\s*:", re.IGNORECASE),
    re.compile(r"^(?:subscribe|sign up|follow us)\b", re.IGNORECASE),
]
FOOTER_MARKER_MAX = 200
ABOUT_BLURB = re.compile(
    r"^(?:The )?[A-Z][^.]{0,120}?\b(?:is|was) (?:an?|the)\b[^.]{0,100}?\b(?:think[- ]tank|institute|"
    r"non-?profit|organi[sz]ation|foundation|research (?:centre|center)|publisher|agency)\b"
)
ADDRESS = re.compile(
    r"^(?:via|viale|piazza|rue|avenue|calle|ul\.|\d+\s+\w+\s+(?:street|st\.|avenue|ave\.|road|rd\.))\b"
    r"|\b[A-Z]{1,2}-\d{4,5}\b|\b\d{5}\s+[A-Z][a-z]+|\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b",
    re.IGNORECASE)


def is_footer_preamble(text):
    """What sits just above a footer's contact lines: a date, an address, an "about us" blurb."""
    return is_date_line(text) or bool(ABOUT_BLURB.match(text)) \
        or (len(text) <= 120 and not ends_sentence(text) and bool(ADDRESS.search(text)))


# After a footer starts, only short lines follow; a long paragraph means it was body text.
FOOTER_LINE_MAX = 300


def is_footer_marker(para):
    return len(para.text) <= FOOTER_MARKER_MAX and any(m.search(para.text) for m in FOOTER_MARKERS)


def cut_footer(paras, meta):
    """Drop a publisher footer: from its first marker in the second half of the text to the end."""
    total = sum(len(p.text) for p in paras)
    before = 0
    for i, para in enumerate(paras):
        if before >= total / 2 and is_footer_marker(para) \
                and all(len(p.text) <= FOOTER_LINE_MAX for p in paras[i + 1:]):
            start = i
            while start > 0 and is_footer_preamble(paras[start - 1].text):
                start -= 1
            if is_date_line(paras[start].text) and not meta.dateline:
                meta.dateline = paras[start].text
            meta.notes.append(f"dropped a footer of {len(paras) - start} lines")
            return paras[:start]
        before += len(para.text)
    return paras


def drop_date_lines(paras, meta):
    kept = []
    for para in paras:
        if is_date_line(para.text):
            meta.dateline = meta.dateline or para.text
        else:
            kept.append(para)
    return kept


# What a page puts between an article's paragraphs: links to other stories, calls to
# subscribe, photo credits. Only short paragraphs: a long one starting so is prose.
CALL_TO_ACTION = re.compile(r"^(?:subscribe|sign up|follow us|click here|download|join us|"
                            r"read (?:more|also)|see also|listen to|watch:|photo:|image:|credit:|"
                            r"get the .{1,60} by e-?mail)\b", re.IGNORECASE)
CALL_TO_ACTION_MAX = 200


def drop_calls_to_action(paras, meta):
    kept = [p for p in paras if not (p.kind != "h" and len(p.text) <= CALL_TO_ACTION_MAX
                                     and CALL_TO_ACTION.match(p.text))]
    if len(kept) < len(paras):
        meta.notes.append(f"dropped {len(paras) - len(kept)} link(s) to other stories or calls to subscribe")
    return kept


def drop_leading_time(paras, meta):
    """A time alone at the top, or before the first sentence, is when the page was updated."""
    if not paras or paras[0].kind != "p":
        return paras
    first = paras[0]
    if ONLY_TIME.match(first.text):
        meta.notes.append("took a leading time as metadata")
        return paras[1:]
    stripped = LEADING_TIME.sub("", first.text, count=1)
    if stripped != first.text and stripped[:1].isupper():
        meta.notes.append("took a leading time as metadata")
        first.text = stripped
    return paras


def trigrams(text):
    w = words(text)
    return {tuple(w[i:i + 3]) for i in range(len(w) - 2)}


def drop_pull_quotes(paras, meta):
    """An emphasised paragraph whose words mostly appear elsewhere in the text is a pull quote."""
    if not any(p.emphasised for p in paras):
        return paras
    grams = [trigrams(p.text) for p in paras]
    seen_in = Counter(g for paragraph in grams for g in paragraph)  # how many paragraphs hold it
    kept = []
    for para, quote in zip(paras, grams):
        if para.emphasised and para.kind == "p" and len(quote) >= 3:
            elsewhere = sum(1 for g in quote if seen_in[g] > 1)
            if elsewhere >= 0.6 * len(quote):
                meta.notes.append("dropped a pull quote")
                continue
        kept.append(para)
    return kept


def drop_duplicates(paras, meta):
    seen, kept = set(), []
    for para in paras:
        key = tuple(words(para.text))
        if para.kind != "h" and len(key) >= DUPLICATE_MIN_WORDS:
            if key in seen:
                meta.notes.append("dropped a repeated paragraph")
                continue
            seen.add(key)
        kept.append(para)
    return kept


# 5. Joins -----------------------------------------------------------------------------------

def starts_lower(text):
    bare = text.lstrip(OPENERS + " ")
    return bool(bare) and bare[0].islower()


def stops_mid_sentence(text):
    """True when a paragraph was clearly cut: it ends on a comma, a dash or a word like "the"."""
    last = text.rstrip()
    if last[-1:] in ",–—-":
        return True
    tail = re.findall(r"[\w-]+$", last)
    return bool(tail) and tail[0].lower() in DANGLING_WORDS


def join_broken_sentences(paras, meta):
    """Join a paragraph without final punctuation to the next, when the next continues it."""
    out = []
    for para in paras:
        prev = out[-1] if out else None
        if prev and prev.kind == para.kind == "p" and not ends_sentence(prev.text) \
                and not prev.text.endswith(":") \
                and (starts_lower(para.text) or stops_mid_sentence(prev.text)):
            prev.text = f"{prev.text} {para.text}"
            meta.notes.append("joined a sentence broken across paragraphs")
        else:
            out.append(para)
    return out


# 6. Plain-text headings -----------------------------------------------------------------------

def mark_plain_headings(paras, meta):
    for i, para in enumerate(paras):
        following = paras[i + 1] if i + 1 < len(paras) else None
        if para.kind == "p" and following is not None and following.kind != "h" \
                and words(BARE_LINK.sub("", following.text)) \
                and len(para.text) <= HEADING_MAX_CHARS \
                and is_title_like(para.text, max_words=HEADING_MAX_WORDS):
            para.kind = "h"
            meta.notes.append("read a short line as a section heading")
    while paras and paras[-1].kind == "h":  # a heading with nothing under it
        paras = paras[:-1]
    return paras


# 7 and 8. Sentences -------------------------------------------------------------------------

# A lower-case word, a full stop (and a typographic closing quote: a straight one may open the
# next quotation), then a capitalised word and more words: "them.So while". Names such as
# "Diya.City" or "U.S.Army" start with a capital and are left alone.
RUN_TOGETHER = re.compile(r"(?<![\w.])([a-z]{2,}[.!?][”’]?)(?=[A-Z][a-z]* [A-Za-z])")


def space_run_together_sentences(text):
    return RUN_TOGETHER.sub(r"\1 ", text)


SENTENCE_END = re.compile(r"(?<=[.!?…])[”\"’)]?\s+(?=[“\"‘(]?[A-Z0-9])")


def split_long_paragraphs(paras, meta):
    out = []
    for para in paras:
        if len(para.text) <= LONG_PARAGRAPH:
            out.append(para)
            continue
        pieces = split_at_sentences(para.text)
        meta.notes.append(f"cut a paragraph of {len(para.text):,} characters into {len(pieces)}")
        out.extend(Para(piece) for piece in pieces)
    return out


def split_at_sentences(text):
    sentences, start = [], 0
    for match in SENTENCE_END.finditer(text):
        sentences.append(text[start:match.start()] + match.group().strip())
        start = match.end()
    sentences.append(text[start:])
    pieces, current = [], ""
    for sentence in sentences:
        if len(sentence) > HARD_PARAGRAPH_LIMIT:
            raise CleaningError(
                f"a paragraph has {len(sentence):,} characters without a sentence end "
                f"(limit {HARD_PARAGRAPH_LIMIT:,}): not article text")
        if current and len(current) + len(sentence) > SPLIT_TARGET:
            pieces.append(current)
            current = ""
        current = f"{current} {sentence}".strip()
    pieces.append(current)
    return [p for p in pieces if p]


def render(paras):
    return "\n\n".join(f"## {p.text}" if p.kind == "h" else p.text for p in paras if p.text)
