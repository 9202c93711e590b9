"""Time our pages in one process, no HTTP server, as the Wagtail peer's ``bench_info`` does.

    DATABASE_URL=... ALLOWED_HOSTS=.localhost .venv/bin/python benchmarks/inprocess.py \
        --repeat 100 article=/articles/1/slug/ home=/ ...

For each ``name=path``: the mean of ``--repeat`` sequential test-client requests rendered
every time (each request names another host, ``r<n>.localhost``, so the page cache never
has it: the cost of a miss), the same from the page cache (one host), the SQL queries of a
rendered request and the page's size. Prints one JSON object.
"""

import argparse
import json
import os
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

hosts = iter(range(10**9))
SALT = uuid.uuid4().hex  # no host of an earlier run: the page cache may still hold its pages


def rendered(client, path):
    response = client.get(path, HTTP_HOST=f"r{SALT}-{next(hosts)}.localhost")
    if response.status_code != 200:
        raise SystemExit(f"GET {path} -> {response.status_code}")
    return response


def timed(call, repeat):
    started = time.perf_counter()
    for _ in range(repeat):
        call()
    return round((time.perf_counter() - started) * 1000 / repeat, 2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("pages", nargs="+", help="name=path")
    args = parser.parse_args()
    client = Client()
    out = {}
    for page in args.pages:
        name, path = page.split("=", 1)
        rendered(client, path)  # templates, translations and connections warm
        with CaptureQueriesContext(connection) as queries:
            response = rendered(client, path)
        out[name] = {
            "queries": len(queries.captured_queries),
            "bytes": len(response.content),
            "rendered_ms": timed(lambda path=path: rendered(client, path), args.repeat),
            "cached_ms": timed(lambda path=path: client.get(path, HTTP_HOST="localhost"),
                               args.repeat),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
