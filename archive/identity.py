"""Which article a record is: a new one, an update of one, or a repeat within this run.

- The same url is the same article (an update), whichever outlet it now names; among
  several articles at one url, the one with the same text, else the same headline. A file
  that holds two different texts under one url (the PDF of a journal's issue, a live page
  of posts) holds two articles: a record whose url an earlier record of the same file used,
  with another text, is an article of its own, not a repeat (a file never holds two versions
  of one article; a new version comes in a later import, as an update).
- The same text (archive.models.fingerprint) in the same outlet is the same article when
  one of the two has no url, or both the same; the same text in another outlet is another
  article: a syndicated copy is a publication of its own (the duplicates view shows them).
  A body of fewer than SHORT_BODY_WORDS words (a post that is its first line and an emoji)
  says too little to be the text alone: its headline must be the same too, so that two
  posts are never one article because what is left of them after the headline collides.
- A file holding one article is the article imported from that same file before (its text
  was edited, or cleaned by newer rules).
- Within one run, a record that finds an article an earlier record of the run made or
  touched is a repeat: reported with both places, and it changes nothing (the first wins),
  so that nothing is overwritten silently.
"""
import re
from dataclasses import dataclass, field

from .cleaning import words
from .models import Article, fingerprint

SHORT_BODY_WORDS = 12   # as cleaning's DUPLICATE_MIN_WORDS: shorter texts repeat by chance
LINK = re.compile(r"\(?(?:https?://|www\.)\S+")

# The fields an update reports when they change (with -v1), as "name: old -> new".
REPORTED = {"headline": "headline", "outlet_id": "outlet", "published": "date",
            "published_precision": "date precision", "url": "url"}


@dataclass
class Run:
    """What this run has seen: the source that first made or touched each article, and
    the file it was read from."""
    first_seen: dict = field(default_factory=dict)
    file_of: dict = field(default_factory=dict)

    def repeat_of(self, article):
        return self.first_seen.get(article.pk) if article else None

    def saw(self, article_id, source, file=""):
        self.first_seen.setdefault(article_id, source)
        self.file_of.setdefault(article_id, file)

    def seen_in(self, article, file):
        return bool(file) and self.file_of.get(article.pk) == file


def find_existing(fields, outlet, run=None):
    """The article these fields are again, or None (see the module's rules)."""
    if fields.url:
        found = same_url(fields, run)
        if found:
            return found
    same_text = Article.objects.filter(fingerprint=fingerprint(fields.body), outlet=outlet)
    if fields.url:
        same_text = same_text.filter(url="")
    found = same_text.order_by("id").first()
    if found and len(words(fields.body)) < SHORT_BODY_WORDS:
        found = next((a for a in same_text.order_by("id")[:100]
                      if headline_words(a.headline) == headline_words(fields.headline)), None)
    if found or not fields.whole_file:
        return found
    same_file = Article.objects.filter(source=fields.source)
    return (same_file.filter(url="") if fields.url else same_file).order_by("id").first()


def same_url(fields, run):
    """The article at the record's url it is again (see the module's rules), or None."""
    candidates = list(Article.objects.filter(url=fields.url).order_by("id")[:100])
    key = fingerprint(fields.body)
    same_text = next((a for a in candidates if a.fingerprint == key), None)
    if same_text or not candidates:
        return same_text
    if run and any(run.seen_in(a, fields.file) for a in candidates):
        return None         # another text under a url this file already used: another article
    wanted = headline_words(fields.headline)
    return next((a for a in candidates if headline_words(a.headline) == wanted), candidates[0])


def headline_words(headline):
    """A headline's words without its links (a cleaning rule may drop them since)."""
    return words(LINK.sub("", headline))


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
