"""What a check reports: a finding, its category and the rule it cites."""

import hashlib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

PUNCTUATION = "punctuation"
NUMBERS = "numbers"
WORDS = "words"
NAMES = "names"
SENSITIVE = "sensitive"

CATEGORY_LABELS = {
    PUNCTUATION: _("punctuation"),
    NUMBERS: _("numbers"),
    WORDS: _("wording"),
    NAMES: _("names"),
    SENSITIVE: _("sensitive term"),
}

GB_PUNCTUATION = "GB/T 15834-2011"
GB_NUMBERS = "GB/T 15835-2011"

CJK = "\u3400-\u4dbf\u4e00-\u9fff"
CJK_CHAR = re.compile(f"[{CJK}]")


def is_cjk(char: str) -> bool:
    return bool(char) and CJK_CHAR.match(char) is not None


@dataclass(frozen=True)
class Rule:
    code: str
    category: str
    title: str
    cites: str


@dataclass(frozen=True)
class Finding:
    """One problem: where it is (``field``, ``start``..``end``), what and why.

    ``certain`` means the suggestion can be applied with one click: nothing but the found
    text changes and no judgement is needed.
    """

    rule: Rule
    field: str
    start: int
    end: int
    text: str
    suggestion: str = ""
    certain: bool = False
    message: str = ""
    context: str = field(default="", compare=False)

    @property
    def category(self) -> str:
        return self.rule.category

    @property
    def cites(self) -> str:
        return self.rule.cites

    @property
    def key(self) -> str:
        """Stable across edits elsewhere in the story: the rule, the text and its surroundings.

        An ignored finding stays ignored while its sentence is unchanged.
        """
        raw = f"{self.rule.code}|{self.field}|{self.text}|{self.context}"
        return hashlib.blake2s(raw.encode(), digest_size=8).hexdigest()


SENTENCE_END = re.compile(r"[。！？!?\n]")


def context_of(text: str, start: int, end: int, width: int = 8) -> str:
    """Up to ``width`` characters each side, within the sentence."""
    before = text[max(0, start - width):start]
    ends = list(SENTENCE_END.finditer(before))
    if ends:
        before = before[ends[-1].end():]
    after = text[end:end + width]
    stop = SENTENCE_END.search(after)
    if stop:
        after = after[:stop.end()]
    return before + "\u2063" + after


def finding(rule, field_name, text, start, end, suggestion="", certain=False, message=""):
    return Finding(
        rule=rule, field=field_name, start=start, end=end, text=text[start:end],
        suggestion=suggestion, certain=certain, message=str(message or rule.title),
        context=context_of(text, start, end),
    )
