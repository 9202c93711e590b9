"""The proofreading checker's quality and speed, on a corpus of our own.

    .venv/bin/python benchmarks/proofreading.py [--seed-page PATH] [--repeat N]

Quality: benchmarks/proofreading_corpus/correct.txt holds sentences written to the standards
(each expects no finding); errors.txt holds items with one known error each (rule, text
found). Per rule, a true positive is the expected finding; a false positive is any other
finding of that rule (on a correct item, or a second finding on an error item); a false
negative is an expected finding not reported. Precision and recall are printed per rule.

Speed: a 5,000-character story built from the corpus, and the seed page(s) as imported
(each story proofread with its bylines), timed with the lists the product ships; the best
of N runs. No database: the checks are pure.
"""

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402
from django.conf import settings  # noqa: E402

if not settings.configured:
    settings.configure(USE_I18N=False)
    django.setup()

from articles.importer.parser import parse_bytes  # noqa: E402
from articles.proofreading import (  # noqa: E402
    RULES,
    Story,
    Term,
    WordLists,
    proofread,
    shipped_lists,
)

CORPUS = Path(__file__).resolve().parent / "proofreading_corpus"


def items(name):
    for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line


def as_story(text, bylines=()):
    return Story(body="\n".join(p.strip() for p in text.split(" / ")), bylines=tuple(bylines))


def measure(lists):
    tp, fp, fn = Counter(), Counter(), Counter()
    misses, false_alarms = [], []
    correct = list(items("correct.txt"))
    errors = [line.split("|") for line in items("errors.txt")]
    for text in correct:
        for f in proofread(as_story(text), lists):
            fp[f.rule.code] += 1
            false_alarms.append((f.rule.code, f.text, text))
    for code, expected, text, *rest in errors:
        bylines = rest[0].split(",") if rest else ()
        hit = False
        for f in proofread(as_story(text, bylines), lists):
            if f.rule.code == code and f.text == expected and not hit:
                tp[code] += 1
                hit = True
            else:
                fp[f.rule.code] += 1
                false_alarms.append((f.rule.code, f.text, text))
        if not hit:
            fn[code] += 1
            misses.append((code, expected, text))
    return len(correct), len(errors), tp, fp, fn, misses, false_alarms


def ratio(a, b):
    return a / b if b else 1.0


def best_ms(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def seed_stories(paths):
    stories = []
    for path in paths:
        page = parse_bytes(Path(path).read_bytes(), source=Path(path).name)
        for s in page.stories:
            stories.append(Story(
                body="\n".join(s.paragraphs), headline=s.headline, kicker=s.kicker or "",
                subheadline=s.subheadline or "",
                bylines=(*s.reporters, *s.correspondents, *s.photographers),
            ))
    return stories


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed-page", action="append",
                        default=None, help="a page dump (default: ../shared/seeds/*.txt)")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    lists = shipped_lists()

    n_correct, n_errors, tp, fp, fn, misses, false_alarms = measure(lists)
    print(f"Corpus: {n_correct} correct items, {n_errors} items with one known error each")
    print(f"{'rule':32} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7}")
    for rule in RULES:
        c = rule.code
        print(f"{c:32} {tp[c]:4} {fp[c]:4} {fn[c]:4} {ratio(tp[c], tp[c] + fp[c]):9.3f}"
              f" {ratio(tp[c], tp[c] + fn[c]):7.3f}")
    total_tp, total_fp, total_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    precision = ratio(total_tp, total_tp + total_fp)
    recall = ratio(total_tp, total_tp + total_fn)
    print(f"{'all rules':32} {total_tp:4} {total_fp:4} {total_fn:4} {precision:9.3f} {recall:7.3f}")
    for code, expected, text in misses:
        print(f"  missed {code}: {expected!r} in {text}")
    for code, found, text in false_alarms:
        print(f"  false alarm {code}: {found!r} in {text}")

    sentences = [line.replace(" / ", "\n") for line in items("correct.txt")]
    body, i = "", 0
    while len(body) < 5000:
        body += sentences[i % len(sentences)] + ("\n" if i % 4 == 3 else "")
        i += 1
    long_story = Story(body=body[:5000], headline="五千字的稿件", bylines=("王建国",))
    best, median = best_ms(lambda: proofread(long_story, lists), args.repeat)
    print(f"\n5,000-character story: best {best:.2f} ms, median {median:.2f} ms"
          f" (of {args.repeat} runs)")
    # The chief's additions: the lists are one compiled pattern each, so length costs little.
    rng = random.Random(14)
    extra = [Term("".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(4)), "某某某某")
             for _ in range(2000)]
    grown = WordLists.from_terms([*lists.wrong_forms.terms, *extra],
                                 lists.standard_forms.terms, lists.sensitive.terms)
    best, median = best_ms(lambda: proofread(long_story, grown), args.repeat)
    print(f"5,000-character story, 2,000 more wrong forms: best {best:.2f} ms,"
          f" median {median:.2f} ms")

    seeds = ROOT.parent / "shared" / "seeds"
    paths = args.seed_page or sorted(str(p) for p in seeds.glob("*.txt"))
    if paths:
        stories = seed_stories(paths)
        chars = sum(len(s.body) + len(s.headline) for s in stories)
        best, median = best_ms(lambda: [proofread(s, lists) for s in stories], args.repeat)
        print(f"Seed page(s): {len(stories)} stories, {chars} characters: best {best:.2f} ms,"
              f" median {median:.2f} ms")
        # A reference measured in the same run: parsing the same page(s).
        data = [Path(p).read_bytes() for p in paths]
        ref_best, ref_median = best_ms(lambda: [parse_bytes(d) for d in data], args.repeat)
        print(f"Reference, parsing the same page(s): best {ref_best:.2f} ms,"
              f" median {ref_median:.2f} ms")


if __name__ == "__main__":
    main()
