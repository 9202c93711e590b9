"""Readers' site under load: gunicorn on 127.0.0.1, PostgreSQL with generated stories, wrk.

    .venv/bin/python benchmarks/site_load.py [--articles 100000] [--seconds 10] [--workers 4]

Creates (and at the end drops) the PostgreSQL database ``bench_readers`` on
``postgres://postgres@127.0.0.1:5432``, migrates it, loads ``--articles`` published stories
(text cut from seeds/ with bylines, tags and search documents, by COPY, not one save at a
time), serves the site with gunicorn (DEBUG off, WhiteNoise for static files) and runs wrk
for each page in turn, all in the same run: a static file first, as the yardstick, then the
article, home, tag and search pages as an anonymous reader (served from the page cache once
rendered), then the same pages rendered every time (each request carries an unused
parameter, so its address is new to the page cache), and the search with 15 terms in turn
at 1 connection, one per worker and ``--connections``: on 2 CPUs, latency beyond one
request per worker is mostly time spent queueing.
Prints requests per second, p50/p95/p99 latency and the ratio to the static file.
Needs ``wrk`` and a local PostgreSQL.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
DB_NAME = "bench_readers"
PG = "postgres://postgres@127.0.0.1:5432"
SEARCH_TERMS = ["工会", "劳模", "送温暖", "职工", "春节", "慰问", "困难职工", "市总工会",
                "新就业形态", "张良", "出租车", "农民工", "技能", "女职工", "服务站"]

# The addresses site_data.py prints, for a database loaded by an earlier run.
FIRST_STORY = """
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
import django; django.setup()
from articles.models import Article
first = Article.objects.published().first()
print(json.dumps({"article": first.get_absolute_url(),
                  "tag": f"/union-bodies/{first.union_bodies.first().slug}/"}))
"""

WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format('{"rps": %f, "p50": %f, "p95": %f, "p99": %f, "errors": %d}\\n',
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
end
"""

# Every request a new address (an unused parameter), so none is served from the page cache.
# ``salt`` is new for every wrk run: wrk's math.random repeats itself from run to run.
WRK_UNCACHED = """
local paths = {%s}
local n = 0
request = function()
  n = n + 1
  local path = paths[(n %% #paths) + 1]
  local glue = string.find(path, "?", 1, true) and "&" or "?"
  return wrk.format("GET", path .. glue .. "uncached=" .. salt .. "-" .. n)
end
"""


def env(static_root: Path, database: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}/{database}",
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        "CONN_MAX_AGE": "600",
        # The readers' rate limits would answer most of wrk's requests with 429.
        "RATE_LIMIT_SEARCH": "0",
        "RATE_LIMIT_FEEDS": "0",
    }


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, text=True, **kwargs)


def wrk(url, seconds, connections, script):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(f'local salt = "{uuid.uuid4().hex}"\n' + script + WRK_REPORT)
    threads = str(min(2, connections))
    cmd = ["wrk", "-t", threads, "-c", str(connections), "-d", f"{seconds}s", "-s", lua.name]
    out = run([*cmd, url], capture_output=True).stdout
    os.unlink(lua.name)
    return json.loads(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--database", default=DB_NAME, help="the PostgreSQL database to use")
    parser.add_argument("--loaded", action="store_true",
                        help="the database already holds the stories (a run with --keep): "
                             "neither recreate, load nor drop it")
    parser.add_argument("--search-only", action="store_true",
                        help="only the static file and the rendered searches")
    args = parser.parse_args()
    for tool in ("wrk", "psql"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed")

    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    environment = env(static_root, args.database)
    if not args.loaded:
        run(["psql", f"{PG}/postgres", "-qc", f"DROP DATABASE IF EXISTS {args.database}"])
        run(["psql", f"{PG}/postgres", "-qc", f"CREATE DATABASE {args.database}"])
    server = None
    try:
        run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=environment)
        run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=environment)
        if args.loaded:
            targets = json.loads(run([PY, "-c", FIRST_STORY], cwd=ROOT, env=environment,
                                     capture_output=True).stdout)
        else:
            started = time.monotonic()
            loaded = run([PY, "benchmarks/site_data.py", str(args.articles)], cwd=ROOT,
                         stdout=subprocess.PIPE, env=environment)
            targets = json.loads(loaded.stdout.strip().splitlines()[-1])
            print(f"loaded {args.articles} stories in {time.monotonic() - started:.0f} s")

        server = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "newsroom.wsgi", "-b",
             f"127.0.0.1:{args.port}", "-w", str(args.workers), "--access-logfile", "/dev/null"],
            cwd=ROOT, env=environment,
        )
        base = f"http://127.0.0.1:{args.port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/robots.txt", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        pages = {
            "static file (site.css)": "/static/articles/site.css",
            "article": targets["article"],
            "home": "/",
            "tag page": targets["tag"],
            "search 送温暖": "/search/?q=%E9%80%81%E6%B8%A9%E6%9A%96",
        }
        rows = []
        if args.search_only:
            pages = {"static file (site.css)": pages["static file (site.css)"]}
        for name, path in pages.items():
            rows.append((f"{name}, anonymous (cached)", wrk(base + path, args.seconds,
                                                            args.connections, "")))
        for name in () if args.search_only else ("article", "home", "tag page"):
            rows.append((f"{name}, rendered every time", wrk(
                base + "/", args.seconds, args.connections,
                WRK_UNCACHED % f'"{pages[name]}"')))
        searches = ", ".join(f'"/search/?q={urllib.parse.quote(t)}"' for t in SEARCH_TERMS)
        for connections in sorted({1, args.workers, args.connections}):
            rows.append((
                f"search, {len(SEARCH_TERMS)} terms in turn, rendered every time, "
                f"{connections} connection{'s' if connections > 1 else ''}",
                wrk(base + "/", args.seconds, connections, WRK_UNCACHED % searches),
            ))
        for connections in (1, args.connections):
            rows.append((
                f"search 工会 (in nearly every story), rendered every time, {connections} "
                f"connection{'s' if connections > 1 else ''}",
                wrk(base + "/", args.seconds, connections,
                    WRK_UNCACHED % f'"/search/?q={urllib.parse.quote("工会")}"'),
            ))
        static_rps = rows[0][1]["rps"]
        load_avg = " ".join(Path("/proc/loadavg").read_text().split()[:3])
        print(f"\n{args.articles} published stories, gunicorn -w {args.workers}, "
              f"wrk -t2 -c{args.connections} -d{args.seconds}s, load average {load_avg}\n")
        print("| page | req/s | × static | p50 ms | p95 ms | p99 ms | errors |")
        print("|---|---|---|---|---|---|---|")
        for name, r in rows:
            print(f"| {name} | {r['rps']:.0f} | {r['rps'] / static_rps:.2f} | {r['p50']:.1f} | "
                  f"{r['p95']:.1f} | {r['p99']:.1f} | {r['errors']} |")
    finally:
        if server:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a loaded machine: workers finish late
                server.kill()
                server.wait()
        shutil.rmtree(static_root, ignore_errors=True)
        if not (args.keep or args.loaded):
            run(["psql", f"{PG}/postgres", "-qc", f"DROP DATABASE IF EXISTS {args.database}"])


if __name__ == "__main__":
    main()
