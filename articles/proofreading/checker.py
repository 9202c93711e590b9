"""The checker: a story's text and the word lists in, its findings out. No database here."""

from dataclasses import dataclass, field

from articles.proofreading import names, numbers, punctuation, shipped, words
from articles.proofreading.findings import Finding
from articles.proofreading.words import Term, TermList

RULES = [*punctuation.RULES, *numbers.RULES, *words.RULES, *names.RULES]
RULES_BY_CODE = {rule.code: rule for rule in RULES}


@dataclass(frozen=True)
class Story:
    """The parts of a story that are checked, as plain text."""

    body: str = ""
    headline: str = ""
    kicker: str = ""
    subheadline: str = ""
    bylines: tuple = ()  # the names on the story's bylines
    summary: str = ""  # readers see it on every list and in feeds

    def fields(self):
        return [
            ("kicker", self.kicker), ("headline", self.headline),
            ("subheadline", self.subheadline), ("body", self.body), ("summary", self.summary),
        ]


@dataclass
class WordLists:
    wrong_forms: TermList = field(default_factory=lambda: TermList([]))
    standard_forms: TermList = field(default_factory=lambda: TermList([]))
    sensitive: TermList = field(default_factory=lambda: TermList([]))

    @classmethod
    def from_terms(cls, wrong_forms=(), standard_forms=(), sensitive=()):
        return cls(TermList(wrong_forms), TermList(standard_forms), TermList(sensitive))


def shipped_lists() -> WordLists:
    """The lists as the product ships them (what a fresh database holds after migrating)."""
    return WordLists.from_terms(
        [Term(w, r) for w, r in shipped.WRONG_FORMS],
        [Term(f, s, first_mention=first) for f, s, first in shipped.STANDARD_FORMS],
        [Term(t) for t in shipped.SENSITIVE_TERMS],
    )


def check_text(text: str, lists: WordLists, field_name: str = "body", bylines=(),
               first_mentions: bool = True) -> list[Finding]:
    found = []
    for check in (*punctuation.CHECKS, *numbers.CHECKS):
        found.extend(check(field_name, text))
    found.extend(words.repeated(field_name, text))
    found.extend(words.wrong_forms(field_name, text, lists.wrong_forms))
    found.extend(words.standard_forms(field_name, text, lists.standard_forms, first_mentions))
    found.extend(words.sensitive_terms(field_name, text, lists.sensitive))
    found.extend(names.two_spellings(field_name, text))
    found.extend(names.byline_mismatch(field_name, text, bylines))
    return found


def proofread(story: Story, lists: WordLists) -> list[Finding]:
    """Every finding in the story, in reading order.

    Headlines use short names freely, so the first-mention rule reads the body alone; a name
    spelled two ways is looked for across headline and body together.
    """
    found = []
    for field_name, text in story.fields():
        if text:
            found.extend(check_text(text, lists, field_name, story.bylines,
                                    first_mentions=field_name == "body"))
    order = {name: i for i, (name, _text) in enumerate(story.fields())}
    return sorted(_dedupe(found), key=lambda f: (order[f.field], f.start, f.rule.code))


def _dedupe(found):
    seen = set()
    for item in found:
        marker = (item.field, item.start, item.end, item.rule.code)
        if marker not in seen:
            seen.add(marker)
            yield item


def apply_fix(text: str, item: Finding) -> str:
    """The text with one certain finding fixed; unchanged if the text moved under it."""
    if not item.certain or text[item.start:item.end] != item.text:
        return text
    return text[:item.start] + item.suggestion + text[item.end:]
