"""Read what a visitor typed into a small query tree, and never fail doing it.

The language (operators in capitals, so "or" and "not" stay ordinary words):

    kyiv drone            every word must match (in the paragraph, headline or commentary)
    "air defence"         an exact phrase; "air defence"~3 lets the words be 3 apart
    drone OR missile      either; groups with ( )
    -moscow, NOT moscow   must not match
    mobilis*              words starting with "mobilis" (at least two letters)
    goverment~            words within one edit (~2: two edits)
    headline:kursk  author:umland  commentary:"turning point"  outlet:reuters
    from:2022  from:2022-03  to:2024-08-15    dates: from = first day, to = last day

Anything that cannot be read as written (an unbalanced quote or parenthesis, a lone
operator, nesting too deep) is read again as its plain words, and `ParsedQuery.notices`
says so. `interpreted` always states how the query was read. The tree is plain data;
search/engine/matching.py evaluates it against the index.
"""
import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from ..text.analysis import WORD as WORDS

MAX_QUERY_CHARS = 1000
MAX_WORDS = 64
MAX_DEPTH = 20
MAX_FUZZY = 2
MAX_SLOP = 50
MIN_PREFIX = 2

# Field names a visitor may type, and the index field (or filter) each one means.
FIELDS = {
    "headline": "headline", "title": "headline",
    "author": "authors", "authors": "authors", "by": "authors",
    "commentary": "commentary", "comment": "commentary",
    "outlet": "outlet", "source": "outlet",
    "from": "from", "since": "from", "after": "from",
    "to": "to", "until": "to", "before": "to",
}
TEXT_FIELDS = ("headline", "authors", "commentary")
DEFAULT = ""   # a word with no field searches text, headline and commentary

# Curly and angled quotes count as straight double quotes.
QUOTES = str.maketrans({c: '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\uff02"})
TOKEN = re.compile(
    r'''(?P<space>\s+)
      | (?P<lparen>\()
      | (?P<rparen>\))
      | (?P<phrase>"[^"]*"(?:~\d*)?)
      | (?P<quote>")
      | (?P<word>[^\s()"]+)''',
    re.X,
)
DATE_VALUE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


# ---------------------------------------------------------------- the tree

@dataclass(frozen=True)
class Word:
    text: str                 # as typed, without the * or ~
    field: str = DEFAULT      # "" or an index field: headline, authors, commentary
    prefix: bool = False
    fuzzy: int = 0            # edits allowed, 0 for an exact word
    quoted: bool = False      # "word": this spelling only, no variants


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str = DEFAULT
    slop: int = 0
    quoted: bool = False      # typed in quotes: these spellings only, no variants


@dataclass(frozen=True)
class OutletIs:
    value: str                # a slug or part of an outlet's name, as typed


@dataclass(frozen=True)
class DateBound:
    side: str                 # "from" | "to"
    day: date


@dataclass(frozen=True)
class And:
    items: tuple


@dataclass(frozen=True)
class Or:
    items: tuple


@dataclass(frozen=True)
class Not:
    item: object


@dataclass
class ParsedQuery:
    node: object | None       # None: no query (browse everything)
    interpreted: str
    notices: list[str] = field(default_factory=list)
    fell_back: bool = False   # read again as plain words


class QuerySyntaxError(ValueError):
    """The query cannot be read as written; the message says why, for people."""


# ---------------------------------------------------------------- entry point

def parse(text):
    """The query tree for `text`, with how it was read. Never raises."""
    notices = []
    text = clean(text or "", notices)
    if not text.strip():
        return ParsedQuery(None, "", notices)
    try:
        node = Parser(tokenize(text, notices), notices).parse()
    except QuerySyntaxError as error:
        words = plain_words(text)
        node = _and([Word(w) for w in words[:MAX_WORDS]])
        if len(words) > MAX_WORDS:
            notices.append(f"Only the first {MAX_WORDS} words were used.")
        notices.append(f"The query could not be read as written ({error}), "
                       "so its plain words were searched.")
        return ParsedQuery(node, describe(node), notices, fell_back=True)
    return ParsedQuery(node, describe(node), notices)


def searched_text(text):
    """`text` bounded as the parser bounds it (its first MAX_QUERY_CHARS, cut at a space),
    and otherwise as written: what a link to the same search needs to carry, and no more."""
    text = text or ""
    if len(text) <= MAX_QUERY_CHARS:
        return text
    cut = text.rfind(" ", 0, MAX_QUERY_CHARS)
    return text[: cut if cut > 0 else MAX_QUERY_CHARS]


def clean(text, notices):
    """Drop control characters, unify quotes, and bound the length."""
    text = text.translate(QUOTES)
    text = "".join(_clean_char(c) for c in text)
    if len(text) > MAX_QUERY_CHARS:
        text = searched_text(text)
        notices.append(f"The query was cut to its first {len(text)} characters.")
    return text


def _clean_char(c):
    category = unicodedata.category(c)
    if category in ("Cc", "Zl", "Zp"):      # tabs, newlines, other controls: a space
        return " "
    if category in ("Cf", "Cs", "Co"):      # invisible format marks, broken surrogates
        return ""
    return c


def plain_words(text):
    """The words of `text` with every operator and symbol dropped."""
    return [w for w in WORDS.findall(text) if w not in ("AND", "OR", "NOT")]


# ---------------------------------------------------------------- tokens

@dataclass(frozen=True)
class Token:
    kind: str      # lparen rparen phrase quote word or and not minus field
    value: str = ""
    glued: bool = False   # no space before the next token (for field:value, -word)


def tokenize(text, notices=None):
    notices = [] if notices is None else notices
    tokens = []
    for match in TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "space":
            continue
        glued = match.end() < len(text) and not text[match.end()].isspace()
        tokens.extend(_split_word(match.group(), glued, notices) if kind == "word"
                      else [Token(kind, match.group(), glued)])
    return tokens


def _split_word(word, glued, notices):
    """A word token may carry a leading -, a field name, or be an operator."""
    if word in ("AND", "&&"):
        return [Token("and")]
    if word in ("OR", "||", "|"):
        return [Token("or")]
    if word == "NOT":
        return [Token("not")]
    out = []
    if word.startswith("-") and (len(word) > 1 or glued):
        out.append(Token("minus"))
        word = word[1:]
        if not word:
            return out
    name, colon, rest = word.partition(":")
    if colon and name.lower() in FIELDS and (rest or glued):
        out.append(Token("field", FIELDS[name.lower()]))
        if rest:
            out.append(Token("word", rest, glued))
        return out
    if colon and name.isalpha() and rest and not rest.startswith("/"):
        notices.append(f"There is no field “{name}:”; it was read as words. Fields: "
                       "headline, author, commentary, outlet, from, to.")
    out.append(Token("word", word, glued))
    return out


# ---------------------------------------------------------------- grammar

class Parser:
    """Recursive descent: or_expr := and_expr (OR and_expr)*; and_expr := unary+;
    unary := (- | NOT) unary | primary; primary := ( or_expr ) | field: primary | phrase | word."""

    def __init__(self, tokens, notices):
        self.tokens = tokens
        self.i = 0
        self.depth = 0
        self.words = 0
        self.notices = notices

    def parse(self):
        node = self.or_expr()
        if self.peek() is not None:
            raise QuerySyntaxError("a closing parenthesis has no opening one")
        return node

    def peek(self):
        return self.tokens[self.i].kind if self.i < len(self.tokens) else None

    def take(self):
        token = self.tokens[self.i]
        self.i += 1
        return token

    def or_expr(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QuerySyntaxError("parentheses nested too deep")
        items = [self.and_expr()]
        while self.peek() == "or":
            self.take()
            if self.peek() in (None, "rparen", "or"):
                raise QuerySyntaxError("OR needs a word on each side")
            items.append(self.and_expr())
        self.depth -= 1
        items = [i for i in items if i is not None]
        return items[0] if len(items) == 1 else (Or(tuple(items)) if items else None)

    def and_expr(self):
        items = []
        while self.peek() not in (None, "rparen", "or"):
            if self.peek() == "and":
                self.take()
                if self.peek() in (None, "rparen", "or", "and") or not items:
                    raise QuerySyntaxError("AND needs a word on each side")
                continue
            items.append(self.unary())
        if not items:
            raise QuerySyntaxError("an operator or parenthesis has nothing to act on")
        return _and([i for i in items if i is not None])

    def unary(self):
        if self.peek() in ("minus", "not"):
            word = self.take().kind
            if self.peek() in (None, "rparen", "or", "and"):
                raise QuerySyntaxError(f"{'-' if word == 'minus' else 'NOT'} needs a word after it")
            item = self.unary()
            return Not(item) if item is not None else None
        return self.primary()

    def primary(self, field=DEFAULT):
        kind = self.peek()
        if kind == "lparen":
            self.take()
            node = self.or_expr() if self.peek() != "rparen" else None
            if self.peek() != "rparen":
                raise QuerySyntaxError("a parenthesis is not closed")
            self.take()
            return _with_field(node, field) if field else node
        if kind == "field":
            return self.fielded(self.take().value)
        if kind == "phrase":
            return self.phrase(self.take().value, field)
        if kind == "word":
            return self.word(self.take().value, field)
        if kind == "quote":
            raise QuerySyntaxError("a quotation mark is not closed")
        raise QuerySyntaxError("a closing parenthesis has no opening one")

    def fielded(self, name):
        if self.peek() not in ("word", "phrase", "lparen"):
            raise QuerySyntaxError(f"{name}: needs a value after it")
        if name in ("from", "to"):
            return self.date_bound(name, self.take().value)
        if name == "outlet":
            value = self.take().value.strip('"')
            return OutletIs(value) if value.strip() else None
        return self.primary(field=name)

    def phrase(self, raw, field):
        body, _, slop = raw[1:].rpartition('"')
        slop = slop.lstrip("~")
        words = plain_words(body)
        if not words:
            return None
        self._count(len(words))
        distance = min(int(slop), MAX_SLOP) if slop.isdigit() else (1 if raw.endswith("~") else 0)
        if len(words) == 1 and not distance:
            return Word(words[0], field, quoted=True)
        return Phrase(" ".join(words), field, distance, quoted=True)

    def word(self, raw, field):
        fuzzy = 0
        if "~" in raw:
            raw, _, edits = raw.partition("~")
            fuzzy = min(int(edits), MAX_FUZZY) if edits.isdigit() else 1
            fuzzy = max(fuzzy, 1)
        prefix = raw.endswith("*")
        if "*" in raw.rstrip("*"):
            self.notices.append(f"Wildcards work only at the end of a word: “{raw}” "
                                "was read without them.")
        words = plain_words(raw)
        if not words:
            return None
        self._count(len(words))
        if prefix and len(words) == 1 and len(words[0]) < MIN_PREFIX:
            self.notices.append(f"“{raw}” matches too many words; it was left out. "
                                f"Give at least {MIN_PREFIX} letters before the *.")
            return None
        if len(words) > 1:   # "counter-offensive", "U.S.": the words side by side
            return Phrase(" ".join(words), field)
        return Word(words[0], field, prefix=prefix and not fuzzy, fuzzy=fuzzy)

    def date_bound(self, side, raw):
        day = parse_date(raw.strip('"'), last=(side == "to"))
        if day is None:
            self.notices.append(f"“{side}:{raw}” is not a date (use YYYY, YYYY-MM or "
                                "YYYY-MM-DD); it was ignored.")
            return None
        return DateBound(side, day)

    def _count(self, n):
        self.words += n
        if self.words > MAX_WORDS:
            raise QuerySyntaxError(f"more than {MAX_WORDS} words")


def _and(items):
    if not items:
        return None
    return items[0] if len(items) == 1 else And(tuple(items))


def _with_field(node, name):
    """Apply `headline:( ... )` to every word and phrase inside the group."""
    if isinstance(node, (Word, Phrase)):
        return type(node)(**{**node.__dict__, "field": name})
    if isinstance(node, (And, Or)):
        return type(node)(tuple(_with_field(i, name) for i in node.items))
    if isinstance(node, Not):
        return Not(_with_field(node.item, name))
    return node


def parse_date(text, last=False):
    """YYYY, YYYY-MM or YYYY-MM-DD as a date: the first day of the period, or the last."""
    match = DATE_VALUE.match(text.strip())
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    if not 1 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
        return None
    if month is None:
        return date(year, 12, 31) if last else date(year, 1, 1)
    if day is None:
        return date(year, month, calendar.monthrange(year, month)[1] if last else 1)
    try:
        return date(year, month, day)
    except ValueError:
        return None


# ---------------------------------------------------------------- saying how it was read

def describe(node):
    """The tree as a query a person can read back, e.g. kyiv AND (drone OR missile)."""
    if node is None:
        return ""
    if isinstance(node, Word):
        suffix = "*" if node.prefix else (f"~{node.fuzzy}" if node.fuzzy else "")
        text = f'"{node.text}"' if node.quoted else node.text
        return _field_prefix(node.field) + text + suffix
    if isinstance(node, Phrase):
        return _field_prefix(node.field) + f'"{node.text}"' + (f"~{node.slop}" if node.slop else "")
    if isinstance(node, OutletIs):
        return f'outlet:"{node.value}"' if " " in node.value else f"outlet:{node.value}"
    if isinstance(node, DateBound):
        return f"{node.side}:{node.day.isoformat()}"
    if isinstance(node, Not):
        return "NOT " + _grouped(node.item)
    joiner = " AND " if isinstance(node, And) else " OR "
    return joiner.join(_grouped(i) for i in node.items)


def _grouped(node):
    text = describe(node)
    return f"({text})" if isinstance(node, (And, Or)) else text


def _field_prefix(name):
    return {"headline": "headline:", "authors": "author:", "commentary": "commentary:"}.get(name, "")
