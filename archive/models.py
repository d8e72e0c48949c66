"""The archive's content: outlets, articles, their paragraphs (chunks) and commentary.

An article's `body` is the source of truth: the cleaned text, paragraphs separated by a
blank line, section headings on lines of their own starting with "## ". Saving an
article re-derives its chunks from the body (archive/chunking.py); unchanged paragraphs
keep their stable `key`, so permalinks and commentary survive edits elsewhere.
"""
import hashlib
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils.text import slugify

from search.text import lexicon
from search.text.detection import detect, detect_paragraph
from search.text.transliteration import romanise_text

from .chunking import plan_chunks


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    homepage = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Outlet, self.name)
        super().save(*args, **kwargs)


def unique_slug(model, text, max_length=200):
    from .outlets import slug_text

    base = slugify(romanise_text(slug_text(text)))[: max_length - 6] or "outlet"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class Article(models.Model):
    class Precision(models.TextChoices):
        DAY = "day", "day"
        MONTH = "month", "month"
        YEAR = "year", "year"
        # No date at all: said so rather than passing for a day that is merely missing.
        UNKNOWN = "unknown", "unknown"

    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="articles")
    headline = models.CharField(max_length=500)
    subtitle = models.CharField(max_length=500, blank=True)
    authors = models.CharField(
        max_length=500, blank=True, help_text="As credited, e.g. 'Guy Faulconbridge and Pavel Polityuk'."
    )
    published = models.DateField(
        null=True, blank=True, db_index=True,
        help_text="For a month or year precision, the first day of that period is stored.",
    )
    published_precision = models.CharField(
        max_length=7, choices=Precision.choices, default=Precision.DAY
    )
    published_note = models.CharField(
        max_length=300, blank=True, help_text="How the date is known, when it is inferred."
    )
    url = models.URLField(max_length=1000, blank=True, db_index=True)
    source = models.CharField(
        max_length=500, blank=True, help_text="The file or feed the text came from."
    )
    body = models.TextField(
        help_text="Paragraphs separated by a blank line; a section heading on its own line "
        "starting with '## '."
    )
    headline_only = models.BooleanField(
        default=False, help_text="The source gave a headline (and perhaps a lead) but no text: "
        "the body holds the headline and lead, so that the article can be found and cited.",
    )
    fingerprint = models.CharField(max_length=64, db_index=True, editable=False)
    language = models.CharField(
        max_length=8, blank=True, db_index=True,
        help_text="ISO 639-1 code of the article's language (en, uk, ru...). Left empty, it is "
        "detected from the text when the article is saved; set it to override the detection.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True, db_index=True)   # feeds: last changed first

    class Meta:
        ordering = ["-published", "-id"]
        indexes = [models.Index(fields=["outlet", "published"])]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("article", args=[self.pk])

    def save(self, *args, **kwargs):
        self.save_and_sync(*args, **kwargs)

    def save_and_sync(self, *args, **kwargs):
        """Save, re-derive the paragraphs from the body, and return how many comments lost
        their paragraph (the admin and the importer say so)."""
        self.fingerprint = fingerprint(self.body)
        if not self.language:
            self.language = detect_language(self.headline, self.body)
        # One transaction: the article, its paragraphs and its index-outbox row land together
        # (the outbox row written by this save covers the paragraphs created with it).
        with transaction.atomic():
            super().save(*args, **kwargs)
            return self.sync_paragraphs()

    def sync_paragraphs(self):
        """Make the stored paragraphs match the body (archive/chunking.py plans it);
        returns the number of comments detached from a removed paragraph."""
        old = list(self.chunks.all())
        # An article with no paragraphs yet (a new one: an import makes thousands) has
        # none removed either, so that query is skipped.
        removed = list(RemovedParagraph.objects.filter(article=self)) if old else []
        plan = plan_chunks(old, self.body, removed,
                           language_of=lambda text: detect_paragraph(
                               text, self.language, settings.ARCHIVE_LANGUAGES))
        detached = 0
        for chunk in plan.remove:
            detached += Commentary.objects.filter(chunk=chunk).update(
                chunk=None, detached_from=chunk.text)
            RemovedParagraph.objects.update_or_create(article=self, key=chunk.key,
                                                      defaults={"text": chunk.text})
            chunk.delete()
        for gone, position, block, language in plan.restore:
            self.restore_paragraph(gone, position, block, language)
        for chunk, position, block, language in plan.update:
            chunk.position, chunk.heading, chunk.text = position, block.heading, block.text
            chunk.language = language
            chunk.save()
        # New paragraphs in one INSERT (an import creates thousands). bulk_create sends no
        # post_save: the index outbox row written by the article's own save covers them.
        Chunk.objects.bulk_create([Chunk(article=self, key=key, position=position,
                                         heading=block.heading, text=block.text, language=language)
                                   for key, position, block, language in plan.add])
        return detached

    def restore_paragraph(self, removed, position, block, language):
        """A removed paragraph put back with the same text: its old key, and the commentary
        that was detached from it, attached again."""
        chunk = Chunk.objects.create(article=self, key=removed.key, position=position,
                                     heading=block.heading, text=block.text, language=language)
        Commentary.objects.filter(article=self, chunk=None, detached_from=block.text).update(
            chunk=chunk, detached_from="")
        removed.delete()


def detect_language(headline, body):
    """The language of an article's text, among those the archive holds (ARCHIVE_LANGUAGES;
    the first of them when the text is too short to tell and its letters do not say)."""
    languages = settings.ARCHIVE_LANGUAGES
    return detect(f"{headline}\n\n{body}", languages[0], languages)


def fingerprint(body):
    """A hash of the body's words, blind to whitespace, case and quote style."""
    words = re.findall(r"\w+", body.lower())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


class Chunk(models.Model):
    """One paragraph of an article, the unit of search and citation."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="chunks")
    key = models.CharField(
        max_length=16, editable=False,
        help_text="Stable id within the article, used in permalinks (#p-KEY).",
    )
    position = models.PositiveIntegerField()
    heading = models.CharField(max_length=500, blank=True, help_text="Section the paragraph sits under.")
    text = models.TextField()
    language = models.CharField(
        max_length=8, blank=True, editable=False,
        help_text="Detected from the paragraph in the light of its article's language.",
    )

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="chunk_key_unique_in_article"),
        ]

    def __str__(self):
        return f"¶{self.position + 1}: {self.text[:80]}"

    @property
    def anchor(self):
        return f"p-{self.key}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"


class RemovedParagraph(models.Model):
    """A paragraph an edit removed: its permalink (#p-KEY) can still say what became of
    it, and if the same text comes back it takes its key (and commentary) back."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="removed_paragraphs")
    key = models.CharField(max_length=16)
    text = models.TextField()
    removed = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "key"],
                                               name="removed_paragraph_key_unique_in_article")]

    def __str__(self):
        return f"#{self.key} removed {self.removed:%Y-%m-%d}"


class Commentary(models.Model):
    """The archivist's own analysis, on a whole article or on one paragraph of it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="commentary")
    chunk = models.ForeignKey(
        Chunk, on_delete=models.SET_NULL, null=True, blank=True, related_name="commentary",
        verbose_name="paragraph", help_text="Leave empty for a comment on the whole article.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="commentary",
    )
    text = models.TextField()
    private = models.BooleanField(
        default=False, help_text="Private commentary is seen only in the admin, never on public pages."
    )
    detached_from = models.TextField(
        blank=True, editable=False,
        help_text="Set when the paragraph this was written on was removed from the article: "
        "the paragraph's text at that time.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name_plural = "commentary"

    def __str__(self):
        return self.text[:80]


class VariantGroup(models.Model):
    """Spellings a search treats as one (Kyiv, Kiev; defence, defense), kept by the
    archivists. The shipped table (search/engine/data/variants.tsv) is the initial data;
    each search reads the current groups (a table built once per change), so a change
    takes effect at the next search, without re-indexing."""

    kind = models.CharField(
        max_length=40, help_text="person, city, region, river, country, term, war or spelling; "
        "'region of Kharkiv' or 'adjective of Kharkiv' for forms of the place spelled Kharkiv "
        "(a search for the place finds them, and they count for it among the places).",
    )
    spellings = models.TextField(
        help_text="One spelling a line, the usual one first. Searching any of them finds "
        "all of them; a spelling of several words matches as a phrase. Leave out a "
        "spelling that is also something else (Moskva, the cruiser, is not Moscow).",
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = "spelling variant group"

    def __str__(self):
        return " · ".join(self.spelling_list()[:4])

    def spelling_list(self):
        return [line.strip() for line in self.spellings.splitlines() if line.strip()]


class LexiconConcept(models.Model):
    """A concept of the war's reporting with its English, Ukrainian and Russian terms, added
    by the archivists to the lexicon the project ships (search/text/data/lexicon*.tsv):
    a query word that is one of its terms is also searched as its terms in the other two
    languages, from the next search on, without re-indexing."""

    domain = models.CharField(max_length=20, choices=[(d, d) for d in lexicon.DOMAINS])
    terms = models.TextField(
        help_text="One term a line, its language first: \"en: drone\", \"uk: безпілотник\", "
        "\"ru: беспилотник\". At least one in each of en, uk and ru; dictionary forms "
        "(the search matches their inflections); a word with an everyday other sense only "
        "inside a term that pins the sense (\"land mine\", not \"mine\").",
    )
    note = models.CharField(max_length=300, blank=True,
                            help_text="Why it is here, for the other archivists.")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["domain", "id"]
        verbose_name = "lexicon concept"

    def __str__(self):
        return " · ".join(self.term_list()[:3])

    def term_list(self):
        return [line.strip() for line in self.terms.splitlines() if line.strip()]

    def clean(self):
        try:
            lexicon.concept_of([self.domain, *self.term_list()], "this concept")
        except lexicon.LexiconError as error:
            raise ValidationError({"terms": str(error)}) from None
