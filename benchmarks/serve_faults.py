"""The production path under load and faults: `make serve` on PostgreSQL with Redis.

    .venv/bin/python benchmarks/serve_faults.py [--articles 100000] [--seconds 60]

Creates the PostgreSQL database ``bench_serve`` (dropped at the end unless ``--keep``),
loads ``--articles`` published stories (``site_data.py``), starts ``make serve`` (DEBUG off,
gunicorn with the repo's config, Redis as the shared cache) on 127.0.0.1 and runs, in turn:

1. **steady load**: wrk for ``--seconds`` at ``--connections`` over a mix of home, article,
   tag and search pages (thousands of addresses, so many are rendered, not only cached),
   sampling every worker's memory each second and watching the worker pids;
2. **PostgreSQL restart under load**: the same mix for 30 s while a probe asks for a page
   that needs the database (a new address each time) every 0.1 s; PostgreSQL is restarted
   after 10 s. Prints when answers failed, against when PostgreSQL was down;
3. **an editor saving while PostgreSQL is down**: logs in over HTTP, opens a draft, stops
   PostgreSQL, saves; expects a 503 page holding the text, checks the story is unchanged,
   starts PostgreSQL and presses "save again" on that page.

Needs ``wrk``, ``psql``, ``pg_ctlcluster`` and Redis on 127.0.0.1:6379. It restarts the
machine's PostgreSQL: run it only where nothing else is using it.
"""

import argparse
import http.cookiejar
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.site_load import PG, run  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
DB_NAME = "bench_serve"
PORT = 8797
BASE = f"http://127.0.0.1:{PORT}"
CLUSTER = ["pg_ctlcluster", "--skip-systemctl-redirect", *(os.listdir("/etc/postgresql")[:1]),
           "main"]
SEARCH_TERMS = ["工会", "劳模", "送温暖", "职工", "春节", "慰问", "困难职工", "市总工会",
                "新就业形态", "张良", "出租车", "农民工", "技能", "女职工", "服务站"]

WRK_MIX = """
local paths = {%s}
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""

WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "rps": %f, "p50": %f, "p99": %f, "non2xx": %d, '
    .. '"connect": %d, "read": %d, "write": %d, "timeout": %d}\\n',
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect, e.read, e.write, e.timeout))
end
"""

SETUP = """
import json, random
from django.contrib.auth.models import Group, User
from articles.workflow import roles
from articles.models import Article, Person
from articles.tags import BeneficiaryGroup, UnionBody
from django.urls import reverse
editor = User.objects.create_user("bench_editor", password=%r, is_staff=True)
editor.groups.add(Group.objects.get(name=roles.GROUP_NAMES[roles.REPORTER]))
Person.objects.create(name="压测记者", user=editor)
draft = Article.objects.create(headline="压测草稿", body="原来的正文。", created_by=editor)
stories = list(Article.objects.published().values_list("pk", flat=True)[:20000])
articles = [a.get_absolute_url() for a in Article.objects.filter(
    pk__in=random.Random(1).sample(stories, 2000))]
tags, deep = [], []
for name, model, field in (("union-body", UnionBody, "union_bodies"),
                           ("beneficiary-group", BeneficiaryGroup, "beneficiary_groups")):
    for tag in model.objects.all()[:40]:
        count = Article.objects.published().filter(**{field: tag}).count()
        if count:
            tags.append(reverse("articles:" + name, args=[tag.slug]))
        if count > 20:
            deep.append(reverse("articles:" + name, args=[tag.slug]) + "?page=2")
print(json.dumps({"draft": draft.pk, "articles": articles, "tags": tags, "deep": deep}))
"""


def environment() -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "REDIS_URL": "redis://127.0.0.1:6379/3",
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-not-a-secret-" + "x" * 30,
        "ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "STATIC_ROOT": tempfile.mkdtemp(prefix="bench-static-"),
        "LOG_LEVEL": "WARNING",
        # All of wrk's traffic comes from one address: the readers' limits would answer 429.
        "RATE_LIMIT_SEARCH": "0",
        "RATE_LIMIT_FEEDS": "0",
    }


def get(url, opener=None, data=None, timeout=10):
    """(status, body) for a request; a refused or dropped connection is status 0."""
    try:
        with (opener or urllib.request.build_opener()).open(url, data, timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return 0, ""


def post(url, values, opener):
    """A form sent as the browser sends it (the admin checks the Referer on HTTPS only)."""
    data = urllib.parse.urlencode(values).encode()
    return get(urllib.request.Request(url, data, {"Referer": url}), opener)  # noqa: S310


def stored_body(article_id: int) -> str:
    query = f"SELECT body FROM articles_article WHERE id = {int(article_id)}"  # noqa: S608
    return run(["psql", f"{PG}/{DB_NAME}", "-Atc", query], capture_output=True).stdout.strip()


def pg(action: str) -> float:
    started = time.monotonic()
    subprocess.run([*CLUSTER, action], capture_output=True)  # "start" when running: no harm
    if action != "stop":
        for _ in range(100):
            if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode == 0:
                break
            time.sleep(0.1)
    return time.monotonic() - started


def workers(master: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True,
                         text=True).stdout
    return sorted(int(pid) for pid in out.split())


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def wrk_mix(paths, seconds, connections) -> subprocess.Popen:
    script = WRK_MIX % ", ".join(json.dumps(p) for p in paths) + WRK_REPORT
    lua = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    lua.write(script)
    lua.close()
    return subprocess.Popen(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
         "-s", lua.name, BASE + "/"], stdout=subprocess.PIPE, text=True)


def wrk_result(process) -> dict:
    report = json.loads(process.communicate()[0].strip().splitlines()[-1])
    report["errors"] = sum(report[k] for k in ("non2xx", "connect", "read", "write", "timeout"))
    report["detail"] = ", ".join(
        f"{report[k]} {k}" for k in ("non2xx", "connect", "read", "write", "timeout"))
    return report


def mix(targets) -> list[str]:
    """Only addresses that answer 200: a search's first page, tag pages that have a second."""
    searches = [f"/search/?q={urllib.parse.quote(t)}" for t in SEARCH_TERMS]
    tags = targets["tags"] + targets["deep"]
    # Weights by repetition: articles 60 %, home 15 %, tag pages 15 %, searches 10 %.
    return (targets["articles"] + ["/"] * 500 + tags * (500 // len(tags) + 1)
            + searches * 22)


def steady(paths, args, master):
    samples, stop = [], threading.Event()

    def sample():
        while not stop.wait(1):
            samples.append({pid: rss_mb(pid) for pid in workers(master)})

    before = workers(master)
    sampler = threading.Thread(target=sample)
    sampler.start()
    result = wrk_result(wrk_mix(paths, args.seconds, args.connections))
    stop.set()
    sampler.join()
    after = workers(master)
    print(f"\n## Steady load: wrk -t2 -c{args.connections} -d{args.seconds}s, {len(paths)} "
          "addresses (articles, home, tag pages, searches)\n")
    print(f"requests: {result['requests']}, {result['rps']:.0f}/s; latency p50 "
          f"{result['p50']:.1f} ms, p99 {result['p99']:.1f} ms; errors: {result['detail']}")
    print(f"workers before: {before}, after: {after} -> "
          f"{'no restarts' if before == after else 'RESTARTED'}")
    print("\n| worker | RSS after 5 s (MB) | at half time | at the end | growth, 2nd half |")
    print("|---|---|---|---|---|")
    first, half, last = samples[min(4, len(samples) - 1)], samples[len(samples) // 2], samples[-1]
    for pid in before:
        print(f"| {pid} | {first.get(pid, 0):.1f} | {half.get(pid, 0):.1f} | "
              f"{last.get(pid, 0):.1f} | {last.get(pid, 0) - half.get(pid, 0):+.1f} |")
    return result["errors"] == 0 and before == after


def restart_under_load(paths, targets, args):
    probes, stop = [], threading.Event()
    started = time.monotonic()

    def probe():
        n = 0
        while not stop.is_set():
            n += 1
            path = targets["articles"][n % len(targets["articles"])]
            status, _ = get(f"{BASE}{path}?probe={n}-{random.random()}", timeout=5)
            probes.append((time.monotonic() - started, status))
            time.sleep(0.1)

    load = wrk_mix(paths, 30, args.connections)
    prober = threading.Thread(target=probe)
    prober.start()
    time.sleep(10)
    down_at = time.monotonic() - started
    took = pg("restart")
    up_at = down_at + took
    time.sleep(20)
    stop.set()
    prober.join()
    result = wrk_result(load)
    failed = [t for t, status in probes if status != 200]
    statuses = sorted({status for _, status in probes if status != 200})
    print(f"\n## PostgreSQL restarted under load (wrk -c{args.connections} for 30 s)\n")
    print(f"restart command ran from {down_at:.2f} s to {up_at:.2f} s")
    print(f"probe (a new uncached article address every 0.1 s): {len(probes)} requests, "
          f"{len(failed)} failed (statuses {statuses or '-'})")
    if failed:
        print(f"failures from {failed[0]:.2f} s to {failed[-1]:.2f} s")
    later = [status for t, status in probes if t > up_at + 1]
    recovered = bool(later) and all(status == 200 for status in later)
    print(f"after PostgreSQL was back: {len(later)} probes, "
          f"{'all 200' if recovered else 'NOT ALL 200'}")
    print(f"wrk meanwhile: {result['requests']} requests; errors: {result['detail']}")
    return recovered and all(down_at - 0.5 <= t <= up_at + 1 for t in failed)


def editor_saves_during_outage(targets, password):
    # make serve is plain HTTP on loopback, where browsers keep Secure cookies; so does this.
    jar = http.cookiejar.CookieJar(
        http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "wss", "http")))
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = lxml_html.fromstring(get(f"{BASE}/admin/login/", opener)[1])
    fields = dict(login.forms[0].form_values())
    fields.update(username="bench_editor", password=password)
    get(f"{BASE}/admin/login/", opener, urllib.parse.urlencode(fields).encode())
    url = f"{BASE}/admin/articles/article/{targets['draft']}/change/"
    status, page = get(url, opener)
    form = lxml_html.fromstring(page).get_element_by_id("article_form")
    values = [(k, v) for k, v in form.form_values() if not k.startswith("_")]
    text = "数据库重启时写下的正文，一个字也不能丢。"
    values = [(k, text if k == "body" else v) for k, v in values] + [("_continue", "1")]

    pg("stop")
    status, page = post(url, values, opener)
    kept = text in page
    pg("start")
    body = stored_body(targets["draft"])
    resaved = None
    if status == 503:
        resaved = post(url, lxml_html.fromstring(page).forms[0].form_values(), opener)[0]
    saved = stored_body(targets["draft"])
    print("\n## An editor saves while PostgreSQL is stopped\n")
    print(f"answer: {status}; the page holds the text: {kept}; story in the database "
          f"meanwhile: {body!r}")
    print(f"'save again' after PostgreSQL started: {resaved} (after the admin's redirect); "
          f"story now: {saved!r}")
    return status == 503 and kept and body == "原来的正文。" and resaved == 200 and saved == text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    env = environment()
    run(["psql", f"{PG}/postgres", "-qc", f"DROP DATABASE IF EXISTS {DB_NAME}"])
    run(["psql", f"{PG}/postgres", "-qc", f"CREATE DATABASE {DB_NAME}"])
    run(["redis-cli", "-n", "3", "flushdb"], capture_output=True)
    server = None
    try:
        run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env)
        run([PY, "benchmarks/site_data.py", str(args.articles)], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL)
        password = "bench-" + str(random.randrange(10**12))
        made = run([PY, "manage.py", "shell", "-c", SETUP % password], cwd=ROOT, env=env,
                   capture_output=True)
        targets = json.loads(made.stdout.strip().splitlines()[-1])
        server = subprocess.Popen(["make", "serve"], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            if get(f"{BASE}/healthz", timeout=1)[0] == 200:
                break
            time.sleep(0.2)
        master = workers(server.pid)[0]
        print(f"{args.articles} published stories; make serve with {len(workers(master))} "
              f"workers ({os.cpu_count()} CPUs), Redis cache, PostgreSQL {PG}")
        paths = mix(targets)
        checks = {
            "steady": steady(paths, args, master),
            "restart": restart_under_load(paths, targets, args),
            "editor": editor_saves_during_outage(targets, password),
        }
        print(f"\nresult: {checks}")
        sys.exit(0 if all(checks.values()) else 1)
    finally:
        if server:
            for pid in workers(server.pid):
                subprocess.run(["kill", "-TERM", str(pid)])
            server.wait(timeout=30)
        pg("start")
        if not args.keep:
            run(["psql", f"{PG}/postgres", "-qc", f"DROP DATABASE IF EXISTS {DB_NAME}"])


if __name__ == "__main__":
    main()
