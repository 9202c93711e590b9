"""Ours against the Wagtail peer, on the same stories, served side by side, in one run.

    .venv/bin/python benchmarks/versus_wagtail.py [--sqlite 200] [--postgresql 2000] \
        [--rounds 2] [--seconds 10] [--warmup 3] [--only sqlite|postgresql]

For each database (SQLite with ``--sqlite`` stories, PostgreSQL with ``--postgresql``):

1. the peer (``../shared/peers/wagtail``, copied once into ``.peer/wagtail`` with its own
   venv) is loaded by its ``prepare_wagtail.sh N`` (its ``load_news``);
2. the peer's stories are exported (``peer_export.py``) and loaded into a fresh database of
   ours (``peer_stories.py``): the same headlines, bodies, times, bylines and tags;
3. both are served by gunicorn with 2 sync workers on 127.0.0.1 (ours with DEBUG off, Redis
   as the page cache, as ``make serve`` runs it);
4. each round runs, for one site and then the other (the order swaps every round), the
   in-process timing (the peer's ``bench_info``, our ``inprocess.py``) and wrk
   (``-t2 -c16``, after a warm-up) on the static file of the same server, the article, the
   index or home, and for ours the tag, person and search pages, both from the page cache
   and rendered (every request names another host, so the cache never has it), and the
   article by WeChat share links (``?from=…&isappinstalled=0&…``, another share id each);
5. prints the issue's tables with the ratios, and writes them to ``.peer/results/``.

DESTRUCTIVE for the databases it names: ``--ours-db`` and ``--peer-db`` on PostgreSQL
(default ``bench_ours`` and ``bench_peer``) are dropped and recreated, as are the SQLite files
under ``.peer/``. Needs ``wrk``, PostgreSQL on 127.0.0.1:5432 (user postgres, trust) and
Redis. Servers are stopped by their own PIDs.
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
PEER_SOURCE = ROOT.parent / "shared" / "peers" / "wagtail"
WORK = ROOT / ".peer"
PEER = WORK / "wagtail"
PEER_PY = str(PEER / ".venv-wagtail" / "bin" / "python")
PEER_APP = PEER / "wagtail_news"
SEED = ROOT.parent / "shared" / "seeds" / "000_952a57c04f8e73d8.txt"
PG = "postgres://postgres@127.0.0.1:5432"
WECHAT = "from=singlemessage&isappinstalled=0&scene=1&utm_source=wechat&sharer_shareid="

WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format('{"rps": %f, "p50": %f, "p95": %f, "p99": %f, "errors": %d, "n": %d}\\n',
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout, summary.requests))
end
"""
# Another host per request: the page cache keys on the host, so every request is a miss.
# ``salt`` is new for every wrk run (wrk's math.random repeats itself from run to run).
WRK_RENDERED = """
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", nil, {["Host"] = "r" .. salt .. "-" .. n .. ".localhost"})
end
"""
# A share link as WeChat makes it, another share id each time.
WRK_SHARED = """
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", wrk.path .. "?WECHAT" .. salt .. "-" .. n)
end
""".replace("WECHAT", WECHAT)


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, text=True, **kwargs)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_peer():
    if not PEER.exists():
        shutil.copytree(PEER_SOURCE, PEER, ignore=shutil.ignore_patterns(
            ".venv-wagtail", "results", "*.sqlite3", "media", "static_collected"))
    if not Path(PEER_PY).exists():
        run([sys.executable, "-m", "venv", str(PEER / ".venv-wagtail")])
        run([PEER_PY, "-m", "pip", "install", "-q", "-r",
             str(PEER / "requirements-wagtail.txt")])


def recreate_pg(name):
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        run(["psql", f"{PG}/postgres", "-qc", sql])


class Site:
    """One of the two servers: how to load it, start it and time it in process."""

    def __init__(self, name, env, cwd, gunicorn_args):
        self.name, self.env, self.cwd, self.gunicorn_args = name, env, cwd, gunicorn_args
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = None

    def start(self, ready_path):
        self.server = subprocess.Popen(
            [*self.gunicorn_args, "--bind", f"127.0.0.1:{self.port}", "--workers", "2",
             "--worker-class", "sync", "--log-level", "warning"],
            cwd=self.cwd, env=self.env,
        )
        for _ in range(150):
            try:
                urllib.request.urlopen(self.base + ready_path, timeout=2)  # noqa: S310
                return
            except OSError:
                if self.server.poll() is not None:
                    raise SystemExit(f"{self.name}: gunicorn exited") from None
                time.sleep(0.2)
        raise SystemExit(f"{self.name}: no answer on {self.base}{ready_path}")

    def stop(self):
        if self.server and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()


def wrk(url, seconds, script=""):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(f'local salt = "{uuid.uuid4().hex}"\n' + script + WRK_REPORT)
    try:
        out = run(["wrk", "-t2", "-c16", f"-d{seconds}s", "--timeout", "5s", "-s", lua.name,
                   url], capture_output=True).stdout
    finally:
        os.unlink(lua.name)
    return json.loads(out.strip().splitlines()[-1])


def load(kind, args):
    """Load the peer and ours with the same stories; returns (peer, ours, info)."""
    count = args.sqlite if kind == "sqlite" else args.postgresql
    if kind == "sqlite":
        peer_url = f"sqlite:///{WORK / 'peer.sqlite3'}"
        ours_url = f"sqlite:///{WORK / 'ours.sqlite3'}"
    else:
        peer_url, ours_url = f"{PG}/{args.peer_db}", f"{PG}/{args.ours_db}"
    peer_env = {**os.environ, "DATABASE_URL": peer_url, "NEWS_SEED_FILE": str(SEED),
                "PGOPTIONS": "-c client_min_messages=error"}
    static_root = WORK / f"static-{kind}"
    ours_env = {
        **os.environ, "DATABASE_URL": ours_url, "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-not-a-secret", "ALLOWED_HOSTS": "127.0.0.1,.localhost",
        "SECURE_SSL_REDIRECT": "0", "STATIC_ROOT": str(static_root), "LOG_LEVEL": "WARNING",
        "CONN_MAX_AGE": "600", "REDIS_URL": args.redis,
        "RATE_LIMIT_SEARCH": "0", "RATE_LIMIT_FEEDS": "0",
    }
    state = WORK / f"loaded-{kind}.json"
    if args.loaded and state.exists():
        loaded = json.loads(state.read_text())
        info, ours_article, extra = loaded["info"], loaded["ours_article"], loaded["extra"]
        print(f"{kind}: {count} stories, as loaded by an earlier run", flush=True)
    else:
        started = time.monotonic()
        run(["bash", str(PEER / "prepare_wagtail.sh"), str(count)], env=peer_env,
            stdout=subprocess.DEVNULL)
        peer_seconds = time.monotonic() - started
        exported = WORK / f"stories-{kind}.jsonl"
        with exported.open("w") as out:
            run([PEER_PY, str(ROOT / "benchmarks" / "peer_export.py")], cwd=PEER_APP,
                env=peer_env, stdout=out)
        info = dict(line.split("=", 1) for line in run(
            [PEER_PY, "manage.py", "bench_info", "--repeat", "1"], cwd=PEER_APP, env=peer_env,
            capture_output=True).stdout.split())

        started = time.monotonic()
        if kind == "sqlite":
            (WORK / "ours.sqlite3").unlink(missing_ok=True)
        else:
            recreate_pg(args.ours_db)
        run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=ours_env)
        run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=ours_env)
        addresses = json.loads(run([PY, "benchmarks/peer_stories.py", str(exported)], cwd=ROOT,
                                   env=ours_env, capture_output=True).stdout)
        if kind == "postgresql":
            run(["psql", ours_url, "-qc", "VACUUM ANALYZE"])
        ours_seconds = time.monotonic() - started
        peer_slug = info["ARTICLE_URL"].strip("/").split("/")[-1]
        ours_article = addresses[peer_slug]
        extra = json.loads(run([PY, "-c", PAGES_OF_ARTICLE, ours_article], cwd=ROOT, env=ours_env,
                               capture_output=True).stdout)
        print(f"{kind}: {count} stories; peer loaded in {peer_seconds:.0f} s, "
              f"ours in {ours_seconds:.0f} s", flush=True)
        state.write_text(json.dumps({"info": info, "ours_article": ours_article,
                                     "extra": extra}))
    peer = Site("peer", {**peer_env}, PEER_APP,
                [str(PEER / ".venv-wagtail" / "bin" / "gunicorn"), "newsroom.wsgi:application"])
    peer.pages = {"static": info["CSS_URL"], "article": info["ARTICLE_URL"],
                  "index": info["INDEX_URL"]}
    ours = Site("ours", ours_env, ROOT, [str(ROOT / ".venv" / "bin" / "gunicorn"),
                                         "newsroom.wsgi:application"])
    ours.pages = {"static": extra["static"], "article": ours_article, "home": "/",
                  "tag": extra["tag"], "person": extra["person"]}
    if kind == "postgresql":
        ours.pages["search 工会"] = "/search/?q=" + urllib.parse.quote("工会")
    return peer, ours, {"count": count}


# Run in our environment: the tag, person and static addresses that go with the article.
PAGES_OF_ARTICLE = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
import django; django.setup()
from django.templatetags.static import static
from django.urls import reverse
from articles.models import Article
story = Article.objects.get(pk=int(sys.argv[1].split("/")[2]))
union, group = story.union_bodies.first(), story.beneficiary_groups.first()
print(json.dumps({
    "static": static("articles/site.css"),
    "tag": reverse("articles:union-body", args=[union.slug]) if union
    else reverse("articles:beneficiary-group", args=[group.slug]),
    "person": story.bylines.first().person.get_absolute_url(),
}))
"""


def in_process(site, repeat):
    if site.name == "peer":
        out = dict(line.split("=", 1) for line in run(
            [PEER_PY, "manage.py", "bench_info", "--repeat", str(repeat)], cwd=PEER_APP,
            env=site.env, capture_output=True).stdout.split())
        return {"article": {"rendered_ms": float(out["ARTICLE_MS"]),
                            "queries": int(out["ARTICLE_QUERIES_WARM"]),
                            "bytes": int(out["ARTICLE_BYTES"])},
                "index": {"rendered_ms": float(out["INDEX_MS"]),
                          "queries": int(out["INDEX_QUERIES_WARM"]),
                          "bytes": int(out["INDEX_BYTES"])}}
    pages = [f"{name}={path}" for name, path in site.pages.items() if name != "static"]
    return json.loads(run([PY, "benchmarks/inprocess.py", "--repeat", str(repeat), *pages],
                          cwd=ROOT, env=site.env, capture_output=True).stdout)


def measure(site, args):
    """wrk on every page of the site: {(page, how): result}."""
    results = {}
    for page, path in site.pages.items():
        ways = [("plain", "")]
        if site.name == "ours" and page != "static":
            ways = [("cached", ""), ("rendered", WRK_RENDERED)]
            if page == "article":
                ways.append(("share link", WRK_SHARED))
        for how, script in ways:
            wrk(site.base + path, args.warmup, script)
            results[(page, how)] = wrk(site.base + path, args.seconds, script)
            print(f"  {site.name:4} {page:10} {how:10} {results[(page, how)]['rps']:8.0f} req/s",
                  flush=True)
    return results


def bench(kind, args):
    peer, ours, meta = load(kind, args)
    rounds = []
    try:
        peer.start(peer.pages["index"])
        ours.start("/robots.txt")
        for number in range(args.rounds):
            order = (peer, ours) if number % 2 == 0 else (ours, peer)
            load_avg = Path("/proc/loadavg").read_text().split()[:3]
            print(f"{kind}, round {number + 1}: {' then '.join(s.name for s in order)}, "
                  f"load average {' '.join(load_avg)}", flush=True)
            this = {"load": load_avg}
            for site in order:
                this[site.name] = {"inprocess": in_process(site, args.repeat),
                                   "wrk": measure(site, args)}
            rounds.append(this)
    finally:
        ours.stop()
        peer.stop()
    return {"kind": kind, **meta, "rounds": rounds}


def span(values, fmt="{:,.0f}"):
    low, high = min(values), max(values)
    return fmt.format(low) if fmt.format(low) == fmt.format(high) else (
        f"{fmt.format(low)}–{fmt.format(high)}")


def report(results) -> str:
    lines = ["## wrk: requests per second (gunicorn, 2 sync workers; wrk -t2 -c16)", "",
             "| page | peer | × peer static | ours, from the page cache | × our static "
             "| ours, rendered (cache missed) | rendered / peer | ours, share link |",
             "|---|---|---|---|---|---|---|---|"]
    timing = ["## In process: ms per request (100 sequential test-client requests)", "",
              "| page | peer | ours, rendered | ours / peer | ours, from the cache "
              "| queries peer / ours | HTML bytes peer / ours |", "|---|---|---|---|---|---|---|"]
    for result in results:
        kind, count, rounds = result["kind"], result["count"], result["rounds"]
        label = f"{'SQLite' if kind == 'sqlite' else 'PostgreSQL'}, {count:,} stories"

        def rps(site, page, how, rounds=rounds):
            return [r[site]["wrk"][(page, how)]["rps"] for r in rounds]

        peer_static, ours_static = rps("peer", "static", "plain"), rps("ours", "static", "plain")
        lines.append(f"| static file, {label} | {span(peer_static)} | 1.00 | — | — | "
                     f"{span(ours_static)} (ours) | — | — |")
        for page in rounds[0]["ours"]["wrk"]:
            name, how = page
            if name == "static" or how != "cached":
                continue
            peer_page = {"article": "article", "home": "index"}.get(name)
            peer_rps = rps("peer", peer_page, "plain") if peer_page else None
            cached, rendered = rps("ours", name, "cached"), rps("ours", name, "rendered")
            share = rps("ours", name, "share link") if name == "article" else None
            vs_peer = (span([r / p for r, p in zip(rendered, peer_rps, strict=True)],
                            "{:.2f}") if peer_rps else "—")
            peer_ratio = (span([p / s for p, s in zip(peer_rps, peer_static, strict=True)],
                               "{:.3f}") if peer_rps else "—")
            lines.append(
                f"| {name}{' / index' if name == 'home' else ''}, {label} | "
                f"{span(peer_rps) if peer_rps else '—'} | {peer_ratio} | {span(cached)} | "
                f"{span([c / s for c, s in zip(cached, ours_static, strict=True)], '{:.2f}')} | "
                f"{span(rendered)} | {vs_peer} | {span(share) if share else '—'} |")
            peer_ip = ([r["peer"]["inprocess"][peer_page] for r in rounds]
                       if peer_page else None)
            ours_ip = [r["ours"]["inprocess"][name] for r in rounds]
            ours_ms = [o["rendered_ms"] for o in ours_ip]
            timing.append(
                f"| {name}, {label} | "
                f"{span([p['rendered_ms'] for p in peer_ip], '{:.1f}') if peer_ip else '—'} | "
                f"{span(ours_ms, '{:.1f}')} | "
                + (span([o / p["rendered_ms"] for o, p in zip(ours_ms, peer_ip, strict=True)],
                        "{:.2f}") if peer_ip else "—")
                + f" | {span([o['cached_ms'] for o in ours_ip], '{:.2f}')} | "
                f"{peer_ip[0]['queries'] if peer_ip else '—'} / {ours_ip[0]['queries']} | "
                f"{peer_ip[0]['bytes'] if peer_ip else '—'} / {ours_ip[0]['bytes']} |")
        loads = ", ".join(" ".join(r["load"]) for r in rounds)
        lines.append(f"| *load average at each round, {label}* | {loads} | | | | | | |")
    return "\n".join([*lines, "", *timing]) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", type=int, default=200, help="stories on SQLite")
    parser.add_argument("--postgresql", type=int, default=2000, help="stories on PostgreSQL")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=100, help="in-process requests per page")
    parser.add_argument("--loaded", action="store_true",
                        help="reuse the databases an earlier run loaded (same counts)")
    parser.add_argument("--ours-db", default="bench_ours")
    parser.add_argument("--peer-db", default="bench_peer")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15",
                        help="our page cache (a Redis database the run may fill)")
    args = parser.parse_args()
    for tool in ("wrk", "psql"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed")
    WORK.mkdir(exist_ok=True)
    ensure_peer()
    results = [bench(kind, args) for kind in ("sqlite", "postgresql")
               if args.only in (None, kind)]
    text = report(results)
    print("\n" + text)
    out = WORK / "results"
    out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    (out / f"{stamp}.md").write_text(text)
    (out / f"{stamp}.json").write_text(json.dumps(
        [{**r, "rounds": [{k: ({"inprocess": v["inprocess"],
                               "wrk": {" / ".join(key): val for key, val in v["wrk"].items()}}
                               if isinstance(v, dict) else v) for k, v in rnd.items()}
                          for rnd in r["rounds"]]} for r in results], ensure_ascii=False))
    print(f"written to {out / stamp}.md")


if __name__ == "__main__":
    main()
