"""The index change log and the indexes that follow it.

IndexChange: one row per article per transaction that changed it, written in that same
transaction; its id is its position in the log. Each index (one per host) applies the
rows after its own position and remembers the position it reached with each generation it
commits, so every index sees every change. Rows are pruned only when every known index has
applied them and they are older than INDEX_LOG_RETENTION (search/index/registry.py).

IndexReplica: one row per index (a host's index folder), registered by its drains, so that
every host can list every index and its lag, and pruning knows who still needs a row.
"""
from django.db import models


class IndexChange(models.Model):
    article_id = models.BigIntegerField(db_index=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "index change log row"

    def __str__(self):
        return f"#{self.id}: reindex article {self.article_id}"


class IndexReplica(models.Model):
    name = models.CharField(max_length=200, unique=True, help_text="INDEX_NAME of its host")
    position = models.BigIntegerField(default=0, help_text="every log row up to here is applied")
    generation = models.CharField(max_length=40, blank=True)
    last_drain = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "index replica"

    def __str__(self):
        return self.name


class ChangeLogPruned(models.Model):
    """One row: the log rows up to `through` were pruned; an index behind it rebuilds.

    `epoch` names this log: a random token, given when the first index is built and
    replaced when the database is (restore_archive, `rebuild_index --all-hosts`). Each index
    keeps the epoch it follows with its position (index/cursor.py): positions of another
    epoch count in another log, so an index whose epoch differs rebuilds from the database.
    """
    through = models.BigIntegerField(default=0)
    epoch = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        verbose_name = "change log horizon"


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


class ReferenceVersion(models.Model):
    """One row: a new random token whenever an outlet, a spelling variant group, a
    boilerplate verdict or a gazetteer entity is saved or deleted (in that transaction).

    Every search needs those small tables; each process keeps them in memory and reads
    only this row per request to know whether they are still current (search/web/
    reference.py). A random token rather than a counter: a restored backup can never
    bring back a value a process has seen with other contents.
    """
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = "reference tables version"
