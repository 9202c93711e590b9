"""校对: automatic proofreading. Pure checks (text in, findings out) and their word lists."""

from articles.proofreading.checker import (
    RULES,
    RULES_BY_CODE,
    Story,
    WordLists,
    apply_fix,
    check_text,
    proofread,
    shipped_lists,
)
from articles.proofreading.findings import CATEGORY_LABELS, Finding, Rule
from articles.proofreading.words import Term, TermList

__all__ = [
    "CATEGORY_LABELS", "RULES", "RULES_BY_CODE", "Finding", "Rule", "Story", "Term", "TermList",
    "WordLists", "apply_fix", "check_text", "proofread", "shipped_lists",
]
