"""Rendered public pages, cached for anonymous readers and purged when the news changes.

Every cached page is filed under the current *generation*. Any change to the
newsroom's content (a story published, edited, unpublished or withdrawn, a byline,
photo, tag, correction, person or section saved or deleted) starts a new
generation, so no page rendered before the change is served after it. A story
scheduled for later appears without anyone saving anything: the generation also
ends at the next scheduled publication time, looked up when content changes (so
that reading the generation costs no query); when that time is unknown (a cache
that was emptied), generations last a minute.

Cache-wide purging needs a cache shared by all server processes (Redis, see
``REDIS_URL``); with the local-memory default each process purges only its own.
Writes with ``QuerySet.update()`` send no signals: call ``purge_public_pages()``.
"""

import hashlib
import threading
import time
import uuid
from contextlib import contextmanager
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from articles.site.cachekeys import cache_address

GENERATION_KEY = "public-pages:generation"
PAGE_TIMEOUT = 60 * 60  # seconds a rendered page stays in the cache at most
UNKNOWN_SCHEDULE_SECONDS = 60
BROWSER_MAX_AGE = 60  # seconds browsers and proxies may reuse a page without asking
CONTENT_APPS = {"articles", "taggit"}
KEPT_HEADERS = ("Content-Type", "Location", "Last-Modified", "Content-Language")


def purge_public_pages() -> None:
    """Start a new generation now, and again once the transaction commits.

    The second one keeps out pages rendered from the data as it was before the
    commit by readers who came in between.
    """
    if getattr(_deferred, "purge", None) is not None:
        _deferred.purge = True
        return
    _new_generation()
    transaction.on_commit(_new_generation)


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
    """The generation's token; reading it costs no database query."""
    state = cache.get(GENERATION_KEY)
    if state is None or (state[1] is not None and time.time() >= state[1]):
        # Either the cache lost it or a scheduled story is due: not knowing when the
        # next one is, the new generation lasts a minute.
        state = (uuid.uuid4().hex, time.time() + UNKNOWN_SCHEDULE_SECONDS)
        cache.set(GENERATION_KEY, state, None)
    return state[0]


def _new_generation() -> None:
    from articles.models import Article  # here: models.py imports this module

    upcoming = Article.objects.filter(
        status=Article.Status.PUBLISHED, published_at__gt=timezone.now()
    ).aggregate(next=Min("published_at"))["next"]
    cache.set(GENERATION_KEY, (uuid.uuid4().hex, upcoming.timestamp() if upcoming else None), None)


def page_key(request) -> str:
    address = cache_address(request)
    digest = hashlib.sha256(address.encode("utf-8", "replace")).hexdigest()
    return f"public-page:{current_generation()}:{digest}"


def is_anonymous(request) -> bool:
    """No session cookie: judged without a database query, so cached pages cost none."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def public_page(view):
    """Serve the view's answer from the cache to anonymous readers; mark it cacheable.

    Readers with a session (editors) get a freshly rendered page that no shared
    cache keeps. ETags and 304 answers come from ConditionalGetMiddleware.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not is_anonymous(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, max_age=0)
            return response
        key = page_key(request)
        frozen = cache.get(key)
        if frozen is not None:
            response = thaw(frozen)
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code in (200, 301) and not response.streaming:
                cache.set(key, freeze(response), PAGE_TIMEOUT)
        patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
        return response

    return wrapped


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
    if sender._meta.app_label in CONTENT_APPS and not kwargs.get("raw"):
        purge_public_pages()
