"""The archive's small reference tables, read once per process and again only when one changed.

Every search needs the outlets' names, the archivists' spelling variants, the boilerplate
verdicts, the people and places of the gazetteer and the archivists' lexicon concepts; the
search form needs the outlets and entities it accepts. Read afresh they were six queries
and the analysis of every entity's spellings on every request, whatever it matched. Now a process keeps them (one
`HeldTables`, TABLES), and per request reads one row (search.models.ReferenceVersion),
whose token every save or delete of those tables replaces in its own transaction (the
signals below), once per web request (the form, the search and the page's rows all ask)
and on every call elsewhere. So an edit in the admin counts from the next request on, in
every worker of every host.

The backend is handed the tables as plain rows (types.ReferenceTables) and keeps what
it builds from them (analysed spellings) under their token.
"""
import threading
from dataclasses import dataclass
from uuid import uuid4

from django.core.signals import request_finished, request_started
from django.db import connection
from django.db.models.signals import post_delete, post_save

from archive.gazetteer.models import Entity
from archive.models import LexiconConcept, Outlet, VariantGroup

from ..models import BoilerplateVerdict, ReferenceVersion
from ..types import ReferenceTables

WATCHED = (Outlet, VariantGroup, BoilerplateVerdict, Entity, LexiconConcept)


@dataclass(frozen=True)
class Reference:
    tables: ReferenceTables     # what the backend is handed
    outlets: dict               # id -> Outlet (the results' outlets, rows.py)

    @property
    def token(self):
        return self.tables.token

    @property
    def outlet_names(self):
        return self.tables.outlet_names

    @property
    def verdicts(self):
        return self.tables.verdicts


class HeldTables:
    """This process's copy of the tables, and per thread whether the current web request
    has read the token already."""

    def __init__(self):
        self.held = None
        self.request = threading.local()     # .inside a web request, .read the token

    def get(self):
        """The current Reference: this process's copy while the token is unchanged."""
        held, request = self.held, self.request
        if held is not None and getattr(request, "read", False):
            return held
        # The token is read before the tables: a change committed in between is then
        # seen under the old token, and read again on the next request.
        token = current_token()
        if held is None or held.token != token:
            held = self.held = load(token)
        request.read = getattr(request, "inside", False)
        return held

    def forget(self):
        self.held = None

    def request_begins(self, **kwargs):
        self.request.inside, self.request.read = True, False

    def request_ends(self, **kwargs):
        self.request.inside, self.request.read = False, False


TABLES = HeldTables()


def reference():
    """The current Reference (outlets, variants, verdicts, people and places)."""
    return TABLES.get()


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
    groups = tuple((g.kind, tuple(g.spelling_list())) for g in VariantGroup.objects.order_by("id"))
    verdicts = {(slug, int(fingerprint, 16)): verdict for slug, fingerprint, verdict in
                BoilerplateVerdict.objects.values_list("outlet__slug", "fingerprint",
                                                       "is_boilerplate")}
    entities = tuple((e.name, e.kind, tuple(e.spelling_list())) for e in Entity.objects.all())
    outlets = {outlet.pk: outlet for outlet in Outlet.objects.all()}
    names = {o.slug: o.name for o in outlets.values()}
    concepts = tuple((c.domain, tuple(c.term_list())) for c in LexiconConcept.objects.order_by("id"))
    return Reference(ReferenceTables(token, names, groups, verdicts, entities, concepts), outlets)


def changed(**kwargs):
    """A watched table changed: a new token, in the transaction of the change (and this
    process reads the tables again at once, even within the request that changed them)."""
    ReferenceVersion.objects.update_or_create(pk=1, defaults={"token": uuid4().hex})
    TABLES.forget()


def connect():
    request_started.connect(TABLES.request_begins, dispatch_uid="reference-request-started")
    request_finished.connect(TABLES.request_ends, dispatch_uid="reference-request-finished")
    for model in WATCHED:
        post_save.connect(changed, sender=model, dispatch_uid=f"reference-{model.__name__}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"reference-del-{model.__name__}")
