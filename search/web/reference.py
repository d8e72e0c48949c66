"""The archive's small reference tables, read once per process and again only when one changed.

Every search needs the outlets' names, the archivists' spelling variants, the boilerplate
verdicts and the people and places of the gazetteer; the search form needs the outlets
and entities it accepts. Read afresh they were six queries and the analysis of every
entity's spellings on every request, whatever it matched. Now a process keeps them, and
per request reads one row (search.models.ReferenceVersion), whose token every save or
delete of those tables replaces in its own transaction (the signals below), once per web
request (the form, the search and the page's rows all ask) and on every call elsewhere. So
an edit in the admin counts from the next request on, in every worker of every host.
"""
import threading
from dataclasses import dataclass
from uuid import uuid4

from django.core.signals import request_finished, request_started
from django.db import connection
from django.db.models.signals import post_delete, post_save

from archive.gazetteer.models import Entity
from archive.models import Outlet, VariantGroup

from ..engine.entities import entity, gazetteer
from ..engine.variants import from_rows
from ..models import BoilerplateVerdict, ReferenceVersion

WATCHED = (Outlet, VariantGroup, BoilerplateVerdict, Entity)


@dataclass(frozen=True)
class Reference:
    token: str | None
    outlet_names: dict          # slug -> name, in the outlets' order
    outlets: dict               # id -> Outlet (the results' outlets, page_rows.py)
    variants: object            # engine.variants.Variants: the archivists' groups
    verdicts: dict              # (outlet slug, fingerprint) -> is boilerplate
    archivists_entities: tuple  # engine.entities.Entity, the gazetteer's admin rows
    entities: tuple             # the whole gazetteer: the variant table's and the admin's


_held = None
# Per thread: .inside a web request, and whether it has .read the token already.
_request = threading.local()


def reference():
    """The current Reference: this process's copy while the token is unchanged."""
    global _held
    if _held is not None and getattr(_request, "read", False):
        return _held
    # The token is read before the tables: a change committed in between is then seen
    # under the old token, and read again on the next request.
    token = current_token()
    if _held is None or _held.token != token:
        _held = load(token)
    _request.read = getattr(_request, "inside", False)
    return _held


def current_token():
    """The tables' token (None before their first change), in plain SQL: read on every
    search outside a web request, and Django's query compiler took 0.36 ms of the 0.40
    the ORM's query cost (measured at a million paragraphs; SQLite answers in 0.04)."""
    meta, quote = ReferenceVersion._meta, connection.ops.quote_name
    sql = (f"SELECT {quote(meta.get_field('token').column)} FROM {quote(meta.db_table)} "
           f"WHERE {quote(meta.pk.column)} = %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [1])
        row = cursor.fetchone()
    return row[0] if row else None


def load(token):
    groups = [(g.kind, g.spelling_list()) for g in VariantGroup.objects.order_by("id")]
    variants = from_rows(("reference", token), groups)
    verdicts = {(slug, int(fingerprint, 16)): verdict for slug, fingerprint, verdict in
                BoilerplateVerdict.objects.values_list("outlet__slug", "fingerprint",
                                                       "is_boilerplate")}
    admins = tuple(entity(e.name, e.kind, e.spelling_list()) for e in Entity.objects.all())
    outlets = {outlet.pk: outlet for outlet in Outlet.objects.all()}
    return Reference(token, {o.slug: o.name for o in outlets.values()}, outlets, variants,
                     verdicts, admins, gazetteer(admins, variants))


def changed(**kwargs):
    """A watched table changed: a new token, in the transaction of the change (and this
    process reads the tables again at once, even within the request that changed them)."""
    global _held
    ReferenceVersion.objects.update_or_create(pk=1, defaults={"token": uuid4().hex})
    _held = None


def request_begins(**kwargs):
    _request.inside, _request.read = True, False


def request_ends(**kwargs):
    _request.inside, _request.read = False, False


def connect():
    request_started.connect(request_begins, dispatch_uid="reference-request-started")
    request_finished.connect(request_ends, dispatch_uid="reference-request-finished")
    for model in WATCHED:
        post_save.connect(changed, sender=model, dispatch_uid=f"reference-{model.__name__}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"reference-del-{model.__name__}")
