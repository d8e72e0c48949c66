"""The archive's content: outlets, articles, their paragraphs (chunks) and commentary.

An article's `body` is the source of truth: the cleaned text, paragraphs separated by a
blank line, section headings on lines of their own starting with "## ". Saving an
article re-derives its chunks from the body (archive/chunking.py); unchanged paragraphs
keep their stable `key`, so permalinks and commentary survive edits elsewhere.
"""
import hashlib
import re

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils.text import slugify

from search import detect_language, romanised


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
    base = slugify(romanised(text))[: max_length - 6] or "outlet"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class Article(models.Model):
    class Precision(models.TextChoices):
        DAY = "day", "day"
        MONTH = "month", "month"
        YEAR = "year", "year"

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
        max_length=5, choices=Precision.choices, default=Precision.DAY
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
    fingerprint = models.CharField(max_length=64, db_index=True, editable=False)
    language = models.CharField(
        max_length=8, blank=True, db_index=True,
        help_text="ISO 639-1 code of the article's language (en, uk, ru...). Left empty, it is "
        "detected from the text when the article is saved; set it to override the detection.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published", "-id"]
        indexes = [models.Index(fields=["outlet", "published"])]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("article", args=[self.pk])

    def save(self, *args, **kwargs):
        from .chunking import sync_chunks

        self.fingerprint = fingerprint(self.body)
        if not self.language:
            self.language = detect_language(f"{self.headline}\n\n{self.body}")
        # One transaction: the article, its paragraphs and its index-outbox row land together
        # (the outbox row written by this save covers the paragraphs created with it).
        with transaction.atomic():
            super().save(*args, **kwargs)
            # Kept so the admin (or an import) can say how much commentary an edit detached.
            self.detached_commentary = sync_chunks(self)


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
