"""Import 1,000 generated pages (about 6,000 stories) into a fresh SQLite database.

    .venv/bin/python benchmarks/import_pages.py [--pages N] [--seed S]

The pages come from benchmarks/parse_pages.py (same generator, same seed, same
pages). The database is a new SQLite file in a temporary folder, migrated first;
only the import itself (`manage.py import_seed FOLDER`, one transaction) is timed.
A second run of the same import is timed too: it must create nothing.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.parse_pages import generate  # noqa: E402


def manage(env, *args) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True)
    return result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        expected = 0
        for n, (data, stories) in enumerate(generate(args.pages, args.seed)):
            (folder / f"page_{n:04d}.txt").write_bytes(data)
            expected += stories
        env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "benchmark-only",
               "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3"}
        manage(env, "migrate", "--noinput")

        started = time.perf_counter()
        table = manage(env, "import_seed", str(folder))
        first = time.perf_counter() - started
        created = sum(int(line.split()[2]) for line in table.splitlines()[1:]
                      if line.startswith("page_"))

        started = time.perf_counter()
        again = manage(env, "import_seed", str(folder))
        second = time.perf_counter() - started
        created_again = sum(int(line.split()[2]) for line in again.splitlines()[1:]
                            if line.startswith("page_"))

    print(f"pages {args.pages}, stories generated {expected}, created {created}")
    print(f"first import: {first:.1f} s ({created / first:.0f} stories/s, whole command)")
    print(f"re-import:    {second:.1f} s, created {created_again}")


if __name__ == "__main__":
    main()
