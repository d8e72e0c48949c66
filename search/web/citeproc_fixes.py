"""Two corrections to what citeproc-py 0.11 renders, kept apart from the styles' own rules.

- A substituted variable is printed once. When a reference has no author, APA and Chicago
  put something else in the author's place through `<substitute>` (APA the title, Chicago
  the newspaper) and CSL says that variable is then left out of the rest of the
  reference. citeproc-py leaves it out only when the substitute names it directly; both
  styles name it through a macro, so the title (APA) or the newspaper (Chicago) came
  twice. Here the variables a substitute's macro actually printed are left out after it.
- Punctuation is not doubled, and goes inside the closing quote as the styles' en-US
  locale asks (CSL's punctuation-in-quote, which citeproc-py does not apply):
  `“Why Kursk?”.` becomes `“Why Kursk?”`, `“Kursk incursion”.` becomes `“Kursk incursion.”`,
  and APA's `Why Kursk?.` becomes `Why Kursk?`.
"""
import re

from citeproc import model
from citeproc.source import VariableError

# Variables printed while a substitute renders, a set per substitute being rendered. Shared
# by the process: citations.styled renders under its lock, one reference at a time.
_printed = []
TEXT_TAG = "{%s}text" % model.CitationStylesElement.nsmap["cs"]


def _recorded_variable(original):
    """Text._variable, noting which variables it printed while a substitute renders."""
    def _variable(self, item, context):
        text = original(self, item, context)
        if _printed and text:
            _printed[-1].add(self.get("variable"))
        return text
    return _variable


def _substitute_render(self, item, context=None, **kwargs):
    """model.Substitute.render, leaving out afterwards what a macro child printed."""
    for child in self.getchildren():
        _printed.append(set())
        try:
            if isinstance(child, model.Names) and child.name is None:
                names = self.xpath_search("./parent::cs:names[1]")[0]
                text = child.render(item, names_context=names, context=context, **kwargs)
            else:
                text = child.render(item, context=context, **kwargs)
        except VariableError:
            continue
        finally:
            printed = _printed.pop()
        if text:
            self.add_to_repressed_list(child, context)
            repressed = context.get_layout().repressed
            repressed.setdefault(TEXT_TAG, []).extend(printed - {None})
            return text
    return None


def apply():
    """Install the correction (once, before the first rendering)."""
    if getattr(model.Substitute, "_archive_fixed", False):
        return
    model.Text._variable = _recorded_variable(model.Text._variable)
    model.Substitute.render = _substitute_render
    model.Substitute._archive_fixed = True


PUNCTUATION = (
    (re.compile(r"([.?!])”([.,])"), r"\1”"),           # “Title.”. -> “Title.”
    (re.compile(r"”([.,])"), r"\1”"),                  # “Title”. -> “Title.”
    (re.compile(r"([?!])\.(?=\s|$)"), r"\1"),          # Why Kursk?. -> Why Kursk?
    (re.compile(r"(?<!\.)\.\.(?=\s|$)"), "."),         # Title.. -> Title. (not an ellipsis)
)


def punctuated(text: str) -> str:
    for pattern, replacement in PUNCTUATION:
        text = pattern.sub(replacement, text)
    return text
