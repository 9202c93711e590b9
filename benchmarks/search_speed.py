"""One search, in process, on a database of many stories: what the reader waits for.

    .venv/bin/python benchmarks/search_speed.py --database bench_search [--repeat 50] [--q 工会]

Reads a PostgreSQL database that ``site_load.py --keep`` filled (it writes nothing to the
stories; it starts new page-cache generations). DEBUG off, the test client, each request a
miss of the page cache (another host each time). Three figures per query, median and p95:

- *the ranking statement* alone (``search.ranked_ids``);
- *first search after a change*: the page, with a new generation before each request, so the
  ranking is made again, as for the first reader after any edit in the newsroom;
- *ranking kept*: the page again for the same words (page 2 of the results, another reader
  with other share parameters) until the next change.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(step, repeat, before=None):
    times = []
    for n in range(repeat):
        if before:
            before()
        started = time.perf_counter()
        step(n)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, round(len(times) * 0.95) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--q", action="append", help="a query (repeatable); default 工会")
    args = parser.parse_args()
    os.environ.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{args.database}",
        DJANGO_SETTINGS_MODULE="newsroom.settings", SECRET_KEY="benchmark-only-not-a-secret",  # noqa: S106
        ALLOWED_HOSTS="*", SECURE_SSL_REDIRECT="0", LOG_LEVEL="WARNING", RATE_LIMIT_SEARCH="0",
        STATIC_ROOT=tempfile.mkdtemp(prefix="search-speed-"),
    )
    os.environ.pop("REDIS_URL", None)  # this process's own memory: nothing shared is touched

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from articles.models import Article
    from articles.site import caching
    from articles.site import search as engine

    assert not settings.DEBUG
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()
    salt = time.time()

    def page(n, **extra):
        response = client.get("/search/", {"q": q}, HTTP_HOST=f"r{salt}-{n}.localhost", **extra)
        assert response.status_code == 200

    print(f"{Article.objects.published().count():,} published stories; load average "
          f"{' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    print("| query | ranking statement | first search after a change | ranking kept |")
    print("|---|---|---|---|")
    for q in args.q or ["工会"]:
        query = engine.Query.parse(q)
        figures = [
            timed(lambda n, query=query: engine.ranked_ids(query), args.repeat),
            timed(page, args.repeat, before=caching._new_generation),
            timed(page, args.repeat),
        ]
        shown = " | ".join(f"{median:.1f} ms (p95 {p95:.1f})" for median, p95 in figures)
        print(f"| {q} | {shown} |")


if __name__ == "__main__":
    main()
