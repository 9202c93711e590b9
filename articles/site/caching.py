"""Rendered public pages, cached for anonymous readers and purged when the news changes.

Every cached page is filed under the current *generation*. Any change to the
newsroom's content (a story published, edited, unpublished or withdrawn, a byline,
photo, tag, correction, person or section saved or deleted) starts a new
generation, so no page rendered before the change is served after it.

The generation is one row in the database (``articles.site.shared.PageGeneration``),
the one thing every process shares: gunicorn's workers, a management command, another
server, with or without Redis. A change writes a new token once its transaction commits;
each process reads the token at most every ``GENERATION_CHECK_SECONDS``, so a change
reaches every reader within that time, and serving a cached page costs no query. The
process that made the change sees it at once, even before the commit.

A story scheduled for later appears without anyone saving anything: the row also holds
the next scheduled publication time, and the first process to pass it starts the next
generation. With read replicas, pages rendered in the first ``REPLICA_LAG_SECONDS`` of a
generation are served but not kept: a replica may not have caught up with the change yet.
Writes with ``QuerySet.update()`` send no signals: call ``purge_public_pages()``.
"""

import hashlib
import logging
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.db import DatabaseError, connections, transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from articles.site.cachekeys import cache_address
from articles.site.shared import PRIMARY, PageGeneration, RateCount
from newsroom import routers

logger = logging.getLogger(__name__)

PAGE_TIMEOUT = 60 * 60  # seconds a rendered page stays in the cache at most
# How stale a process's idea of the generation may be: the delay, at most, between a
# change committing and every worker serving the new pages. One query per process so often.
GENERATION_CHECK_SECONDS = 0.5
# How far behind the primary a read replica may be (see newsroom.routers).
REPLICA_LAG_SECONDS = 5
CONTENT_APPS = {"articles", "taggit"}
KEPT_HEADERS = ("Content-Type", "Location", "Last-Modified", "Content-Language", "X-Robots-Tag")
SHARED_STATE = (PageGeneration, RateCount)  # bookkeeping, not content


@dataclass(frozen=True)
class Generation:
    stored: str  # the token in the database when last read
    key: str  # what page keys use: the stored token, or this process's uncommitted change
    due: float | None  # time.time() of the next scheduled publication
    changed: float  # time.time() the generation began
    checked: float  # time.monotonic() of the last read


# One per process, replaced whole (never mutated), so threads may share it.
_known: Generation | None = None


def purge_public_pages(*, schedule_changed: bool = True) -> None:
    """Start a new generation: in this process now, everywhere once the transaction commits.

    Inside a transaction the change is not yet visible to other processes, so neither is
    the new generation; this process (which sees its own writes) changes its page keys at
    once. ``schedule_changed=False`` says the next scheduled publication cannot have moved.
    """
    if getattr(_deferred, "purge", None) is not None:
        _deferred.purge = True
        return
    connection = connections[PRIMARY]
    if not connection.in_atomic_block:
        _new_generation()
        return
    known = _fresh()
    due = _timestamp(_upcoming_publication()) if schedule_changed else known.due
    _remember(known.stored, uuid.uuid4().hex, due, time.time())
    if not any(func is _new_generation for _sids, func, _robust in connection.run_on_commit):
        transaction.on_commit(_new_generation, using=PRIMARY)


_deferred = threading.local()


@contextmanager
def purge_deferred():
    """Purge once at the end of the block however many writes it makes (bulk imports)."""
    if getattr(_deferred, "purge", None) is not None:
        yield
        return
    _deferred.purge = False
    try:
        yield
        needed = _deferred.purge
    finally:
        _deferred.purge = None
    if needed:
        purge_public_pages()


def current_generation() -> str:
    """The generation's token; a query at most every GENERATION_CHECK_SECONDS."""
    known = _fresh()
    if known.due is not None and time.time() >= known.due:
        known = _next_generation_due(known)
    return known.key


def _fresh() -> Generation:
    known = _known
    if known is None or time.monotonic() - known.checked >= GENERATION_CHECK_SECONDS:
        known = _read_generation()
    return known


def _remember(stored: str, key: str, due: float | None, changed: float) -> Generation:
    global _known
    _known = Generation(stored, key, due, changed, time.monotonic())
    return _known


def _read_generation() -> Generation:
    known = _known
    try:
        row = PageGeneration.objects.using(PRIMARY).filter(pk=1).first()
    except DatabaseError:
        # The database is down: keep serving the pages of the last generation known.
        logger.warning("Could not read the page-cache generation; keeping the last one.")
        if known is not None:
            return _remember(known.stored, known.key, known.due, known.changed)
        return _remember("", "unknown", None, 0.0)
    if row is None:
        return _new_generation()
    due = _timestamp(row.next_change_at)
    if known is not None and known.stored == row.token:
        # Nothing committed since: keep this process's own uncommitted change, if any.
        if known.key != row.token:
            return _remember(row.token, known.key, known.due, known.changed)
    return _remember(row.token, row.token, due, row.changed_at.timestamp())


def _next_generation_due(known: Generation) -> Generation:
    """A scheduled story is due: its pages must change now."""
    try:
        if known.key != known.stored:
            # This process's uncommitted change: its pages stay its own until the commit.
            upcoming = _timestamp(_upcoming_publication())
            return _remember(known.stored, uuid.uuid4().hex, upcoming, time.time())
        with transaction.atomic(using=PRIMARY):
            # The first process past the time starts the next generation for all.
            PageGeneration.objects.using(PRIMARY).filter(pk=1, token=known.stored).update(
                token=uuid.uuid4().hex, next_change_at=_upcoming_publication(),
                changed_at=timezone.now(),
            )
    except DatabaseError:
        logger.warning("Could not start the scheduled page-cache generation; retrying.")
        retry = time.time() + GENERATION_CHECK_SECONDS
        return _remember(known.stored, known.key, retry, known.changed)
    return _read_generation()


def _timestamp(moment) -> float | None:
    return moment.timestamp() if moment else None


def _upcoming_publication():
    from articles.models import Article  # here: models.py imports this package

    return (
        Article.objects.using(PRIMARY)
        .filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        .aggregate(next=Min("published_at"))["next"]
    )


def _new_generation() -> Generation:
    token, upcoming = uuid.uuid4().hex, _upcoming_publication()
    values = {"token": token, "next_change_at": upcoming, "changed_at": timezone.now()}
    rows = PageGeneration.objects.using(PRIMARY)
    if not rows.filter(pk=1).update(**values):
        rows.update_or_create(pk=1, defaults=values)  # a new (or emptied) database
    return _remember(token, token, _timestamp(upcoming), values["changed_at"].timestamp())


def page_key(request, match=None) -> str:
    address = cache_address(request, match)
    digest = hashlib.sha256(address.encode("utf-8", "replace")).hexdigest()
    return f"public-page:{current_generation()}:{digest}"


def _may_keep() -> bool:
    """With read replicas, a page rendered just after a change may come from a replica that
    has not caught up: it is served, but not kept until the replicas have had time to."""
    return not routers.replicas() or time.time() - _fresh().changed >= REPLICA_LAG_SECONDS


def is_anonymous(request) -> bool:
    """No session cookie: judged without a database query, so cached pages cost none."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def public_page(view):
    """Serve the view's answer from the cache to anonymous readers; mark it cacheable.

    Readers with a session (editors) get a freshly rendered page that no shared
    cache keeps. Browsers and proxies may keep a copy but must ask again before each use
    (``no-cache``): a withdrawn story must not live on in them. The question is cheap:
    ETags and 304 answers come from ConditionalGetMiddleware.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_cacheable(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, max_age=0)
            return response
        key = page_key(request)
        # CachedPagesMiddleware has looked already when it left this mark: ask once.
        response = None if getattr(request, "page_cache_missed", None) == key else (
            cached_page(request, key))
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code in (200, 301) and not response.streaming and _may_keep():
                file_page(key, freeze(response))
            patch_cache_control(response, public=True, no_cache=True)
        return response

    wrapped.public_page = True  # what CachedPagesMiddleware looks for
    return wrapped


def is_cacheable(request) -> bool:
    return request.method in ("GET", "HEAD") and is_anonymous(request)


def local_pages():
    """Each worker's own copy of the pages it served lately, in front of the shared cache.

    Only with a shared cache (Redis): its round trip was what a hit cost beyond a static
    file. A page key names the generation, so a local copy goes stale exactly when the shared
    one does; the copies are few (``MAX_ENTRIES``) and short-lived.
    """
    return caches[LOCAL_PAGES] if LOCAL_PAGES in settings.CACHES else None


LOCAL_PAGES = "pages-local"


def file_page(key: str, frozen: tuple) -> None:
    cache.set(key, frozen, PAGE_TIMEOUT)
    if (local := local_pages()) is not None:
        local.set(key, frozen)


def cached_page(request, key: str) -> HttpResponse | None:
    """The page filed under ``key``, ready to send, or None when the cache has none."""
    local = local_pages()
    frozen = local.get(key) if local is not None else None
    if frozen is None:
        frozen = cache.get(key)
        if frozen is None:
            return None
        if local is not None:
            local.set(key, frozen)
    response = thaw(frozen)
    response.headers["Content-Length"] = str(len(response.content))
    patch_cache_control(response, public=True, no_cache=True)
    return response


def freeze(response) -> tuple:
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    return response.status_code, headers, response.content


def thaw(frozen) -> HttpResponse:
    status, headers, content = frozen
    return HttpResponse(content, status=status, headers=headers)


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def _purge_on_content_change(sender, **kwargs):
    if sender in SHARED_STATE or sender.__module__ == "__fake__":
        return  # bookkeeping, or a migration's historical model (purged after migrating)
    if sender._meta.app_label in CONTENT_APPS and not kwargs.get("raw"):
        # Only a story's own row carries a publication time.
        purge_public_pages(schedule_changed=sender._meta.label == "articles.Article")


@receiver(post_migrate)
def _purge_after_migrating(sender, **kwargs):
    """A data migration may change content too; its historical models send no purge."""
    if sender.label != "articles":
        return
    try:
        _new_generation()
    except DatabaseError:  # migrated backwards past the table
        logger.info("No page-cache generation table: nothing to purge.")
