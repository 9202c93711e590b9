"""Gunicorn settings for `make serve` and for production; every value can come from the environment.

Gunicorn reads this file itself (``gunicorn -c newsroom/gunicorn.conf.py``); Django is not
loaded here. Each request is logged once by the application (``newsroom.request``, with the
user and timing), so gunicorn's own access log is off unless ``GUNICORN_ACCESS_LOG`` names a
file (``-`` for standard output).
"""

import multiprocessing
import os

wsgi_app = "newsroom.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Synchronous workers: the pages are CPU-bound rendering plus short queries, and cached
# pages cost almost nothing. The usual rule: two per core plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

# A request taking longer than this is stuck (a photo upload takes about one second):
# the worker is replaced and the reader gets an error rather than waiting forever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Recycling workers bounds any slow leak; off by default so that a load test can check
# that memory per worker stays flat on its own.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10

# Photo uploads can be large; the request line and headers must not be.
limit_request_line = 8190
limit_request_fields = 100

accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Behind a proxy on the same machine (or the load balancer's addresses), trust its headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "newsroom"
