"""The index outbox: what must be re-indexed, written in the same transaction as the change.

A row names an article whose index documents must be made to match the database
(re-added from its current paragraphs and commentary, or removed if it is gone).
Rows are deleted only after the index write that covers them has committed, so a
process dying between the database commit and the index write loses nothing.
"""
from django.db import models


class IndexOutbox(models.Model):
    article_id = models.BigIntegerField(db_index=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "index outbox row"

    def __str__(self):
        return f"reindex article {self.article_id}"


class BoilerplateVerdict(models.Model):
    """The archivist's verdict on whether a paragraph text is an outlet's boilerplate.

    The engine detects boilerplate (search/engine/copies.py: a text repeated in many of
    one outlet's articles); a verdict overrides that for the text's whole cluster in that
    outlet, either way. The text is named by its exact fingerprint (the `copies` column,
    search/index/signatures.py), which survives re-indexing and rebuilds.
    """
    outlet = models.ForeignKey("archive.Outlet", on_delete=models.CASCADE,
                               related_name="boilerplate_verdicts")
    fingerprint = models.CharField(max_length=16, help_text="Exact fingerprint, 16 hex digits.")
    text = models.TextField(help_text="The paragraph, as it read when the verdict was given.")
    is_boilerplate = models.BooleanField(
        help_text="Checked: always boilerplate in this outlet. Unchecked: never.")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["outlet", "text"]
        constraints = [models.UniqueConstraint(fields=["outlet", "fingerprint"],
                                               name="boilerplate_verdict_unique")]

    def __str__(self):
        verdict = "boilerplate" if self.is_boilerplate else "not boilerplate"
        return f"{self.outlet}: {self.text[:60]} ({verdict})"
