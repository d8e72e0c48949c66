"""The rows a page shows, read by primary key in plain SQL.

Django's query compiler spends more Python on each of these queries than the database
takes to answer it (measured at 20,000 paragraphs, ten chunks by primary key: 0.74 ms
through in_bulk, 0.16 ms through Manager.raw, 0.04 ms in SQLite itself), and a search
page makes four of them, always of the same shape. Manager.raw still gives model
instances (their methods and field types), and the SQL is written from the models' own
table and column names, so it reads the same on SQLite and PostgreSQL.
"""
from django.db import connection

from archive.models import Article, Chunk, Commentary

BATCH = 500     # primary keys per statement, well inside SQLite's limit on variables


def articles(pks, outlets):
    """{pk: Article}, each with its outlet from `outlets` ({id: Outlet}, the process's
    copy, reference.py); an outlet newer than that copy is read when first used."""
    found = by_pk(Article, pks, leave_out=("body",))     # the paragraphs are read apart
    for article in found.values():
        outlet = outlets.get(article.outlet_id)
        if outlet is not None:
            article.outlet = outlet
    return found


def chunks(pks):
    """{pk: Chunk}."""
    return by_pk(Chunk, pks)


def public_notes(article_pks):
    """{article pk: [public Commentary]} in the order they were written, each with the
    key of its paragraph as `chunk_key` (None: on the whole article)."""
    notes = {}
    table, chunk = _table(Commentary), _table(Chunk)
    column = _column(Commentary, "article")
    for batch in _batches(article_pks):
        sql = (f"SELECT {table}.*, {chunk}.{_column(Chunk, 'key')} AS chunk_key FROM {table} "
               f"LEFT JOIN {chunk} ON {chunk}.{_column(Chunk, 'id')} = "
               f"{table}.{_column(Commentary, 'chunk')} "
               f"WHERE {table}.{column} IN ({_marks(batch)}) "
               f"AND {table}.{_column(Commentary, 'private')} = %s "
               f"ORDER BY {table}.{_column(Commentary, 'id')}")
        for note in Commentary.objects.raw(sql, [*batch, False]):
            notes.setdefault(note.article_id, []).append(note)
    return notes


def by_pk(model, pks, leave_out=()):
    """{pk: instance} of `model` for the primary keys `pks`, without the fields named in
    `leave_out` (deferred: read if asked for)."""
    found = {}
    table, pk = _table(model), connection.ops.quote_name(model._meta.pk.column)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in model._meta.concrete_fields
                        if f.name not in leave_out)
    for batch in _batches(pks):
        sql = f"SELECT {columns} FROM {table} WHERE {pk} IN ({_marks(batch)})"
        found.update((row.pk, row) for row in model.objects.raw(sql, batch))
    return found


def _batches(pks):
    pks = list(dict.fromkeys(pks))
    return [pks[start:start + BATCH] for start in range(0, len(pks), BATCH)]


def _marks(batch):
    return ", ".join(["%s"] * len(batch))


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, field):
    return connection.ops.quote_name(model._meta.get_field(field).column)
