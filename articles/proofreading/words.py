"""Word checks: repeated characters, wrong forms, 规范表述 and sensitive terms.

The lists come in as plain data (``Term``), so the checks stay pure: the shipped lists and
the chief's additions in the admin are loaded elsewhere.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from articles.proofreading.findings import CJK, SENSITIVE, WORDS, Rule, finding, is_cjk

REPEATED = Rule("words.repeated", WORDS, _("character or word written twice"),
                "《图书编校质量差错认定细则》 3.1")
WRONG_FORM = Rule("words.wrong_form", WORDS, _("wrong form of a word"),
                  "《第一批异形词整理表》、《现代汉语词典》")
STANDARD_FORM = Rule("words.standard_form", WORDS, _("not the standard expression"),
                     "规范表述（本报用语表）")
FIRST_MENTION = Rule("words.first_mention", WORDS, _("full name needed at first mention"),
                     "规范表述（首次出现用全称）")
SENSITIVE_TERM = Rule("sensitive.term", SENSITIVE, _("sensitive term"),
                      "本报敏感词表（总编室）")
RULES = [REPEATED, WRONG_FORM, STANDARD_FORM, FIRST_MENTION, SENSITIVE_TERM]


@dataclass(frozen=True)
class Term:
    """One entry of a word list: ``found`` is what the text has, ``suggestion`` what it should."""

    found: str
    suggestion: str = ""
    note: str = ""
    first_mention: bool = False


# Function words that are never doubled in running text, each with the neighbours that make a
# double legitimate: 为了了解, 受不了了, 目的的, 的的哥, 参与与否, 实实在在, 要是是 ….
DOUBLES = {
    "的": ("目有端", "确哥姐士"),  # 有着十五年驾龄的的哥: 的 and 的哥
    "了": ("不得", "解结却然如断"),
    "是": ("要若倘如凡", "非"),
    "在": ("现实存所正自内外好", ""),
    "和": ("温平缓总柔祥调随暖附", "美"),
    "与": ("参给授赋", "否"),
    "也": ("", ""),
    "又": ("", ""),
    "这": ("", ""),
    "而": ("", ""),
    "或": ("", ""),
    "但": ("", ""),
    "于": ("", ""),
    "被": ("", "子"),
}
DOUBLE_RE = re.compile("|".join(c + c for c in DOUBLES))
# A phrase of three or more characters written twice running: 进一步进一步.
REPEATED_PHRASE = re.compile(rf"([{CJK}]{{3,8}})\1")
IDIOMS = ("不甚了了", "小时了了", "一了百了")


def repeated(field_name, text):
    for match in DOUBLE_RE.finditer(text):
        i, char = match.start(), match.group()[0]
        before, after = DOUBLES[char]
        prev, nxt = text[i - 1:i], text[i + 2:i + 3]
        if (prev and prev in before) or (nxt and nxt in after):
            continue
        if char in (prev, nxt):
            continue  # 是是是, 好好好: a reply said three times over, as people speak
        # ABB and AABB reduplication: 实实在在, 的的确确, 和和美美.
        if (i >= 2 and text[i - 2] == text[i - 1]) or text[i + 2:i + 3] == text[i + 3:i + 4] != "":
            continue
        if any(idiom in text[max(0, i - 3):i + 5] for idiom in IDIOMS):
            continue
        yield finding(REPEATED, field_name, text, i, i + 2, char, True)
    for match in REPEATED_PHRASE.finditer(text):
        phrase = match.group(1)
        if len(set(phrase)) == 1:
            continue
        yield finding(REPEATED, field_name, text, match.start(), match.end(), phrase, True)


def _alternation(terms):
    ordered = sorted({t.found for t in terms if t.found}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, ordered))) if ordered else None


class TermList:
    """A list compiled once into one pattern, so a long list costs one pass over the text."""

    def __init__(self, terms):
        self.terms = list(terms)
        self.by_found = {t.found: t for t in self.terms}
        self.pattern = _alternation(self.terms)

    def finditer(self, text):
        if self.pattern is None:
            return iter(())
        return self.pattern.finditer(text)


def wrong_forms(field_name, text, terms: TermList):
    for match in terms.finditer(text):
        term = terms.by_found[match.group()]
        yield finding(WRONG_FORM, field_name, text, match.start(), match.end(),
                      term.suggestion, certain=True, message=term.note or WRONG_FORM.title)


# Where a short name may stand on its own: after a break or a preposition, not inside a longer
# name (上海市总工会 is not 市总工会 at its first mention).
STANDALONE_BEFORE = set("赴在到向由与和及是从对为据经同跟给让请")


def standard_forms(field_name, text, terms: TermList, first_mentions=True):
    for match in terms.finditer(text):
        term = terms.by_found[match.group()]
        if term.first_mention:
            continue
        yield finding(STANDARD_FORM, field_name, text, match.start(), match.end(),
                      term.suggestion, certain=bool(term.suggestion),
                      message=term.note or STANDARD_FORM.title)
    if not first_mentions:
        return
    for term in terms.terms:
        if not term.first_mention or not term.suggestion:
            continue
        # Only a story that spells the full name later is flagged: there the fix is certain.
        # A story that never does is left to the desk (the paper's own union is 市总工会
        # to its readers), so real pages are not covered in flags for a house habit.
        first_full = text.find(term.suggestion)
        start = 0
        while (i := text.find(term.found, start)) != -1 and i < first_full:
            start = i + 1
            prev = text[i - 1:i]
            if is_cjk(prev) and prev not in STANDALONE_BEFORE:
                continue
            yield finding(FIRST_MENTION, field_name, text, i, i + len(term.found),
                          term.suggestion, certain=True,
                          message=term.note or FIRST_MENTION.title)
            break


def sensitive_terms(field_name, text, terms: TermList):
    for match in terms.finditer(text):
        term = terms.by_found[match.group()]
        yield finding(SENSITIVE_TERM, field_name, text, match.start(), match.end(),
                      term.suggestion, certain=False, message=term.note or SENSITIVE_TERM.title)
