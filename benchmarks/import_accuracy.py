"""How well the importer reads the development corpus (tests/import_corpus).

    .venv/bin/python benchmarks/import_accuracy.py [--verbose] [FOLDER]

Each page (pages/: rendered from invented stories; handwritten/: written as they are)
has its expected result beside it, NAME.json for NAME.txt, in the shape of
../shared/acceptance/seed_expected.json. Prints stories found, the accuracy of each
field, names attached to another story of the page, tag recall and forbidden tags.
Parsing and tagging only (no database), with the vocabulary the project ships.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

CORPUS = ROOT / "tests" / "import_corpus"
FIELDS = ["kicker", "subheadline", "kind", "reporters", "correspondents", "photographers",
          "editors", "dateline", "paragraphs", "interns", "staff"]
TAGS = ["union_bodies", "beneficiary_groups"]
PEOPLE = ["reporters", "correspondents", "photographers", "editors", "interns"]


@dataclass
class Score:
    pages: int = 0
    expected: int = 0
    found: int = 0
    unexpected: int = 0
    fields: dict = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})
    tags: dict = field(default_factory=lambda: {t: [0, 0] for t in TAGS})
    misattributed: int = 0
    forbidden: int = 0
    problems: list = field(default_factory=list)

    @property
    def fields_right(self):
        return sum(ok for ok, _all in self.fields.values()) + self.found

    @property
    def fields_all(self):
        return sum(total for _ok, total in self.fields.values()) + self.expected

    @property
    def perfect(self):
        return not self.problems


def _names(story):
    return {name for key in PEOPLE for name in story.get(key) or []}


def score_page(expected: dict, actual: dict, score: Score, label: str) -> None:
    score.pages += 1
    problems = score.problems
    if expected.get("banner") != actual.get("banner"):
        problems.append(f"{label}: banner: expected {expected.get('banner')!r}, "
                        f"got {actual.get('banner')!r}")
    wanted = {s["headline"]: s for s in expected["stories"]}
    got = {s["headline"]: s for s in actual["stories"]}
    for headline in got.keys() - wanted.keys():
        score.unexpected += 1
        problems.append(f"{label}: unexpected story {headline!r}")
    owner = {}
    for story in expected["stories"]:
        for name in _names(story):
            owner.setdefault(name, story["headline"])
    forbidden = set(expected.get("must_not_tag", []))
    for want in expected["stories"]:
        score.expected += 1
        mine = got.get(want["headline"])
        for key in FIELDS:
            score.fields[key][1] += 1
        for key in TAGS:
            score.tags[key][1] += len(want[key])
        if mine is None:
            problems.append(f"{label}: missing story {want['headline']!r}")
            continue
        score.found += 1
        for key in FIELDS:
            if mine.get(key) == want.get(key):
                score.fields[key][0] += 1
            else:
                problems.append(f"{label}: {want['headline']}: {key}: expected "
                                f"{want.get(key)!r}, got {mine.get(key)!r}")
        for name in _names(mine) - _names(want):
            if owner.get(name) not in (None, want["headline"]):
                score.misattributed += 1
                problems.append(f"{label}: {want['headline']}: {name!r} belongs to "
                                f"{owner[name]!r}")
        for key in TAGS:
            have = set(mine.get(key) or [])
            for entry in want[key]:
                spellings = entry if isinstance(entry, list) else [entry]
                if have & set(spellings):
                    score.tags[key][0] += 1
                else:
                    problems.append(f"{label}: {want['headline']}: {key}: missing "
                                    f"{spellings[0]!r} (got {sorted(have)})")
            for bad in sorted(have & forbidden):
                score.forbidden += 1
                problems.append(f"{label}: {want['headline']}: {key}: must not tag {bad!r}")


def score_corpus(folder: Path = CORPUS) -> Score:
    import django

    django.setup()
    from articles.importer.parser import parse_bytes
    from articles.importer.tagging import page_json
    from articles.importer.vocabulary import initial_vocabulary

    vocabulary = initial_vocabulary()
    score = Score()
    for expected_path in sorted(folder.rglob("*.json")):
        page_path = expected_path.with_suffix(".txt")
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        page = parse_bytes(page_path.read_bytes(), page_path.name)
        actual = json.loads(json.dumps(page_json(page, vocabulary), ensure_ascii=False))
        score_page(expected, actual, score, str(page_path.relative_to(folder)))
    return score


def _percent(ok, total):
    return f"{ok}/{total} ({100 * ok / total:.1f}%)" if total else "0/0"


def report(score: Score) -> str:
    lines = [
        f"pages: {score.pages}",
        f"stories found: {_percent(score.found, score.expected)}; unexpected: {score.unexpected}",
        f"fields right: {_percent(score.fields_right, score.fields_all)}",
    ]
    lines += [f"  {key}: {_percent(*score.fields[key])}" for key in FIELDS]
    lines += [f"names attached to another story: {score.misattributed}"]
    lines += [f"tag recall, {key}: {_percent(*score.tags[key])}" for key in TAGS]
    lines += [f"forbidden tags: {score.forbidden}"]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--verbose", action="store_true", help="print every difference")
    args = parser.parse_args()
    score = score_corpus(args.folder)
    if args.verbose:
        print("\n".join(score.problems))
    print(report(score))
    return 0 if score.perfect else 1


if __name__ == "__main__":
    sys.exit(main())
