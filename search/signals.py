"""Model signals that feed the index outbox (search/indexing.py drains it after commit).

Any save or delete of an Article, Chunk, Commentary or Outlet, from the admin, the
importer or a shell, writes IndexOutbox rows naming the affected articles in the same
transaction as the change (post_save/post_delete run inside it), then asks for a drain
once the transaction commits. Rows written by a transaction that rolls back vanish with
it. Wired from SearchConfig.ready().
"""
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from archive.models import Article, Chunk, Commentary, Outlet

from .indexing import drain_on_commit
from .models import IndexOutbox


def queue(article_ids):
    rows = [IndexOutbox(article_id=article_id) for article_id in article_ids]
    if rows:
        IndexOutbox.objects.bulk_create(rows)
        drain_on_commit()


@receiver([post_save, post_delete], sender=Article, dispatch_uid="index_article")
def article_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        queue([instance.pk])


@receiver([post_save, post_delete], sender=Chunk, dispatch_uid="index_chunk")
@receiver([post_save, post_delete], sender=Commentary, dispatch_uid="index_commentary")
def part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        moved_from = getattr(instance, "_indexed_under", None)
        queue({instance.article_id, moved_from} - {None})


@receiver(pre_save, sender=Commentary, dispatch_uid="index_commentary_move")
def remember_article(sender, instance, raw=False, **kwargs):
    """Commentary moved to another article must leave the old article's documents too."""
    if not raw and instance.pk:
        instance._indexed_under = (
            Commentary.objects.filter(pk=instance.pk).values_list("article_id", flat=True).first()
        )


@receiver([post_save, post_delete], sender=Outlet, dispatch_uid="index_outlet")
def outlet_changed(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        queue(Article.objects.filter(outlet_id=instance.pk).values_list("id", flat=True))
