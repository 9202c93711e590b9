"""Site-wide middleware: the request log, the body limit, security headers, rate limits,
replica reads."""

import logging
import math
import time

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponse, QueryDict
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.functional import empty

from articles import access
from articles.site import caching
from articles.site.shared import count_request
from newsroom import routers
from newsroom.security import client_address

request_log = logging.getLogger("newsroom.request")


class RequestLogMiddleware:
    """One line per request: who, what, the answer and how long it took."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        user = getattr(request, "user", None)
        # Only a user the view already loaded: logging must not cost a query.
        user_id = user.pk if user is not None and getattr(user, "_wrapped", None) is not empty \
            and user.is_authenticated else None
        request_log.log(
            logging.WARNING if response.status_code >= 500 else logging.INFO,
            '%s "%s %s" %s %sms', client_address(request), request.method,
            request.get_full_path(), response.status_code, duration_ms,
            extra={
                "method": request.method, "path": request.path, "status": response.status_code,
                "duration_ms": duration_ms, "client": client_address(request), "user": user_id,
                "bytes": len(response.content) if not response.streaming else None,
            },
        )
        return response


class RequestBodyLimitMiddleware:
    """Refuse a request body over MAX_REQUEST_BODY_BYTES from its headers, before reading any.

    Django streams uploads to temporary files but reads the whole body before a form can
    refuse a file, so a 300 MB upload would be read in full to be told "at most 20 MB". Here
    the declared length decides at once (413), and the worker goes back to serving. Django
    reads a body only up to its declared length; a chunked body, which declares none, is
    refused (411) rather than silently read as empty.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.MAX_REQUEST_BODY_BYTES
        if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            return self.refuse(request, 411, limit)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return self.refuse(request, 400, limit)
        if length > limit:
            return self.refuse(request, 413, limit)
        return self.get_response(request)

    @staticmethod
    def refuse(request, status, limit):
        response = HttpResponse(
            render_to_string("413.html", {
                "site_name": settings.NEWSROOM_SITE_NAME, "limit": filesizeformat(limit),
            }, request=None),
            status=status,
        )
        # The unread body must not be taken for the next request on this connection.
        response["Connection"] = "close"
        response["Cache-Control"] = "no-store"
        return response


class NoNulMiddleware:
    """No NUL reaches a view: no browser sends one, and PostgreSQL can store none.

    In the path it is a 400. From the query string it is dropped, so a pasted search still gets
    its page, and ``?status__exact=%00`` in an admin list no longer fails in the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise BadRequest("NUL in the path")
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            request.GET = QueryDict(query.replace("%00", "").replace("\x00", ""),
                                    encoding=request.encoding)
        return self.get_response(request)


def content_security_policy(request) -> str:
    policy = {name: list(sources) for name, sources in settings.CONTENT_SECURITY_POLICY.items()}
    if request.path.startswith(settings.ADMIN_PATH_PREFIX):
        for name, sources in settings.CONTENT_SECURITY_POLICY_ADMIN_EXTRA.items():
            policy.setdefault(name, []).extend(sources)
    return "; ".join(" ".join([name, *sources]) for name, sources in policy.items())


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy, which Django 5.2 does not set itself.

    The rest (HSTS, nosniff, Referrer-Policy, X-Frame-Options) comes from Django's own
    SecurityMiddleware and XFrameOptionsMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy(request))
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def rate_limit_bucket(match) -> str | None:
    """Which limit a view falls under: the search page, the feeds, or none."""
    if match is None or match.namespace != "articles":
        return None
    name = match.url_name or ""
    if name == "search":
        return "search"
    if name in ("rss", "atom") or name.endswith(("-rss", "-atom")):
        return "feeds"
    return None


def rate_limit_of(match) -> tuple[str, int] | None:
    """The limit (bucket, requests a minute) this view falls under, when one is set."""
    bucket = rate_limit_bucket(match)
    limit = settings.RATE_LIMITS.get(bucket) if bucket else None
    return (bucket, limit) if limit else None


class RateLimitMiddleware:
    """At most RATE_LIMITS[bucket] requests a minute from one address to search and feeds.

    Counted in the database, one counter per address and minute, so that the limit holds
    across every worker and server (a per-process cache would let each worker allow the
    whole limit again). Counting is one upsert statement.
    """

    WINDOW = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limited = rate_limit_of(request.resolver_match)
        if limited is None:
            return None
        bucket, limit = limited
        now = time.time()
        window = int(now // self.WINDOW)
        if count_request(f"rate:{bucket}:{client_address(request)}", window) <= limit:
            return None
        return access.too_many_requests(max(1, math.ceil((window + 1) * self.WINDOW - now)))


class CachedPagesMiddleware:
    """Answer an anonymous reader from the page cache before sessions, CSRF and the view run.

    ``caching.public_page`` renders and files the pages; this only finds them, early: a hit
    was half the cost of a static file when it went through every middleware below and the
    view's decorator. Addresses under a rate limit (search, feeds) go the whole way, so that
    every request to them is counted, as before.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not caching.is_cacheable(request):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if not getattr(match.func, "public_page", False):
            return self.get_response(request)  # the admin, health checks, media: never cached
        if rate_limit_of(match):
            return self.get_response(request)  # counted below, hit or miss
        key = caching.page_key(request, match)
        response = caching.cached_page(request, key)
        if response is None:
            request.page_cache_missed = key
            response = self.get_response(request)
        return response


class ReplicaReadsMiddleware:
    """Let anonymous readers' GET requests read from the replicas (see newsroom.routers).

    Editors (anyone with a session), the admin and every write read from the primary, so
    nobody who just saved something reads an older copy of it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(settings.ADMIN_PATH_PREFIX)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
        if not public:
            return self.get_response(request)
        with routers.public_reads():
            return self.get_response(request)
