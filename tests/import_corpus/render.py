"""Sets an invented story (see stories.py) on a page, the way union papers print it.

``render(story)`` gives the story's lines as a PDF dump has them and its expected result
in the shape of ../shared/acceptance/seed_expected.json (plus ``interns`` and ``staff``).
The expected result is written from the story's data, never from the importer's output.
"""

from __future__ import annotations

import random
from functools import cache

EDITING_LABELS = ("编辑", "责任编辑", "责编", "本版编辑", "值班编辑")
SENTENCE_END = "。！？；…”"


@cache
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def traditional(text):
    return _s2t().convert(text) if isinstance(text, str) else text


def _names(names, sep):
    return sep.join(names)


def byline(story, *, sep=" ", colon="", glue=False):
    """记者 甲 乙 通讯员 丙 (or 记者:甲、乙 with a colon, or 记者甲 with glue)."""
    parts = []
    space = "" if glue else " "
    for label, names in ((story.get("label", "记者"), story.get("r", [])),
                         ("通讯员", story.get("c", [])), ("实习生", story.get("i", []))):
        if names:
            parts.append(f"{label}{colon or space}{_names(names, sep)}")
    return " ".join(parts)


def credit(story):
    """本报记者 甲 本报通讯员 乙 摄: the photographers, each under their own label."""
    parts = []
    for name in story["ph"]:
        label = ("本报通讯员" if name in story.get("c", []) else
                 "实习生" if name in story.get("i", []) else "本报记者")
        if parts and parts[-1][0] == label:
            parts[-1][1].append(name)
        else:
            parts.append((label, [name]))
    return " ".join(f"{label} {' '.join(names)}" for label, names in parts) + " 摄"


def _cut(paragraph, rng, blank_lines):
    """A PDF dump cuts a paragraph anywhere (never right after a sentence ends)."""
    if len(paragraph) < 60 or rng.random() < 0.4:
        return [paragraph]
    for _ in range(10):
        at = rng.randrange(25, len(paragraph) - 20)
        if paragraph[at - 1] not in SENTENCE_END + "）":
            return [paragraph[:at], *([""] * blank_lines), paragraph[at:]]
    return [paragraph]


def render(story, *, rng=None, sep=" ", colon="：", para_gap=1, cuts=True):
    """(lines, expected) for one story."""
    rng = rng or random.Random(0)
    lead = story.get("lead")
    end = story.get("end")
    if lead is None and end is None and not story.get("photo"):
        lead = "paren"
    paragraphs = list(story["p"])
    head = [x for x in (story.get("k"), story["h"], story.get("s")) if x]
    body = list(paragraphs)
    lines = list(head)
    photographers = list(story.get("ph", []))

    if story.get("photo"):
        if story.get("own_line"):
            body = [*body, story["credit"]]
        else:
            body[-1] = body[-1] + story["credit"]
        photographers = list(story["ph"])
    elif lead == "paren":
        body[0] = f"本报讯（{byline(story, sep=sep)}）{body[0]}"
    elif lead == "plain":
        body[0] = f"本报讯 {byline(story, sep='、', glue=True)}报道 {body[0]}"
    elif lead == "plain_photo":
        body[0] = f"本报讯 {byline(story, sep='、', glue=True)}摄影报道 {body[0]}"
    elif lead == "dian":
        body[0] = f"本报{story['place']}{story['dian_date']}电（{byline(story, sep=sep)}）{body[0]}"
    elif lead == "bare":
        body[0] = f"本报讯 {body[0]}"
    elif lead == "under":
        lines.append(byline(story, sep=sep))

    if end == "colon":
        body.append(byline(story, sep="、", colon=colon))
    elif end == "paren_line":
        body.append(f"（{byline(story, sep=sep)}）")
    elif end == "paren_inline":
        body[-1] = f"{body[-1]}（{byline(story, sep=sep)}）"

    if story.get("ph") and not story.get("photo") and lead != "plain_photo":
        body.append(credit(story))
    staff = story.get("st", [])
    if staff:
        if story.get("staff") == "oneline":
            body.append(" ".join(f"{label}{colon}{name}" for label, name in staff))
        else:
            body.extend(f"{label}{colon}{name}" for label, name in staff)

    for index, text in enumerate(body):
        pieces = _cut(text, rng, rng.choice([0, 1, 1, 2, 3])) if cuts else [text]
        if index:
            lines.extend([""] * para_gap)
        lines.extend(pieces)

    expected = {
        "headline": story["h"],
        "kicker": story.get("k"),
        "subheadline": story.get("s"),
        "kind": "photo" if story.get("photo") else "story",
        "reporters": list(story.get("r", [])),
        "correspondents": list(story.get("c", [])),
        "photographers": photographers,
        "editors": [name for label, name in staff if label in EDITING_LABELS],
        "dateline": story.get("d"),
        "paragraphs": paragraphs,
        "union_bodies": story.get("u", []),
        "beneficiary_groups": story.get("g", []),
        "interns": list(story.get("i", [])),
        "staff": [[label, name] for label, name in staff],
    }
    if story.get("trad"):
        lines = [traditional(line) for line in lines]
        for key in ("headline", "kicker", "subheadline", "dateline"):
            expected[key] = traditional(expected[key])
        for key in ("reporters", "correspondents", "photographers", "editors", "paragraphs",
                    "interns"):
            expected[key] = [traditional(x) for x in expected[key]]
        expected["staff"] = [[traditional(a), traditional(b)] for a, b in expected["staff"]]
    return lines, expected
