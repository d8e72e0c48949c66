"""Which article a record is: a new one, an update of one, or a repeat within this run.

- The same url is the same article (an update), whichever outlet it now names.
- The same text (archive.models.fingerprint) in the same outlet is the same article when
  one of the two has no url, or both the same; the same text in another outlet is another
  article: a syndicated copy is a publication of its own (the duplicates view shows them).
- A file holding one article is the article imported from that same file before (its text
  was edited, or cleaned by newer rules).
- Within one run, a record that finds an article an earlier record of the run made or
  touched is a repeat: reported with both places, and it changes nothing (the first wins),
  so that nothing is overwritten silently.
"""
from dataclasses import dataclass, field

from .models import Article, fingerprint

# The fields an update reports when they change (with -v1), as "name: old -> new".
REPORTED = {"headline": "headline", "outlet_id": "outlet", "published": "date",
            "published_precision": "date precision", "url": "url"}


@dataclass
class Run:
    """What this run has seen: the source that first made or touched each article."""
    first_seen: dict = field(default_factory=dict)

    def repeat_of(self, article):
        return self.first_seen.get(article.pk) if article else None

    def saw(self, article_id, source):
        self.first_seen.setdefault(article_id, source)


def find_existing(fields, outlet):
    """The article these fields are again, or None (see the module's rules)."""
    if fields.url:
        found = Article.objects.filter(url=fields.url).order_by("id").first()
        if found:
            return found
    same_text = Article.objects.filter(fingerprint=fingerprint(fields.body), outlet=outlet)
    if fields.url:
        same_text = same_text.filter(url="")
    found = same_text.order_by("id").first()
    if found or not fields.whole_file:
        return found
    same_file = Article.objects.filter(source=fields.source)
    return (same_file.filter(url="") if fields.url else same_file).order_by("id").first()


def changes(article, values, outlet_names):
    """What saving `values` changes in the reported fields, in words."""
    said = []
    for name, label in REPORTED.items():
        old, new = getattr(article, name), values[name]
        if old != new:
            if name == "outlet_id":
                old, new = outlet_names(old), outlet_names(new)
            said.append(f"{label}: {shown(old)} -> {shown(new)}")
    return said


def shown(value):
    if value in (None, ""):
        return "(none)"
    text = str(value)
    return repr(text if len(text) <= 80 else text[:79] + "…")


def differences(article, values):
    """For a repeat: which of its values differ from the article's (kept as they were)."""
    names = [label for name, label in REPORTED.items() if getattr(article, name) != values[name]]
    if article.body != values["body"]:
        names.append("text")
    return names
