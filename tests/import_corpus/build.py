"""Writes the development corpus: pages/NNN_*.txt and their expected pages/NNN_*.json.

    .venv/bin/python tests/import_corpus/build.py

Each page is a list of stories from stories.py, set with the page's own habits: gaps
between stories (none to five blank lines), paragraph gaps, cut paragraphs, a banner,
the colon and name separator of its bylines, and its encoding.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from import_corpus.render import render  # noqa: E402
from import_corpus.stories import STORIES  # noqa: E402

BANNERS = ["凝心聚力谱新篇 奋发有为建新功", "坚持以职工为中心 竭诚服务职工群众",
           "弘扬劳模精神 劳动精神 工匠精神"]

# (stories, gap between stories, encoding, options)
PAGES = [
    (["warm-taxi", "photo-skating", "courier-station"], 1, "utf-8", {"banner": 0}),
    (["nolead-colon", "nolead-paren", "plain-lead"], 0, "utf-8", {}),
    (["skills-contest", "retiree-club", "photo-dumplings", "caregivers"], 5, "gb18030", {}),
    (["nolead-staffline", "truckers", "photo-two"], 2, "utf-8-sig-crlf", {}),
    (["hk-trad", "macau-trad", "tw-trad"], 1, "utf-8", {}),
    (["long-head", "colon-head", "space-head"], 1, "utf-8", {"banner": 1}),
    (["domestic-workers", "nolead-inline", "photo-report"], 0, "gb18030", {}),
    (["sanitation", "under-head", "model-workers"], 2, "utf-8", {}),
    (["range-dash", "range-tilde", "year-date"], 1, "utf-8-sig-crlf", {}),
    (["photo-plain", "women-workers", "photo-newline", "migrant-wages"], 1, "utf-8", {}),
    (["dian-lead", "dian-lead2", "bare-lead"], 5, "utf-8", {}),
    (["nolead-colon2", "nolead-staff2", "nolead-intern"], 1, "utf-8", {"colon": ":"}),
    (["industry-union", "county-union", "education-union"], 1, "gb18030", {}),
    (["district-short", "under-head2", "photo-intern"], 0, "utf-8", {}),
    (["unresolved-short", "whole-city", "national"], 2, "utf-8", {}),
    (["riders-form", "property-form", "nursing"], 1, "utf-8-sig-crlf", {}),
    (["trad-credit", "nolead-trad", "photo-trad", "trad-lead"], 1, "utf-8", {}),
    (["trad-plain", "trad-staff", "hk-trad"], 0, "gb18030", {}),
    (["multi-label", "trainee", "special-reporter"], 1, "utf-8", {"sep": "、"}),
    (["editor-staff", "quote-sub", "credit-after"], 2, "utf-8", {}),
    (["credit-after2", "short-one", "long-head2"], 1, "utf-8", {"banner": 2}),
    (["plain-lead2", "plain-photo-lead", "under-head-intern"], 0, "utf-8", {}),
    (["colon-head2", "youth-workers", "bus-drivers", "grassroots-union"], 1, "utf-8", {}),
    (["county-short", "photo-skating", "nolead-colon"], 5, "utf-8-sig-crlf", {}),
    # Several kinds on one page, photo items between stories.
    (["photo-two", "nolead-staffline", "photo-report", "plain-lead"], 1, "utf-8", {}),
    (["nolead-paren", "photo-dumplings", "nolead-inline", "photo-newline"], 0, "utf-8", {}),
    (["under-head", "nolead-colon2", "photo-trad", "dian-lead"], 2, "gb18030", {}),
    (["credit-after", "photo-plain", "credit-after2"], 0, "utf-8", {}),
    (["long-head", "nolead-intern", "trainee", "photo-intern"], 1, "utf-8", {"colon": ":"}),
    (["tw-trad", "nolead-trad", "trad-staff"], 2, "utf-8-sig-crlf", {}),
    (["special-reporter", "editor-staff", "photo-skating"], 5, "utf-8", {}),
    (["space-head", "colon-head2", "nolead-staff2"], 0, "utf-8", {"sep": "、"}),
    (["range-dash", "bare-lead", "plain-photo-lead"], 1, "gb18030", {}),
    (["national", "riders-form", "photo-report"], 1, "utf-8", {}),
    (["truckers", "under-head-intern", "nolead-colon"], 0, "utf-8", {"para_gap": 0}),
    (["caregivers", "quote-sub", "photo-newline", "under-head2"], 2, "utf-8", {"para_gap": 2}),
    (["domestic-workers", "sanitation", "nolead-paren"], 5, "utf-8-sig-crlf", {}),
    (["multi-label", "photo-two", "long-head2", "trad-lead"], 1, "utf-8", {}),
    (["dian-lead2", "nolead-inline", "skills-contest"], 0, "gb18030", {}),
    (["courier-station", "nolead-staffline", "year-date", "photo-plain"], 1, "utf-8", {}),
    (["migrant-wages", "plain-lead2", "range-tilde"], 2, "utf-8", {"colon": ":"}),
    (["women-workers", "photo-intern", "short-one", "nolead-colon2"], 1, "utf-8", {}),
    (["macau-trad", "trad-credit", "trad-plain"], 1, "utf-8", {}),
    (["youth-workers", "nolead-staff2", "photo-dumplings", "model-workers"], 0, "utf-8", {}),
]


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-8-sig-crlf":
        return "\ufeff".encode() + text.replace("\n", "\r\n").encode("utf-8")
    return text.encode(encoding)


def build_page(number: int, names, gap: int, encoding: str, options: dict):
    rng = random.Random(number)
    lines: list[str] = []
    expected = {
        "_about": "Expected result of one page of the importer's development corpus "
                  "(invented stories). Same shape as ../shared/acceptance/seed_expected.json, "
                  "plus interns and staff (each staff line's label and name).",
        "source": f"{number:03d}.txt",
        "banner": None,
        "must_not_tag": ["工会", "全市工会", "各级工会", "企业工会", "基层工会", "联合工会"],
        "stories": [],
    }
    if "banner" in options:
        expected["banner"] = BANNERS[options["banner"]]
        lines += [BANNERS[options["banner"]], ""]
    for index, name in enumerate(names):
        story = STORIES[name]
        story_lines, story_expected = render(
            story, rng=rng, sep=options.get("sep", " "), colon=options.get("colon", "："),
            para_gap=options.get("para_gap", 1),
        )
        if index:
            lines += [""] * gap
        lines += story_lines
        expected["stories"].append(story_expected)
        for word in story.get("must_not", []):
            if word not in expected["must_not_tag"]:
                expected["must_not_tag"].append(word)
    return "\n".join(lines) + "\n", expected


def main(out: Path = HERE / "pages"):
    out.mkdir(exist_ok=True)
    for old in out.glob("*"):
        old.unlink()
    for number, (names, gap, encoding, options) in enumerate(PAGES, start=1):
        text, expected = build_page(number, names, gap, encoding, options)
        stem = f"{number:03d}_{encoding}"
        expected["source"] = f"{stem}.txt"
        (out / f"{stem}.txt").write_bytes(encode(text, encoding))
        (out / f"{stem}.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    return len(PAGES)


if __name__ == "__main__":
    print(f"{main()} pages written to {HERE / 'pages'}")
