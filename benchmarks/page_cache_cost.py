"""What a cached page costs beside a static file, as `make serve` runs (no Redis, 3 workers).

    .venv/bin/python benchmarks/page_cache_cost.py [--seconds 10] [--connections 8]

Starts the site with the same harness as tests/test_served_coherence.py (a SQLite file,
gunicorn with 3 sync workers, DEBUG off), then runs wrk on a static file (the yardstick),
on an article page and on the home page, both served from each worker's page cache after
the first request. The page cache's generation check (one query per worker at most every
0.5 s) is part of what is measured. Needs ``wrk``.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.served_site import serve

WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format('{"rps": %f, "p50": %f, "p99": %f, "errors": %d}\\n',
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout))
end
"""


def wrk(url, seconds, connections, script):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script, url],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "report.lua"
        script.write_text(WRK_REPORT)
        with serve(Path(folder), RATE_LIMIT_SEARCH="0", RATE_LIMIT_FEEDS="0") as site:
            story = next(iter(site.data["stories"].values()))
            pages = {"static file (site.css)": "/static/articles/site.css",
                     "article page (cached)": story["url"], "home page (cached)": "/"}
            base = f"http://127.0.0.1:{site.port}"
            rows = []
            for name, path in pages.items():
                for _ in range(6):
                    site.get(path)  # every worker renders and caches it
                rows.append((name, wrk(base + path, args.seconds, args.connections, script)))
    static = rows[0][1]["rps"]
    print(f"{'page':<26}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'× static':>10}")
    for name, row in rows:
        print(f"{name:<26}{row['rps']:>9.0f}{row['p50']:>9.1f}{row['p99']:>9.1f}"
              f"{row['errors']:>8}{row['rps'] / static:>10.2f}")


if __name__ == "__main__":
    main()
