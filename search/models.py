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
