"""``/healthz`` for load balancers and monitoring: is this app server fit to take readers?

The database is required: without it the answer is 503 and the balancer sends readers
elsewhere. The cache is only reported: the site works without it, slower. Two small
round trips, no session, no template; never cached by anyone.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from newsroom.routers import PRIMARY

logger = logging.getLogger("newsroom.health")


def database_ok() -> bool:
    try:
        with connections[PRIMARY].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("Health check: the database is unreachable.")
        return False


def cache_ok() -> bool:
    token = uuid.uuid4().hex
    try:
        # A key of its own, so that simultaneous checks cannot overwrite each other's.
        cache.set(f"healthz:{token}", token, 10)
        return cache.get(f"healthz:{token}") == token
    except Exception:  # any backend's failure means the same: no cache
        logger.exception("Health check: the cache is not working.")
        return False


@never_cache
@require_safe
def healthz(request):
    checks = {"database": database_ok(), "cache": cache_ok()}
    return JsonResponse(
        {"status": "ok" if checks["database"] else "unavailable",
         **{name: "ok" if fine else "failing" for name, fine in checks.items()}},
        status=200 if checks["database"] else 503,
    )
