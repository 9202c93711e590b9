"""Read replicas: anonymous readers' pages read from a replica, everything else from the primary.

With ``DATABASE_REPLICA_URLS`` set, settings.py adds the databases ``replica_1``,
``replica_2``… and this router. Reads go to a replica only inside ``public_reads()``, which
ReplicaReadsMiddleware opens for anonymous GET requests outside the admin. Writes, the
admin, editors' requests, management commands and migrations all use the primary
(``default``), so replication lag never shows to someone who just saved a story.
"""

import random
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

PRIMARY = "default"
_public = ContextVar("newsroom_public_reads", default=False)


@contextmanager
def public_reads():
    token = _public.set(True)
    try:
        yield
    finally:
        _public.reset(token)


def replicas() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        choices = replicas()
        if _public.get() and choices:
            return random.choice(choices)
        return PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the same rows as the primary: objects from any of them may relate.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
