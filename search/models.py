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
    """One row: the log rows up to `through` were pruned; an index behind it rebuilds."""
    through = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "change log horizon"
