"""The importer on the development corpus: invented pages in the layouts union papers print.

Every story found, every checked field right, no name on another story's byline, every
expected tag. ``benchmarks/import_accuracy.py`` prints the same figures.
"""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_corpus import build
from import_corpus.render import render
from import_corpus.stories import STORIES

from articles.importer.parser import parse_page
from benchmarks.import_accuracy import CORPUS, report, score_corpus

PEOPLE = ["reporters", "correspondents", "photographers", "editors", "interns", "staff"]


def test_the_corpus_scores_100_percent():
    score = score_corpus()
    assert score.problems == [], report(score)
    assert score.found == score.expected >= 160
    assert score.misattributed == 0 and score.forbidden == 0


def test_the_corpus_covers_every_encoding_and_gap(tmp_path):
    pages = sorted(CORPUS.rglob("*.txt"))
    assert len(pages) >= 40
    raw = {page.name: page.read_bytes() for page in pages}
    assert any(data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data for data in raw.values())
    assert any(name.endswith("gb18030.txt") for name in raw)
    assert {gap for _names, gap, _enc, _opts in build.PAGES} >= {0, 1, 5}


def test_the_committed_pages_are_what_build_writes(tmp_path):
    build.main(tmp_path)
    for page in (CORPUS / "pages").iterdir():
        assert (tmp_path / page.name).read_bytes() == page.read_bytes(), page.name


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    names=st.lists(st.sampled_from(sorted(STORIES)), min_size=1, max_size=5, unique=True),
    gaps=st.lists(st.integers(min_value=0, max_value=6), min_size=5, max_size=5),
    seed=st.integers(min_value=0, max_value=10_000),
    para_gap=st.integers(min_value=0, max_value=2),
    sep=st.sampled_from([" ", "、"]),
    colon=st.sampled_from(["：", ":", " "]),
)
def test_any_concatenation_of_corpus_stories_gives_back_exactly_those_stories(
        names, gaps, seed, para_gap, sep, colon):
    rng = random.Random(seed)
    lines, expected = [], []
    for index, name in enumerate(names):
        story_lines, story_expected = render(STORIES[name], rng=rng, para_gap=para_gap,
                                             sep=sep, colon=colon)
        if index:
            lines += [""] * gaps[index]
        lines += story_lines
        expected.append(story_expected)
    page = parse_page("\n".join(lines))
    got = [story.as_dict() for story in page.stories]
    assert [s["headline"] for s in got] == [s["headline"] for s in expected]
    for mine, want in zip(got, expected, strict=True):
        for key in PEOPLE:
            assert mine[key] == want[key], (want["headline"], key)
        assert mine["paragraphs"] == want["paragraphs"], want["headline"]
        assert mine["kind"] == want["kind"], want["headline"]
