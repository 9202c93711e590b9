"""Punctuation checks to GB/T 15834-2011 《标点符号用法》."""

import re

from django.utils.translation import gettext_lazy as _

from articles.proofreading.findings import (
    CJK,
    GB_PUNCTUATION,
    PUNCTUATION,
    Rule,
    finding,
    is_cjk,
)

HALF_WIDTH = Rule("punct.half_width", PUNCTUATION, _("half-width punctuation in Chinese text"),
                  f"{GB_PUNCTUATION} 3.1")
UNPAIRED = Rule("punct.unpaired", PUNCTUATION, _("unpaired quotation mark or bracket"),
                f"{GB_PUNCTUATION} 4.7–4.9, 4.15")
DOUBLED = Rule("punct.doubled", PUNCTUATION, _("doubled punctuation mark"),
               f"{GB_PUNCTUATION} 4.1–4.6")
ELLIPSIS = Rule("punct.ellipsis", PUNCTUATION, _("ellipsis not written ……"),
                f"{GB_PUNCTUATION} 4.11")
DASH = Rule("punct.dash", PUNCTUATION, _("dash not written ——"), f"{GB_PUNCTUATION} 4.9")
ESTIMATE_COMMA = Rule(
    "punct.estimate_comma", PUNCTUATION,
    _("no 顿号 between adjacent numerals that give an estimate"), f"{GB_PUNCTUATION} 4.5.3.5",
)
RULES = [HALF_WIDTH, UNPAIRED, DOUBLED, ELLIPSIS, DASH, ESTIMATE_COMMA]

FULL_WIDTH = {
    ",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。",
}
# A half-width mark counts as Chinese punctuation when a Chinese character touches it;
# "10:30", "3.5", "1,000", "v2.0" and English phrases are left alone.
HALF_WIDTH_MARK = re.compile(r"[,;:?!]")
HALF_PERIOD = re.compile(rf"(?<=[{CJK}])\.(?=$|[{CJK}”’」』）)\s])", re.M)
HALF_PARENS = re.compile(r"\(([^()\n]{0,60})\)")


def half_width(field_name, text):
    for match in HALF_WIDTH_MARK.finditer(text):
        i = match.start()
        before, after = text[i - 1:i], text[i + 1:i + 2]
        if before.isdigit() and after.isdigit():
            continue
        if is_cjk(before) or is_cjk(after) or (is_cjk(text[i - 2:i - 1]) and after in ("", " ")):
            yield finding(HALF_WIDTH, field_name, text, i, i + 1, FULL_WIDTH[match.group()], True)
    for match in HALF_PERIOD.finditer(text):
        i = match.start()
        if text[i + 1:i + 2] == "." or text[i - 1:i] == ".":
            continue  # an ellipsis, reported on its own
        yield finding(HALF_WIDTH, field_name, text, i, i + 1, "。", True)
    for match in HALF_PARENS.finditer(text):
        inner = match.group(1)
        outside = text[match.start() - 1:match.start()] + text[match.end():match.end() + 1]
        if any(is_cjk(c) for c in inner) or (inner and any(is_cjk(c) for c in outside)):
            yield finding(HALF_WIDTH, field_name, text, match.start(), match.end(),
                          f"（{inner}）", True)


PAIRS = {"“": "”", "‘": "’", "《": "》", "（": "）", "【": "】", "〈": "〉"}
CLOSERS = {close: open_ for open_, close in PAIRS.items()}


def unpaired(field_name, text):
    """A stack over the whole text: marks may span lines, and a quotation running over several
    paragraphs opens each of them with “ and closes only at its end (GB/T 15834 4.7.3.5)."""
    stack = []  # (mark, position)
    line_start = 0
    for i, char in enumerate(text):
        if char == "\n":
            line_start = i + 1
            continue
        if char in PAIRS:
            if char == "“" and i == _first_visible(text, line_start) and stack and \
                    stack[-1][0] == "“" and stack[-1][1] < line_start:
                stack.pop()  # the previous paragraph's quotation goes on here
            stack.append((char, i))
        elif char in CLOSERS:
            opener = CLOSERS[char]
            if stack and stack[-1][0] == opener:
                stack.pop()
            elif any(mark == opener for mark, _ in stack):
                while stack[-1][0] != opener:
                    mark, position = stack.pop()
                    yield finding(UNPAIRED, field_name, text, position, position + 1,
                                  message=_unpaired_message(mark))
                stack.pop()
            else:
                yield finding(UNPAIRED, field_name, text, i, i + 1,
                              message=_unpaired_message(char))
    for mark, position in stack:
        yield finding(UNPAIRED, field_name, text, position, position + 1,
                      message=_unpaired_message(mark))


def _first_visible(text, start):
    while start < len(text) and text[start] in " \t\u3000":
        start += 1
    return start


def _unpaired_message(mark):
    if mark in PAIRS:
        return _("“%(mark)s” is never closed by “%(close)s”.") % {
            "mark": mark, "close": PAIRS[mark]}
    return _("“%(mark)s” closes nothing: its “%(open)s” is missing.") % {
        "mark": mark, "open": CLOSERS[mark]}


DOUBLED_MARKS = re.compile(r"([，、；：。])[，、；：。]+")


def doubled(field_name, text):
    for match in DOUBLED_MARKS.finditer(text):
        run = match.group()
        if set(run) == {"。"} and len(run) >= 3:
            continue  # 。。。 is a mistaken ellipsis, reported on its own
        same = len(set(run)) == 1
        yield finding(DOUBLED, field_name, text, match.start(), match.end(),
                      run[0] if same else "", certain=same)


ELLIPSIS_WRONG = re.compile(r"\.{3,}|。{3,}|…+|·{3,}")


def ellipsis(field_name, text):
    for match in ELLIPSIS_WRONG.finditer(text):
        # …… is the ellipsis, and ………… (twelve dots) stands for whole paragraphs left out.
        if match.group() in ("……", "…………"):
            continue
        yield finding(ELLIPSIS, field_name, text, match.start(), match.end(), "……", True)


# A single — is left alone: it is also the 一字线 connector of GB/T 15834 4.13 (2023—2025年,
# 北京—天津), which no rule tells apart from a dash cut short.
DASH_WRONG = re.compile(r"-{2,}|－+")


def dash(field_name, text):
    for match in DASH_WRONG.finditer(text):
        before, after = text[match.start() - 1:match.start()], text[match.end():match.end() + 1]
        if match.group()[0] == "－" and (before.isdigit() or after.isdigit()) \
                and not (is_cjk(before) and is_cjk(after)):
            continue  # a full-width minus or range between numbers
        if match.group()[0] == "-" and not (is_cjk(before) or is_cjk(after)):
            continue  # "--" in code, addresses and English text
        yield finding(DASH, field_name, text, match.start(), match.end(), "——", True)


NUMERALS = "一二三四五六七八九"
VALUE = {c: i for i, c in enumerate(NUMERALS)} | {"两": 1}
# Measure words after which two numerals can only be an estimate. Not 层, 批, 期, 月 or 年级:
# 二、三层 and 三、四年级 name two floors and two grades, which keep their 顿号.
MEASURES = "个人名位天日年岁次遍倍成米里斤吨家条件种只台辆本项场户座间张份支篇部十百千万亿"
ESTIMATE = re.compile(
    rf"(?<![第周星期礼拜初])([两{NUMERALS}])、([{NUMERALS}])"
    rf"(?=[{MEASURES}]|小时|分钟|公里)(?!年级)"
)


def estimate_comma(field_name, text):
    for match in ESTIMATE.finditer(text):
        a, b = (VALUE[c] for c in match.groups())
        if b != a + 1 or text[match.start() - 1:match.start()] == "、":
            continue  # not adjacent, or a list: 二、三、四
        if text[match.end():match.end() + 2] == "产业":
            continue  # 二、三产业: an abbreviation, where the standard keeps the 顿号
        yield finding(ESTIMATE_COMMA, field_name, text, match.start(), match.end(),
                      match.group(1) + match.group(2), True)


CHECKS = [half_width, unpaired, doubled, ellipsis, dash, estimate_comma]
