"""Reading a rendered page as a browser would: elements by tag and attributes, their text.

Tests assert what a reader sees (an element, its link, its visible text), not substrings
that depend on attribute order or whitespace.
"""
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict
    parts: list = field(default_factory=list)     # text, and child Elements

    @property
    def text(self):
        """The text inside, entities decoded, whitespace collapsed."""
        return " ".join(self._raw().split())

    def _raw(self):
        return "".join(p if isinstance(p, str) else p._raw() + " " * (p.tag in ("p", "li"))
                       for p in self.parts)

    def __getitem__(self, name):
        return self.attrs[name]

    def classes(self):
        return (self.attrs.get("class") or "").split()


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.open = [self.root]
        self.all = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: (v if v is not None else "") for k, v in attrs})
        self.open[-1].parts.append(element)
        self.all.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.open.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, 0, -1):
            if self.open[i].tag == tag:
                del self.open[i:]
                return

    def handle_data(self, data):
        self.open[-1].parts.append(data)


def parse(page):
    builder = _Builder()
    builder.feed(page)
    builder.close()
    return builder


def find_all(page, tag=None, text=None, **attrs):
    """Elements of `page` with this tag and these attribute values (aria_label for
    aria-label, for_ for for; class_: one of the element's classes), and visible text."""
    wanted_class = attrs.pop("class_", None)
    found = []
    for element in parse(page).all:
        if tag and element.tag != tag:
            continue
        if wanted_class and wanted_class not in element.classes():
            continue
        if any(element.attrs.get(k.rstrip("_").replace("_", "-")) != v for k, v in attrs.items()):
            continue
        if text is not None and element.text != text:
            continue
        found.append(element)
    return found


def find(page, tag=None, text=None, **attrs):
    """The one element that fits (AssertionError when none or several do)."""
    found = find_all(page, tag, text, **attrs)
    assert len(found) == 1, f"{len(found)} <{tag}> elements with {attrs} {text or ''}"
    return found[0]
